import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services.ts'

/** Funding streams, budgets, allocations and the financial protocol. */
export function fundingPages(_app: FastifyInstance, _services: Services): Promise<void> {
  return Promise.resolve()
}

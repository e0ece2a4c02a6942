import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services.ts'

/** Spend returns, variance, commissioning and value for money. */
export function spendPages(_app: FastifyInstance, _services: Services): Promise<void> {
  return Promise.resolve()
}

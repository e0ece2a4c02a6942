import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services.ts'

/** The allocations in the 360Giving Data Standard, to download. */
export function givingPages(_app: FastifyInstance, _services: Services): Promise<void> {
  return Promise.resolve()
}

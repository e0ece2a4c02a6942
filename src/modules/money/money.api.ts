import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services.ts'

/** Money over the API. */
export function moneyApi(_app: FastifyInstance, _services: Services): Promise<void> {
  return Promise.resolve()
}

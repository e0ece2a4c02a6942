import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services.ts'
import { moneyAllocationApi } from './money.allocations.api.ts'
import { moneySpendApi } from './money.spend.api.ts'
import { moneyStreamApi } from './money.streams.api.ts'

/**
 * Money over the API (/api/v1/partnerships/:slug/…): funding streams and budgets, allocations
 * and their release, the financial protocol and signatures, the 360Giving export; spend returns,
 * variance, thresholds, commissioning decisions and value for money. Amounts go in as pounds
 * (`"1234.56"`) and come out twice: `…Pence` (whole pence) and pounds as text (`"1234.56"`).
 */
export async function moneyApi(app: FastifyInstance, services: Services): Promise<void> {
  await moneyStreamApi(app, services)
  await moneyAllocationApi(app, services)
  await moneySpendApi(app, services)
}

import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services.ts'
import { fundingPages } from './money.funding.pages.ts'
import { givingPages } from './money.giving.pages.ts'
import { spendPages } from './money.spend.pages.ts'

/**
 * Money's pages under /p/:slug/money: funding streams, budgets, allocations and the financial
 * protocol; spend returns, variance, commissioning and value for money; the 360Giving download.
 */
export async function moneyPages(app: FastifyInstance, services: Services): Promise<void> {
  await fundingPages(app, services)
  await spendPages(app, services)
  await givingPages(app, services)
}

import type { Db } from '../../db/client.ts'
import type { Clock } from '../../lib/clock.ts'
import type { DashboardService } from '../dashboard/dashboard.service.ts'
import type { DeliveryService } from '../delivery/delivery.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'

/** What the money module needs of the rest of the system. */
export interface MoneyDeps {
  clock: Clock
  /** Recipients and accountable bodies are organisations of the partnership. */
  organisations: Pick<OrganisationsService, 'find'>
  /** An allocation may pay for an outcome: a node of the current strategy, by key. */
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  /** An allocation may pay for an action of a delivery plan. */
  delivery: Pick<DeliveryService, 'actionSubject'>
  /** The reward grant earned (the assessment's reward total), shown beside a reward stream. */
  dashboard: Pick<DashboardService, 'summary'>
}

/**
 * Money (#15): funding streams and budgets, allocations and onward allocations, the financial
 * protocol and release of funds; quarterly spend, variance, commissioning and value for money.
 * One service composed of parts, each in its own file.
 */
export function createMoneyService(db: Db, deps: MoneyDeps) {
  const parts = {
    // ---- Streams and budgets; allocations; the protocol and release of funds (M1) ----
    // ---- Spend returns, variance, commissioning, value for money (M2): add parts here ----
  }
  void db
  void deps
  return parts
}

export type MoneyService = ReturnType<typeof createMoneyService>

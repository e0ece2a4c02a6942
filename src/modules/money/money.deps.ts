import type { Clock } from '../../lib/clock.ts'
import type { DashboardService } from '../dashboard/dashboard.service.ts'
import type { DeliveryService } from '../delivery/delivery.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { RoundsService } from '../rounds/rounds.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'

/** What the money module needs of the rest of the system (every part receives it). */
export interface MoneyDeps {
  clock: Clock
  /** Recipients and accountable bodies are organisations of the partnership. */
  organisations: Pick<OrganisationsService, 'find'>
  /** An allocation may pay for an outcome: a node of the current strategy, by key. */
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  /** An allocation may pay for an action of a delivery plan. */
  delivery: Pick<DeliveryService, 'actionSubject'>
  /** The reward grant earned (the assessment's reward total), shown beside a reward stream. */
  dashboard: Pick<DashboardService, 'summary' | 'lines'>
  /** A spend return is collected in the partnership's round for its quarter, when there is one. */
  rounds: Pick<RoundsService, 'window' | 'get'>
}

import type { Actor } from '../../auth/actor.ts'
import type { AssessmentsService } from '../../assessments/assessments.service.ts'
import type { CommentaryService } from '../../commentary/commentary.service.ts'
import type { DashboardService } from '../../dashboard/dashboard.service.ts'
import type { DeliveryService } from '../../delivery/delivery.service.ts'
import type { DirectoryService } from '../../directory/directory.service.ts'
import type { EscalationsService } from '../../escalations/escalations.service.ts'
import type { ImprovementService } from '../../improvement/improvement.service.ts'
import type { IndicatorsService } from '../../indicators/indicators.service.ts'
import type { MoneyService } from '../../money/money.service.ts'
import type { OrganisationsService } from '../../organisations/organisations.service.ts'
import type { PeopleService } from '../../people/people.service.ts'
import type { PlacesService } from '../../places/places.service.ts'
import type { RisksService } from '../../risks/risks.service.ts'
import type { RoundsService } from '../../rounds/rounds.service.ts'
import type { StrategyService } from '../../strategy/strategy.service.ts'
import type { TargetsService } from '../../targets/targets.service.ts'
import type { ValuesService } from '../../values/values.service.ts'
import type { ReportKind, ReportSpec, Section } from '../reports.model.ts'

/** The modules a report reads, through their services (wired in `createServices`). */
export interface ReportSources {
  assessments: AssessmentsService
  commentary: CommentaryService
  dashboard: DashboardService
  delivery: DeliveryService
  directory: DirectoryService
  escalations: EscalationsService
  improvement: ImprovementService
  indicators: IndicatorsService
  money: MoneyService
  organisations: OrganisationsService
  people: PeopleService
  places: PlacesService
  risks: RisksService
  rounds: RoundsService
  strategy: StrategyService
  targets: TargetsService
  values: ValuesService
}

/** What a kind builds from. Everything it reads must be read as at `at`, where the source can. */
export interface KindContext {
  spec: ReportSpec
  /** `spec.asAt` as a Date: pass it as `at` to every read that takes one. */
  at: Date
  partnershipId: string
  partnership: { name: string; slug: string }
  /** The theme it is cut to (a strategy node), or null. */
  theme: { key: string; id: string; ref: string; title: string } | null
  /** Reads as this actor (the system, on behalf of whoever asked: they were authorised then). */
  actor: Actor
  sources: ReportSources
  /** Say how far the build has got (0–1) and what it is doing; shown on the report's page. */
  progress(fraction: number, note: string): Promise<void>
}

export interface KindDefinition {
  kind: ReportKind
  /** "Steering group report" — the title is this, a colon and the period. */
  name: string
  /** "Steering group, each quarter" */
  audience: string
  /** One sentence for the form: what the report holds. */
  summary: string
  /** Whether it can be cut to one theme (exception, steering and board, and any other that can). */
  themeCut: boolean
  build(ctx: KindContext): Promise<Section[]>
}

import { agreementSheet } from '../agreements/agreements.sheet.ts'
import type { AgreementsService } from '../agreements/agreements.service.ts'
import type { AssessmentsService } from '../assessments/assessments.service.ts'
import { assessmentsSheet } from '../assessments/assessments.sheet.ts'
import { directoryGapsSheet, directorySheet } from '../directory/directory.sheet.ts'
import { improvementPlansSheet } from '../improvement/improvement.sheet.ts'
import { indicatorsSheet } from '../indicators/indicators.sheet.ts'
import type { IndicatorsService } from '../indicators/indicators.service.ts'
import { organisationsSheet } from '../organisations/organisations.sheet.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import { peopleSheet } from '../people/people.sheet.ts'
import { placesSheet } from '../places/places.sheet.ts'
import type { PlacesService } from '../places/places.service.ts'
import type { RoundsService } from '../rounds/rounds.service.ts'
import { strategySheet } from '../strategy/strategy.sheet.ts'
import type { StrategyVersionsService } from '../strategy/strategy-versions.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { coverageSheet } from '../targets/coverage.sheet.ts'
import { targetsSheet } from '../targets/targets.sheet.ts'
import { trajectoriesSheet } from '../targets/trajectories.sheet.ts'
import type { UsersService } from '../users/users.service.ts'
import { valuesSheet } from '../values/values.sheet.ts'
import { commentarySheet } from '../commentary/commentary.sheet.ts'
import { actionsSheet } from '../delivery/delivery.sheet.ts'
import type { DeliveryService } from '../delivery/delivery.service.ts'
import { requestsSheet } from '../requests/requests.sheet.ts'
import { risksSheet } from '../risks/risks.sheet.ts'
import type { RisksService } from '../risks/risks.service.ts'
import { allocationsSheet } from '../money/money.allocations.sheet.ts'
import { budgetsSheet, fundingSheet } from '../money/money.funding.sheet.ts'
import type { MoneyService } from '../money/money.service.ts'
import { spendSheet, varianceSheet } from '../money/money.spend.sheet.ts'
import type { WorkbookSheet } from './sheet.ts'
import type { Clock } from '../../lib/clock.ts'

/** The services whose tx-first methods the sheets call inside the import's transaction. */
export interface SheetDeps {
  clock: Clock
  agreements: AgreementsService
  assessments: AssessmentsService
  indicators: IndicatorsService
  organisations: OrganisationsService
  partnerships: PartnershipsService
  places: PlacesService
  rounds: RoundsService
  strategy: StrategyService
  strategyVersions: StrategyVersionsService
  users: UsersService
  risks: RisksService
  delivery: DeliveryService
  money: MoneyService
}

/**
 * The workbook's sheets, in the order of the contract (workbook.md), which is the order an import
 * applies them: a sheet may refer to those above it (People name Organisations; Targets name
 * Indicators and Places). The sheets only exported come last. Later issues add a line here.
 * Making the list calls no service: the sheets use them only as they import and export.
 */
export function workbookSheets(deps: SheetDeps): readonly WorkbookSheet[] {
  return [
    agreementSheet(deps.agreements),
    placesSheet(deps),
    organisationsSheet(),
    peopleSheet(deps),
    strategySheet(deps),
    directorySheet(deps),
    indicatorsSheet(deps),
    targetsSheet(deps),
    trajectoriesSheet(deps),
    valuesSheet(deps),
    commentarySheet(deps),
    actionsSheet(deps),
    risksSheet(deps),
    requestsSheet(deps),
    fundingSheet(deps),
    allocationsSheet(deps),
    budgetsSheet(deps),
    spendSheet(deps),
    directoryGapsSheet(deps),
    coverageSheet(deps),
    assessmentsSheet(deps),
    improvementPlansSheet(),
    varianceSheet(deps),
  ]
}

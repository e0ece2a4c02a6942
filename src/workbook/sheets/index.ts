import type { AgreementsService } from '../../modules/agreements/agreements.service.ts'
import type { IndicatorsService } from '../../modules/indicators/indicators.service.ts'
import type { OrganisationsService } from '../../modules/organisations/organisations.service.ts'
import type { PlacesService } from '../../modules/places/places.service.ts'
import type { TargetsService } from '../../modules/targets/targets.service.ts'
import type { UsersService } from '../../modules/users/users.service.ts'
import type { SheetSpec, WorkbookSheet } from '../sheets.ts'
import { agreementSheet, agreementSpec } from './agreement.sheet.ts'
import { assessmentsSheet, assessmentsSpec } from './assessments.sheet.ts'
import { coverageSheet, coverageSpec } from './coverage.sheet.ts'
import { directoryGapsSheet, directoryGapsSpec, directorySheet, directorySpec } from './directory.sheet.ts'
import { indicatorsSheet, indicatorsSpec } from './indicators.sheet.ts'
import { organisationsSheet, organisationsSpec } from './organisations.sheet.ts'
import { peopleSheet, peopleSpec } from './people.sheet.ts'
import { placesSheet, placesSpec } from './places.sheet.ts'
import { strategySheet, strategySpec } from './strategy.sheet.ts'
import { targetsSheet, targetsSpec } from './targets.sheet.ts'
import { trajectoriesSheet, trajectoriesSpec } from './trajectories.sheet.ts'
import { valuesSheet, valuesSpec } from './values.sheet.ts'

/**
 * The workbook's sheets, in the order an import applies them: a sheet may refer to those above
 * it (People name Organisations; Targets name Indicators and Places). Later issues add a line
 * to both lists.
 */
export const sheetSpecs: readonly SheetSpec[] = [
  placesSpec,
  organisationsSpec,
  peopleSpec,
  strategySpec,
  directorySpec,
  agreementSpec,
  indicatorsSpec,
  targetsSpec,
  trajectoriesSpec,
  valuesSpec,
  coverageSpec,
  directoryGapsSpec,
  assessmentsSpec,
]

export interface SheetDeps {
  places: PlacesService
  organisations: OrganisationsService
  indicators: IndicatorsService
  agreements: AgreementsService
  targets: TargetsService
  users: UsersService
}

export function workbookSheets(deps: SheetDeps): readonly WorkbookSheet[] {
  return [
    placesSheet(deps.places),
    organisationsSheet(deps.organisations),
    peopleSheet(deps.users),
    strategySheet(),
    directorySheet(),
    agreementSheet(deps.agreements),
    indicatorsSheet(deps.indicators),
    targetsSheet(deps.agreements, deps.targets),
    trajectoriesSheet(deps.agreements, deps.targets),
    valuesSheet(),
    coverageSheet(),
    directoryGapsSheet(),
    assessmentsSheet(),
  ]
}

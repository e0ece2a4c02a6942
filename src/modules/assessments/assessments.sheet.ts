import { listStored } from './assessments.queries.ts'
import { assessmentPolicy } from './assessments.policy.ts'
import { presentAssessment } from './assessments.presenter.ts'
import { resolveAsAt } from './assessments.service.ts'
import type { Clock } from '../../lib/clock.ts'
import { numberCell, textCell } from '../../workbook/cells.ts'
import { asyncRows, column, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet } from '../workbook/sheet.ts'

const columns = {
  indicator_code: column(textCell(), 'The indicator’s code'),
  place_gss: column(textCell(), 'The place’s GSS code'),
  period: column(textCell(), 'The period, like 2008/09 Q2'),
  value: column(numberCell(), 'The value: entered, or derived from the places within'),
  target_value: column(numberCell(), 'The target for the period'),
  status: column(textCell(), 'green, amber, red, no-target, no-data or n/a'),
  direction: column(textCell(), 'Against the previous period: improving, worsening, unchanged or n/a'),
  forecast_value: column(numberCell(), 'Year-end forecast from the trend'),
  forecast_status: column(textCell(), 'The forecast rated against that year’s target'),
  reward_share: column(numberCell(), 'Reward targets: share of the stretch achieved'),
  reward_payable: column(numberCell(), 'Reward targets: grant payable'),
}

export const assessmentsSpec: SheetSpec<typeof columns> = {
  name: 'Assessments',
  description:
    'Derived: the stored assessment of every target, place and period (rules in /help/assessment-rules). Exported only.',
  columns,
  exportOnly: true,
}

export const assessmentExportFilters = {
  'as-at': 'A date (end of that day, UK time) or ISO date-time: the assessments as known then',
} as const

export const assessmentsSheet = (deps: { clock: Clock }) =>
  defineSheet({
    ...assessmentsSpec,
    exportPolicy: assessmentPolicy.read,
    filters: assessmentExportFilters,
    async rows(db, partnershipId, filters) {
      // Checked before the stream starts, so a bad date is a 422 and not half a file.
      const at = await resolveAsAt(db, partnershipId, filters?.['as-at'], deps.clock())
      const list = await listStored(db, partnershipId, { at })
      return asyncRows(
        (function* () {
          for (const a of list) {
            const d = presentAssessment(a)
            yield {
              indicator_code: d.indicator_code,
              place_gss: d.place_gss,
              period: d.period,
              value: d.value,
              target_value: d.target_value,
              status: d.status,
              direction: d.direction,
              forecast_value: d.forecast_value,
              forecast_status: d.forecast_status,
              reward_share: d.reward_share,
              reward_payable: d.reward_payable,
            }
          }
        })(),
      )
    },
  })

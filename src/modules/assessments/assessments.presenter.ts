import { exportFigure } from '../../lib/numbers.ts'
import type { StoredAssessment } from './assessments.service.ts'
import type { AssessmentDoc } from './assessments.schema.ts'

/**
 * A stored assessment as the API and the Assessments sheet give it: an entered value exactly,
 * derived figures (a value from places or a year to date, targets, forecasts, shares) to six
 * decimal places without binary noise, money to the penny.
 */
export function presentAssessment(a: StoredAssessment): AssessmentDoc {
  const r = a.row
  return {
    indicator_code: a.code,
    place_gss: a.placeGss,
    period: r.period,
    value: r.valueSource === 'entered' ? r.value : exportFigure(r.value),
    target_value: exportFigure(r.targetValue),
    status: r.status as AssessmentDoc['status'],
    direction: r.direction,
    forecast_value: exportFigure(r.forecastValue),
    forecast_status: r.forecastStatus,
    reward_share: exportFigure(r.rewardShare),
    reward_payable: r.rewardPayable === null ? null : Math.round(r.rewardPayable * 100) / 100,
    direction_baseline: r.directionBaseline,
    needs_plan: r.needsPlan,
    provisional: r.provisional,
    value_source: r.valueSource,
    target_id: r.targetId,
    valid_from: r.validFrom.toISOString(),
  }
}

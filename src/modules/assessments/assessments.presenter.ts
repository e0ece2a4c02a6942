import type { StoredAssessment } from './assessments.queries.ts'
import type { AssessmentDoc } from './assessments.schema.ts'

/** A stored assessment as the API and the Assessments sheet give it. */
export function presentAssessment(a: StoredAssessment): AssessmentDoc {
  const r = a.row
  return {
    indicator_code: a.code,
    place_gss: a.placeGss,
    period: r.period,
    value: r.value,
    target_value: r.targetValue,
    status: r.status as AssessmentDoc['status'],
    direction: r.direction,
    forecast_value: r.forecastValue,
    forecast_status: r.forecastStatus,
    reward_share: r.rewardShare,
    reward_payable: r.rewardPayable,
    direction_baseline: r.directionBaseline,
    needs_plan: r.needsPlan,
    provisional: r.provisional,
    value_source: r.valueSource,
    target_id: r.targetId,
    valid_from: r.validFrom.toISOString(),
  }
}

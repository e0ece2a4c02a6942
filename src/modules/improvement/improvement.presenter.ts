import { iso } from '../partnerships/partnerships.presenter.ts'
import type { PlanStatus } from './improvement.schema.ts'
import type { PlanAction, PlanWithNames } from './improvement.service.ts'

type Listed = PlanWithNames & { reviewOverdue: boolean }

/** A plan as the API documents it (`planDoc`). */
export function presentPlan(p: Listed, extra: { targetFlagged: boolean; actions: PlanAction[] | null }) {
  return {
    id: p.plan.id,
    targetId: p.plan.targetId,
    indicatorCode: p.indicatorCode,
    indicatorTitle: p.indicatorTitle,
    placeGss: p.placeGss,
    placeName: p.placeName,
    status: p.plan.status as PlanStatus,
    openedAt: p.plan.openedAt.toISOString(),
    openedReason: p.plan.openedReason,
    ownerPersonId: p.plan.ownerPersonId,
    ownerName: p.ownerName,
    summary: p.plan.summary,
    reviewOn: p.plan.reviewOn,
    reviewOverdue: p.reviewOverdue,
    signedOffAt: iso(p.plan.signedOffAt),
    signedOffBy: p.plan.signedOffBy,
    closedAt: iso(p.plan.closedAt),
    targetFlagged: extra.targetFlagged,
    actions:
      extra.actions?.map((a) => ({
        id: a.id,
        ref: a.ref,
        title: a.title,
        status: a.effectiveStatus ?? a.status,
        dueOn: a.dueOn,
      })) ?? null,
  }
}

/** The plan's state in words (and the tag colour beside them). */
export function planState(p: { status: string; signedOffAt: Date | null }, reviewOverdue: boolean) {
  if (p.status === 'closed') return { text: 'Closed', tag: 'govuk-tag--grey' }
  if (p.signedOffAt)
    return { text: 'Open: signed off, closes when the target recovers', tag: 'govuk-tag--blue' }
  if (reviewOverdue) return { text: 'Open: review overdue', tag: 'govuk-tag--red' }
  return { text: 'Open', tag: 'govuk-tag--yellow' }
}

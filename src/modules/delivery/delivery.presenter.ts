import { iso } from '../partnerships/partnerships.presenter.ts'
import type { ActionStatus, PlanStatus, RoundOutcome } from './delivery.schema.ts'
import type { ActionWithNames, IssueRow, PlanWithNames, RoundRow } from './delivery.service.ts'

type PresentedAction = ActionWithNames & { late: boolean; effectiveStatus: ActionStatus; dependsOn: string[] }

export function presentAction(a: PresentedAction) {
  return {
    id: a.id,
    planId: a.planId,
    ref: a.ref,
    title: a.title,
    ownerPersonId: a.ownerPersonId,
    ownerName: a.ownerName,
    organisationId: a.organisationId,
    organisationName: a.organisationName,
    startOn: a.startOn,
    dueOn: a.dueOn,
    status: a.status as ActionStatus,
    effectiveStatus: a.effectiveStatus,
    late: a.late,
    percentComplete: a.percentComplete,
    milestone: a.milestone,
    notes: a.notes,
    dependsOn: a.dependsOn,
    improvementPlanId: a.improvementPlanId,
    updatedAt: a.updatedAt.toISOString(),
  }
}

export function presentPlan(p: PlanWithNames & { subject: string }) {
  return {
    id: p.id,
    targetId: p.targetId,
    outcomeKey: p.outcomeKey,
    subject: p.subject,
    title: p.title,
    purpose: p.purpose,
    leadPersonId: p.leadPersonId,
    leadName: p.leadName,
    partners: p.partners,
    fundingNote: p.fundingNote,
    status: p.status as PlanStatus,
    acceptedAt: iso(p.acceptedAt),
    acceptedBy: p.acceptedBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  }
}

export function presentIssue(i: IssueRow) {
  return {
    id: i.id,
    body: i.body,
    raisedBy: i.raisedBy,
    raisedAt: i.raisedAt.toISOString(),
    response: i.response,
    respondedBy: i.respondedBy,
    respondedAt: iso(i.respondedAt),
  }
}

export function presentRound(r: RoundRow & { issues: IssueRow[] }) {
  return {
    id: r.id,
    number: r.number,
    submittedAt: r.submittedAt.toISOString(),
    submittedBy: r.submittedBy,
    note: r.note,
    outcome: r.outcome as RoundOutcome,
    closedAt: iso(r.closedAt),
    closedBy: r.closedBy,
    issues: r.issues.map(presentIssue),
  }
}

import { iso } from '../partnerships/partnerships.presenter.ts'
import type { EscalationView } from './escalations.service.ts'
import type { EscalationStatus, SubjectType } from './escalations.schema.ts'

export function presentEscalation(e: EscalationView) {
  return {
    id: e.id,
    subjectType: e.subjectType as SubjectType,
    subjectId: e.subjectId,
    subjectLabel: e.subject?.label ?? null,
    title: e.title,
    question: e.question,
    status: e.status as EscalationStatus,
    raisedBy: e.raisedBy,
    raisedAt: e.raisedAt.toISOString(),
    decision: e.decision,
    decidedBy: e.decidedBy,
    decidedAt: iso(e.decidedAt),
    decidedOn: e.decidedOn,
    withdrawnAt: e.status === 'withdrawn' ? e.updatedAt.toISOString() : null,
  }
}

/** The escalation log's columns, as its CSV export has them. */
export const logHeaders = [
  'raised_on',
  'title',
  'subject_type',
  'subject',
  'question',
  'raised_by',
  'status',
  'decision',
  'decided_by',
  'decided_at',
  'meeting_date',
] as const

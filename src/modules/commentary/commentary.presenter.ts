import type { CommentaryRow, ProgressRow, RequestWithNames, TargetInfo } from './commentary.service.ts'
import type { RequestStatus } from './commentary.service.ts'

export function presentCommentary(r: CommentaryRow & { indicatorCode: string; placeGss: string | null }) {
  return {
    id: r.id,
    targetId: r.targetId,
    indicatorCode: r.indicatorCode,
    placeGss: r.placeGss,
    period: r.period,
    commentary: r.commentary,
    actions: r.actions,
    supportNeeded: r.supportNeeded,
    author: r.authorLabel,
    recordedAt: r.recordedAt.toISOString(),
    supersededAt: r.supersededAt?.toISOString() ?? null,
  }
}

export function presentProgress(r: ProgressRow, refs: ReadonlyMap<string, string>) {
  return {
    id: r.id,
    outcomeKey: r.outcomeKey,
    outcomeRef: refs.get(r.outcomeKey) ?? null,
    period: r.period,
    progress: r.progress,
    gaps: r.gaps,
    author: r.authorLabel,
    recordedAt: r.recordedAt.toISOString(),
    supersededAt: r.supersededAt?.toISOString() ?? null,
  }
}

export function presentRequest(r: RequestWithNames & { target: TargetInfo | null; status: RequestStatus }) {
  return {
    id: r.request.id,
    roundId: r.request.roundId,
    period: r.period,
    targetId: r.request.targetId,
    indicatorCode: r.target?.code ?? null,
    personId: r.request.personId,
    personName: r.personName,
    requestedAt: r.request.requestedAt.toISOString(),
    dueOn: r.request.dueOn,
    reminders: r.request.reminders,
    lastRemindedAt: r.request.lastRemindedAt?.toISOString() ?? null,
    fulfilledAt: r.request.fulfilledAt?.toISOString() ?? null,
    status: r.status,
  }
}

/** A request's status as a GOV.UK tag: colour and words. */
export const statusTag = (s: RequestStatus) =>
  s === 'fulfilled'
    ? { text: 'Written', classes: 'govuk-tag--green' }
    : s === 'overdue'
      ? { text: 'Overdue', classes: 'govuk-tag--red' }
      : { text: 'Awaited', classes: 'govuk-tag--yellow' }

import { iso } from '../partnerships/partnerships.presenter.ts'
import type { RequestView } from './requests.service.ts'
import type { RequestStatus } from './requests.schema.ts'

export function presentRequest(r: RequestView) {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    outcomeKey: r.outcomeKey,
    outcomeRef: r.outcomeRef,
    outcomeTitle: r.outcomeTitle,
    department: r.department,
    businessCase: r.businessCase,
    status: r.status as RequestStatus,
    submittedAt: iso(r.submittedAt),
    decision: r.decision,
    decidedOn: r.decidedOn,
    goComments: r.goComments,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

import { iso } from '../partnerships/partnerships.presenter.ts'
import type { CommentWithNames } from './consultation.service.ts'
import type { CommentStatus } from './consultation.schema.ts'

export function presentComment(c: CommentWithNames, versionNumber: number) {
  return {
    id: c.id,
    versionNumber,
    nodeId: c.nodeId,
    nodeRef: c.nodeRef,
    nodeTitle: c.nodeTitle,
    authorName: c.authorName,
    organisationId: c.organisationId,
    organisationName: c.organisationName,
    body: c.body,
    status: c.status as CommentStatus,
    response: c.response,
    respondedBy: c.respondedBy,
    respondedAt: iso(c.respondedAt),
    createdAt: c.createdAt.toISOString(),
  }
}

import type { NodeRow } from '../strategy/strategy-versions.service.ts'
import type { PublicCommentWithNode } from './residents.service.ts'
import type { PublicCommentStatus } from './residents.schema.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** A published comment as the public sees it: no email address, no moderation note. */
export function presentPublicComment(c: PublicCommentWithNode) {
  return {
    id: c.id,
    name: c.authorName || 'A resident',
    body: c.body,
    response: c.response,
    createdAt: c.createdAt,
    respondedAt: c.respondedAt,
  }
}
export type PublicComment = ReturnType<typeof presentPublicComment>

/** The draft's themes, each with its outcomes, and the published comments on each outcome. */
export function presentOutline(nodes: NodeRow[], comments: PublicCommentWithNode[]) {
  const on = (id: string | null) => comments.filter((c) => c.nodeId === id).map(presentPublicComment)
  return {
    whole: on(null),
    themes: nodes
      .filter((n) => n.kind === 'theme')
      .map((t) => ({
        ref: t.ref,
        title: t.title,
        outcomes: nodes
          .filter((o) => o.kind === 'outcome' && o.parentId === t.id)
          .map((o) => ({ id: o.id, ref: o.ref, title: o.title, statement: o.statement, comments: on(o.id) })),
      })),
  }
}

/** A comment as officers see it (API): with the resident's email, for moderation only. */
export function presentModeratedComment(c: PublicCommentWithNode, versionNumber: number) {
  return {
    id: c.id,
    versionNumber,
    nodeId: c.nodeId,
    nodeRef: c.nodeRef,
    nodeTitle: c.nodeTitle,
    authorName: c.authorName,
    email: c.email,
    body: c.body,
    status: c.status as PublicCommentStatus,
    confirmedAt: iso(c.confirmedAt),
    moderatedBy: c.moderatedBy,
    moderatedAt: iso(c.moderatedAt),
    moderationNote: c.moderationNote,
    response: c.response,
    respondedBy: c.respondedBy,
    respondedAt: iso(c.respondedAt),
    createdAt: c.createdAt.toISOString(),
  }
}

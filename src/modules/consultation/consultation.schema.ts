import { z } from 'zod'
import { optionalId, optionalText, requiredText } from '../../lib/fields.ts'

/** A comment starts open; the response settles it. */
export const commentStatuses = ['open', 'accepted', 'rejected', 'noted'] as const
export type CommentStatus = (typeof commentStatuses)[number]
export const commentStatusLabels: Record<CommentStatus, string> = {
  open: 'Awaiting response',
  accepted: 'Accepted',
  rejected: 'Rejected',
  noted: 'Noted',
}
export const responseStatuses = ['accepted', 'rejected', 'noted'] as const

export const commentInput = z.object({
  /** Blank: a comment on the whole draft. */
  nodeId: optionalId('Choose the part of the strategy from the list').default(null),
  body: requiredText('Enter your comment', 8000),
  /** Managers recording a partner's comment: who made it. */
  authorName: optionalText(200),
  organisationId: optionalId('Choose the organisation from the list').default(null),
})
export type CommentInput = z.output<typeof commentInput>

export const responseInput = z.object({
  status: z.enum(responseStatuses, { error: 'Select accepted, rejected or noted' }),
  response: optionalText(8000),
})
export type ResponseInput = z.output<typeof responseInput>

/** `?status=…` on the consultation page: only comments of that status (anything else: all). */
export const consultationPageQuery = z.object({ status: z.enum(commentStatuses).optional().catch(undefined) })

export const commentsQuery = z.object({
  status: z.enum(commentStatuses).optional(),
  nodeId: z.uuid().optional(),
})

export const commentDoc = z.object({
  id: z.uuid(),
  versionNumber: z.number().int(),
  nodeId: z.uuid().nullable(),
  nodeRef: z.string().nullable().describe('Null: a comment on the whole draft'),
  nodeTitle: z.string().nullable(),
  authorName: z.string(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  body: z.string(),
  status: z.enum(commentStatuses),
  response: z.string().nullable(),
  respondedBy: z.string().nullable(),
  respondedAt: z.string().nullable(),
  createdAt: z.string(),
})

import { z } from 'zod'
import { optionalId, optionalText, requiredText } from '../../lib/fields.ts'

/** unconfirmed (email not confirmed) → pending (awaiting moderation) → published or rejected. */
export const publicCommentStatuses = ['unconfirmed', 'pending', 'published', 'rejected'] as const
export type PublicCommentStatus = (typeof publicCommentStatuses)[number]
export const publicCommentStatusLabels: Record<PublicCommentStatus, string> = {
  unconfirmed: 'Email not confirmed',
  pending: 'Waiting for a decision',
  published: 'Published',
  rejected: 'Not published',
}

const EMAIL_MESSAGE = 'Enter an email address in the correct format, like name@example.com'

/** A resident's comment, from the public site's form. */
export const residentCommentForm = z.object({
  /** Blank: the draft as a whole. */
  nodeId: optionalId('Choose an outcome from the list, or the draft as a whole').default(null),
  body: requiredText('Enter your comment', 4000),
  name: optionalText(100),
  email: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
    z
      .string({ error: 'Enter your email address' })
      .min(1, 'Enter your email address')
      .max(254, EMAIL_MESSAGE)
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, EMAIL_MESSAGE),
  ),
})
export type ResidentCommentInput = z.output<typeof residentCommentForm>

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
const optionalDate = (what: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z
      .string({ error: `${what} must be a real date` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a real date`)
      .refine(isRealDate, `${what} must be a real date`)
      .nullable(),
  )

/** The days a draft is open to residents (inclusive); both blank: closed to the public. */
export const publicWindowInput = z.object({
  opensOn: optionalDate('The first day').default(null).describe('YYYY-MM-DD; null with closesOn: not open'),
  closesOn: optionalDate('The last day').default(null).describe('YYYY-MM-DD, inclusive'),
})
export type PublicWindowInput = z.output<typeof publicWindowInput>

export const moderationDecisions = ['publish', 'reject'] as const
export type ModerationDecision = (typeof moderationDecisions)[number]

/** Publish or reject a confirmed comment; the response is published beside it. */
export const moderationInput = z.object({
  decision: z.enum(moderationDecisions, { error: 'Select publish or do not publish' }),
  /** Why not published: kept for the partnership, never shown. */
  note: optionalText(2000),
  response: optionalText(4000),
})
export type ModerationInput = z.output<typeof moderationInput>

export const residentResponseInput = z.object({
  response: optionalText(4000).describe('The partnership’s response; blank removes it'),
})
export type ResidentResponseInput = z.output<typeof residentResponseInput>

export const publicCommentsQuery = z.object({ status: z.enum(publicCommentStatuses).optional() })
export const moderationPageQuery = z.object({
  status: z.enum(publicCommentStatuses).optional().catch(undefined),
})

/** Params of the public pages. */
export const siteParams = z.object({ site: z.string().min(1).max(60) })
export const tokenParams = siteParams.extend({ token: z.string().min(1).max(200) })

/** A comment as officers see it (with the resident's email: never for anyone else). */
export const publicCommentDoc = z.object({
  id: z.uuid(),
  versionNumber: z.number().int(),
  nodeId: z.uuid().nullable(),
  nodeRef: z.string().nullable().describe('Null: a comment on the draft as a whole'),
  nodeTitle: z.string().nullable(),
  authorName: z.string().nullable().describe('As given; null: shown as “A resident”'),
  email: z.string().describe('For confirming the comment only; never shown in public'),
  body: z.string(),
  status: z.enum(publicCommentStatuses),
  confirmedAt: z.string().nullable(),
  moderatedBy: z.string().nullable(),
  moderatedAt: z.string().nullable(),
  moderationNote: z.string().nullable().describe('Kept for the partnership, never shown'),
  response: z.string().nullable(),
  respondedBy: z.string().nullable(),
  respondedAt: z.string().nullable(),
  createdAt: z.string(),
})

export const publicWindowDoc = z.object({
  versionNumber: z.number().int(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  openToday: z.boolean(),
})

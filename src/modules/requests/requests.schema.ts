import { z } from 'zod'
import { optionalText, requiredText } from '../../lib/fields.ts'
import { optionalIsoDate } from '../escalations/escalations.schema.ts'

/**
 * A freedoms and flexibilities request (002 block commentaries, §4): drafted with a business case,
 * submitted to the government office, then agreed or refused; it may be withdrawn until decided.
 */
export const requestStatuses = ['draft', 'submitted', 'agreed', 'refused', 'withdrawn'] as const
export type RequestStatus = (typeof requestStatuses)[number]
export const requestStatusLabels: Record<RequestStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  agreed: 'Agreed',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
}

/** The status a request may move to from each status (the same status is no move). */
export const requestTransitions: Record<RequestStatus, readonly RequestStatus[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['agreed', 'refused', 'withdrawn'],
  agreed: [],
  refused: [],
  withdrawn: [],
}

export const canMove = (from: string, to: string) =>
  from === to || (requestTransitions[from as RequestStatus] ?? []).includes(to as RequestStatus)

/** A ref as people write it: `FF-01`; matched ignoring case and spaces. */
export const refText = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
  z
    .string({ error: 'Enter the request’s reference, like FF-01' })
    .min(1, 'Enter the request’s reference, like FF-01')
    .max(40, 'Must be 40 characters or fewer'),
)

const outcomeKey = z.preprocess(
  (v) => (v === '' ? null : v),
  z.uuid({ error: 'Choose the outcome from the list' }).nullable().optional(),
)

export const requestInput = z.object({
  ref: refText,
  title: requiredText('Enter what is asked for', 300),
  outcomeKey: outcomeKey.default(null),
  department: requiredText('Enter the government department asked, like Home Office', 200),
  businessCase: optionalText(20000),
})
export type RequestInput = z.output<typeof requestInput>

export const requestDecisions = ['agreed', 'refused'] as const
export const requestDecisionInput = z.object({
  status: z.enum(requestDecisions, { error: 'Select agreed or refused' }),
  decision: requiredText('Enter the decision, as the department gave it', 8000),
  decidedOn: optionalIsoDate('Date decided').pipe(z.string({ error: 'Enter the date it was decided' })),
})
export type RequestDecisionInput = z.output<typeof requestDecisionInput>

export const commentsInput = z.object({ goComments: optionalText(20000) })
export type CommentsInput = z.output<typeof commentsInput>

/** `?status=` on the list (anything else: all). */
export const requestsPageQuery = z.object({ status: z.enum(requestStatuses).optional().catch(undefined) })
export const requestsApiQuery = z.object({
  status: z.enum(requestStatuses).optional(),
  outcomeKey: z.uuid().optional(),
})

export const requestDoc = z.object({
  id: z.uuid(),
  ref: z.string(),
  title: z.string(),
  outcomeKey: z.uuid().nullable(),
  outcomeRef: z.string().nullable().describe('The outcome’s ref in the current strategy'),
  outcomeTitle: z.string().nullable(),
  department: z.string(),
  businessCase: z.string().nullable(),
  status: z.enum(requestStatuses),
  submittedAt: z.string().nullable(),
  decision: z.string().nullable(),
  decidedOn: z.string().nullable(),
  goComments: z.string().nullable().describe('The government office’s comments'),
  createdAt: z.string(),
  updatedAt: z.string(),
})

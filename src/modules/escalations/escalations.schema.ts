import { z } from 'zod'
import { optionalText, requiredText } from '../../lib/fields.ts'

/** What can be escalated to the board (003 §10). `other`: a matter with no record of its own. */
export const subjectTypes = [
  'target',
  'plan',
  'action',
  'improvement_plan',
  'risk',
  'request',
  'outcome',
  'other',
] as const
export type SubjectType = (typeof subjectTypes)[number]
export const subjectTypeLabels: Record<SubjectType, string> = {
  target: 'Target',
  plan: 'Delivery plan',
  action: 'Action',
  improvement_plan: 'Improvement plan',
  risk: 'Risk',
  request: 'Freedom or flexibility request',
  outcome: 'Outcome',
  other: 'Other matter',
}

/** An escalation is open until the board decides it, or whoever raised it withdraws it. */
export const escalationStatuses = ['open', 'decided', 'withdrawn'] as const
export type EscalationStatus = (typeof escalationStatuses)[number]
export const escalationStatusLabels: Record<EscalationStatus, string> = {
  open: 'Awaiting decision',
  decided: 'Decided',
  withdrawn: 'Withdrawn',
}

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** An ISO date between 1900 and 2200, or blank for none. */
export const optionalIsoDate = (what: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: `${what} must be a real date, like 2009-06-18` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a real date, like 2009-06-18`)
      .refine(isRealDate, `${what} must be a real date, like 2009-06-18`)
      .refine((s) => s >= '1900-01-01' && s <= '2200-12-31', `${what} must be between 1900 and 2200`)
      .nullable(),
  )

/** A subject's id: blank for none (an `other` matter). */
const subjectId = z.preprocess(
  (v) => (v === '' ? null : v),
  z.uuid({ error: 'Choose what is escalated from the list' }).nullable().optional(),
)

export const escalationInput = z.object({
  subjectType: z.enum(subjectTypes, { error: 'Select what is being escalated' }),
  subjectId: subjectId.default(null),
  title: requiredText('Enter a short title for the escalation', 200),
  question: requiredText('Enter the question for the board', 8000),
})
export type EscalationInput = z.input<typeof escalationInput>
export type EscalationParsed = z.output<typeof escalationInput>

export const decisionInput = z.object({
  decision: requiredText('Enter the board’s decision', 8000),
  /** The board meeting it was taken at, when known. */
  decidedOn: optionalIsoDate('Meeting date').default(null),
})
export type DecisionInput = z.output<typeof decisionInput>

export const withdrawInput = z.object({ reason: optionalText(2000) })

/** `?status=` on the log: open, decided, withdrawn or all (anything else: all). */
export const logQuery = z.object({
  status: z
    .enum([...escalationStatuses, 'all'])
    .optional()
    .catch(undefined),
})

/** `?subjectType=&subjectId=` on the new escalation form: what to escalate (anything odd: ask). */
export const newQuery = z.object({
  subjectType: z.enum(subjectTypes).optional().catch(undefined),
  subjectId: z.uuid().optional().catch(undefined),
})

export const escalationsApiQuery = z.object({
  status: z.enum(escalationStatuses).optional(),
  subjectType: z.enum(subjectTypes).optional(),
  subjectId: z.uuid().optional(),
})

export const escalationDoc = z.object({
  id: z.uuid(),
  subjectType: z.enum(subjectTypes),
  subjectId: z.uuid().nullable(),
  subjectLabel: z.string().nullable().describe('What is escalated, in words (null: not known)'),
  title: z.string(),
  question: z.string(),
  status: z.enum(escalationStatuses),
  raisedBy: z.string(),
  raisedAt: z.string(),
  decision: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedOn: z.string().nullable().describe('The board meeting the decision was taken at (YYYY-MM-DD)'),
  withdrawnAt: z.string().nullable(),
})

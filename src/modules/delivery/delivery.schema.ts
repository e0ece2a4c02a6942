import { z } from 'zod'
import { optionalId, optionalText, requiredText } from '../../lib/fields.ts'

/** A plan is drafted, goes to challenge, may come back for revision (any number of rounds), and is accepted. */
export const planStatuses = ['draft', 'in_challenge', 'revising', 'accepted'] as const
export type PlanStatus = (typeof planStatuses)[number]
export const planStatusLabels: Record<PlanStatus, string> = {
  draft: 'Draft',
  in_challenge: 'In challenge',
  revising: 'Being revised',
  accepted: 'Accepted',
}
/** GOV.UK tag colours: status in colour and words. */
export const planStatusTags: Record<PlanStatus, string> = {
  draft: 'govuk-tag--grey',
  in_challenge: 'govuk-tag--blue',
  revising: 'govuk-tag--yellow',
  accepted: 'govuk-tag--green',
}

export const roundOutcomes = ['open', 'revise', 'accepted'] as const
export type RoundOutcome = (typeof roundOutcomes)[number]
export const roundOutcomeLabels: Record<RoundOutcome, string> = {
  open: 'Under review',
  revise: 'Returned for revision',
  accepted: 'Accepted',
}

/** What an action's owner records. `late` is also derived when the due date passes unfinished. */
export const actionStatuses = ['not-started', 'on-track', 'at-risk', 'late', 'complete', 'cancelled'] as const
export type ActionStatus = (typeof actionStatuses)[number]
export const actionStatusLabels: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  'at-risk': 'At risk',
  late: 'Late',
  complete: 'Complete',
  cancelled: 'Cancelled',
}
export const actionStatusTags: Record<ActionStatus, string> = {
  'not-started': 'govuk-tag--grey',
  'on-track': 'govuk-tag--green',
  'at-risk': 'govuk-tag--yellow',
  late: 'govuk-tag--red',
  complete: 'govuk-tag--blue',
  cancelled: 'govuk-tag--grey',
}

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

const dateText = (what: string) =>
  z
    .string({ error: `Enter the ${what.toLowerCase()}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a real date, like 2008-03-31`)
    .refine(isRealDate, `${what} must be a real date, like 2008-03-31`)
    .refine((s) => s >= '1900-01-01' && s <= '2200-12-31', `${what} must be between 1900 and 2200`)

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)

/** An ISO date, or blank for none. */
export const optionalDate = (what: string) => z.preprocess(blankToNull, dateText(what).nullable())
export const requiredDate = (what: string) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), dateText(what))

/** Ids chosen from a list: a form sends one or many (checkboxes), the API an array. */
const idList = (message: string) =>
  z.preprocess(
    (v: unknown): unknown[] => {
      if (v === undefined || v === null || v === '') return []
      return Array.isArray(v) ? (v as unknown[]).filter((x) => x !== '') : [v]
    },
    z.array(z.uuid({ error: message })).max(200),
  )

const planFields = {
  title: requiredText('Enter the plan’s title', 200),
  purpose: optionalText(4000),
  leadPersonId: optionalId('Choose the lead from the list').default(null),
  partners: optionalText(2000),
  fundingNote: optionalText(2000),
}

/** A new plan is for one target or one outcome (by its stable key), never both. */
export const planCreate = z
  .object({
    targetId: optionalId('Choose the target from the list').default(null),
    outcomeKey: optionalId('Choose the outcome from the list').default(null),
    ...planFields,
  })
  .superRefine((p, ctx) => {
    if (!p.targetId === !p.outcomeKey)
      ctx.addIssue({
        code: 'custom',
        path: ['subject'],
        message: 'Choose either a target or an outcome for the plan (one of the two)',
      })
  })
export type PlanCreate = z.output<typeof planCreate>

/** A form names the subject in one field: `target:<id>` or `outcome:<key>`. */
export const planCreateForm = z
  .object({
    subject: z.preprocess(
      blankToNull,
      z
        .string({ error: 'Choose the target or outcome the plan is for' })
        .regex(/^(target|outcome):[0-9a-f-]{36}$/i, 'Choose the target or outcome the plan is for'),
    ),
    ...planFields,
  })
  .transform(({ subject, ...rest }) => {
    const [kind, id] = subject.split(':') as ['target' | 'outcome', string]
    return {
      ...rest,
      targetId: kind === 'target' ? id : null,
      outcomeKey: kind === 'outcome' ? id : null,
    }
  })

export const planUpdate = z.object(planFields)
export type PlanUpdate = z.output<typeof planUpdate>

const percent = (blank: number | undefined) =>
  z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? blank : typeof v === 'string' ? Number(v.trim()) : v),
    z
      .number({ error: 'Percent complete must be a whole number from 0 to 100' })
      .int('Percent complete must be a whole number from 0 to 100')
      .min(0, 'Percent complete must be a whole number from 0 to 100')
      .max(100, 'Percent complete must be a whole number from 0 to 100'),
  )

const yes = z.preprocess((v) => {
  if (Array.isArray(v)) v = v[v.length - 1]
  if (typeof v === 'boolean') return v
  return typeof v === 'string' && ['yes', 'true', 'on', '1', 'y'].includes(v.toLowerCase())
}, z.boolean())

const datesInOrder = (a: { startOn?: string | null; dueOn?: string }, ctx: z.RefinementCtx) => {
  if (a.startOn && a.dueOn && isRealDate(a.startOn) && isRealDate(a.dueOn) && a.startOn > a.dueOn)
    ctx.addIssue({
      code: 'custom',
      path: ['dueOn'],
      message: 'Due date must be the same as or after the start date',
    })
}

const actionShape = z.object({
  ref: requiredText('Enter the action’s reference, like A-014', 40),
  title: requiredText('Enter what the action is', 300),
  ownerPersonId: optionalId('Choose the owner from the list').default(null),
  organisationId: optionalId('Choose the organisation from the list').default(null),
  startOn: optionalDate('Start date').default(null),
  dueOn: requiredDate('Due date'),
  status: z.enum(actionStatuses, { error: 'Select the action’s status' }).default('not-started'),
  /** Blank: 0. */
  percentComplete: percent(0),
  milestone: yes.default(false),
  notes: optionalText(4000),
  /** Actions this one waits for (ids of live actions of the partnership). */
  dependsOn: idList('Choose the actions it depends on from the list').default([]),
  /** Part of the target's improvement plan. */
  improvementPlanId: optionalId('Choose the improvement plan from the list').default(null),
})
export const actionInput = actionShape.superRefine(datesInOrder)
export type ActionInput = z.output<typeof actionInput>

/** What an action's owner updates: its progress. */
export const progressInput = z.object({
  status: z.enum(actionStatuses, { error: 'Select the action’s status' }),
  percentComplete: percent(undefined),
  notes: optionalText(4000),
})
export type ProgressInput = z.output<typeof progressInput>

export const submitInput = z.object({
  note: optionalText(4000),
})
export type SubmitInput = z.output<typeof submitInput>

export const issueInput = z.object({
  body: requiredText('Enter the issue the lead should address', 4000),
})
export type IssueInput = z.output<typeof issueInput>

export const responseInput = z.object({
  response: requiredText('Enter the response to the issue', 4000),
})
export type ResponseInput = z.output<typeof responseInput>

export const reviewerInput = z.object({
  userId: z.preprocess(blankToNull, z.uuid({ error: 'Choose the reviewer from the list' })),
})

// --- API documents ---

export const actionDoc = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  ref: z.string(),
  title: z.string(),
  ownerPersonId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  startOn: z.string().nullable(),
  dueOn: z.string(),
  status: z.enum(actionStatuses).describe('As recorded'),
  effectiveStatus: z.enum(actionStatuses).describe('`late` when the due date has passed unfinished'),
  late: z.boolean(),
  percentComplete: z.number().int(),
  milestone: z.boolean(),
  notes: z.string().nullable(),
  dependsOn: z.array(z.uuid()),
  improvementPlanId: z.uuid().nullable(),
  updatedAt: z.string(),
})

export const actionVersionDoc = z.object({
  recordedAt: z.string(),
  recordedBy: z.string(),
  title: z.string(),
  status: z.string(),
  percentComplete: z.number().int(),
  startOn: z.string().nullable(),
  dueOn: z.string(),
  ownerPersonId: z.uuid().nullable(),
  notes: z.string().nullable(),
})

export const issueDoc = z.object({
  id: z.uuid(),
  body: z.string(),
  raisedBy: z.string(),
  raisedAt: z.string(),
  response: z.string().nullable(),
  respondedBy: z.string().nullable(),
  respondedAt: z.string().nullable(),
})

export const roundDoc = z.object({
  id: z.uuid(),
  number: z.number().int(),
  submittedAt: z.string(),
  submittedBy: z.string(),
  note: z.string().nullable(),
  outcome: z.enum(roundOutcomes),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  issues: z.array(issueDoc),
})

export const planDoc = z.object({
  id: z.uuid(),
  targetId: z.uuid().nullable(),
  outcomeKey: z.uuid().nullable(),
  subject: z.string().describe('The target or outcome, in words'),
  title: z.string(),
  purpose: z.string().nullable(),
  leadPersonId: z.uuid().nullable(),
  leadName: z.string().nullable(),
  partners: z.string().nullable(),
  fundingNote: z.string().nullable(),
  status: z.enum(planStatuses),
  acceptedAt: z.string().nullable(),
  acceptedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export const planDetailDoc = planDoc.extend({
  actions: z.array(actionDoc),
  rounds: z.array(roundDoc),
})

export const reviewerDoc = z.object({ id: z.uuid(), userId: z.uuid(), name: z.string(), email: z.string() })

import { z } from 'zod'
import { optionalText, yesNo } from '../../lib/fields.ts'
import { formatPeriod, tryParsePeriod } from '../../periods/index.ts'

/** A period as values take it (`2008/09 Q2`, `2008/09`, `2008-04`), kept in its canonical spelling. */
export const periodField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'Enter the period, like 2008/09 Q2' })
    .min(1, 'Enter the period, like 2008/09 Q2')
    .max(40, 'Enter the period, like 2008/09 Q2')
    .transform((v, ctx) => {
      const r = tryParsePeriod(v)
      if (r.ok) return formatPeriod(r.period)
      ctx.addIssue({ code: 'custom', message: r.error })
      return z.NEVER
    }),
)

const longText = (message: string, max = 10_000) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
    z
      .string({ error: message })
      .min(1, message)
      .max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`),
  )

/** The lead officer's account, as the form and the API send it. */
export const commentaryInput = z.object({
  period: periodField,
  commentary: longText('Enter what is happening'),
  actions: optionalText(10_000).default(null),
  supportNeeded: optionalText(10_000).default(null),
  /** Shown on the public site (#16); left out, the current version's choice stands (none: not published). */
  published: yesNo
    .optional()
    .describe('Publish this commentary on the public site; left out, the current choice stands'),
})
export type CommentaryInput = z.output<typeof commentaryInput>

export const commentaryApiInput = commentaryInput.extend({
  targetId: z.uuid({ error: 'Give the id of a target of this partnership' }),
})

export const progressInput = z.object({
  period: periodField,
  progress: longText('Enter the progress made'),
  gaps: optionalText(10_000).default(null),
})
export type ProgressInput = z.output<typeof progressInput>

export const progressApiInput = progressInput.extend({
  outcomeKey: z.uuid({ error: 'Give the key of an outcome or sub-outcome of the current strategy' }),
})

export const requestInput = z.object({
  roundId: z.uuid({ error: 'Choose a collection round from the list' }),
})

const asAt = z
  .string()
  .max(40)
  .optional()
  .describe('ISO 8601 date-time, or a date (end of that day, UK time)')

export const commentaryQuery = z.object({
  targetId: z.uuid().optional(),
  period: z.string().max(40).optional(),
  asAt,
})

export const progressQuery = z.object({
  outcomeKey: z.uuid().optional(),
  period: z.string().max(40).optional(),
  asAt,
})

export const requestsQuery = z.object({
  roundId: z.uuid().optional(),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only the requests made of the signed-in person'),
})

/** Page query strings: a bad one falls back rather than failing. */
export const pagePeriodQuery = z.object({
  period: z.string().max(40).optional().catch(undefined),
  asAt: z.string().max(40).optional().catch(undefined),
})

export const commentaryDoc = z.object({
  id: z.uuid(),
  targetId: z.uuid(),
  indicatorCode: z.string(),
  placeGss: z.string().nullable(),
  period: z.string(),
  commentary: z.string(),
  actions: z.string().nullable(),
  supportNeeded: z.string().nullable(),
  author: z.string(),
  recordedAt: z.string(),
  supersededAt: z.string().nullable(),
})

export const progressDoc = z.object({
  id: z.uuid(),
  outcomeKey: z.uuid(),
  outcomeRef: z.string().nullable(),
  period: z.string(),
  progress: z.string(),
  gaps: z.string().nullable(),
  author: z.string(),
  recordedAt: z.string(),
  supersededAt: z.string().nullable(),
})

export const requestDoc = z.object({
  id: z.uuid(),
  roundId: z.uuid(),
  period: z.string(),
  targetId: z.uuid(),
  indicatorCode: z.string().nullable(),
  personId: z.uuid(),
  personName: z.string(),
  requestedAt: z.string(),
  dueOn: z.string().nullable(),
  reminders: z.number().int(),
  lastRemindedAt: z.string().nullable(),
  fulfilledAt: z.string().nullable(),
  status: z.enum(['open', 'overdue', 'fulfilled']),
})

export const requestStatusLabels = { open: 'Awaited', overdue: 'Overdue', fulfilled: 'Written' } as const

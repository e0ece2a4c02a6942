import { z } from 'zod'
import { optionalId, optionalText, requiredText } from '../../lib/fields.ts'

export const stageStatuses = ['not_started', 'in_progress', 'complete', 'cancelled'] as const
export type StageStatus = (typeof stageStatuses)[number]
export const stageStatusLabels: Record<StageStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
  cancelled: 'Cancelled',
}

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** An ISO date (`2008-02-13`), or blank for none. */
export const optionalDate = (what: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a real date`)
      .refine(isRealDate, `${what} must be a real date`)
      .nullable(),
  )

/** The person or organisation who owns a stage: `person:<id>` or `organisation:<id>`. */
export const ownerRef = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z
    .string()
    .regex(/^(person|organisation):[0-9a-f-]{36}$/i, 'Choose the owner from the list')
    .nullable(),
)

export const stageInput = z
  .object({
    name: requiredText('Enter the stage name', 200),
    description: optionalText(2000),
    startsOn: optionalDate('Start date').default(null),
    endsOn: optionalDate('End date').default(null),
    deadline: optionalDate('Deadline').default(null),
    owner: ownerRef.default(null),
    status: z.enum(stageStatuses, { error: 'Select the stage’s status' }).default('not_started'),
  })
  .superRefine((s, ctx) => {
    // Compared only when both dates are real (zod still runs this after a bad date).
    if (s.startsOn && s.endsOn && isRealDate(s.startsOn) && isRealDate(s.endsOn) && s.endsOn < s.startsOn)
      ctx.addIssue({
        code: 'custom',
        path: ['endsOn'],
        message: 'End date must be the same as or after the start date',
      })
  })
export type StageInput = z.output<typeof stageInput>

export const signoffInput = z.object({
  versionNumber: z.coerce
    .number({ error: 'Choose the strategy version' })
    .int()
    .positive('Choose the strategy version'),
  body: requiredText('Enter the body that signs, like County Council Cabinet', 200),
  organisationId: optionalId('Choose the organisation from the list').default(null),
  dueOn: optionalDate('Date due').default(null),
  signedOn: optionalDate('Date signed').default(null),
  notes: optionalText(2000),
})
export type SignoffInput = z.output<typeof signoffInput>

export const recordSignoff = z.object({
  signedOn: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    optionalDate('Date signed').pipe(z.string({ error: 'Enter the date it was signed' })),
  ),
})

export const stageDoc = z.object({
  id: z.uuid(),
  position: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  deadline: z.string().nullable(),
  owner: z.string().nullable().describe('`person:<id>` or `organisation:<id>`'),
  ownerName: z.string().nullable(),
  status: z.enum(stageStatuses),
  overdue: z.boolean().describe('Deadline passed and not complete or cancelled'),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export const signoffDoc = z.object({
  id: z.uuid(),
  versionNumber: z.number().int(),
  body: z.string(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  dueOn: z.string().nullable(),
  signedOn: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

import { z } from 'zod'
import { optionalId, requiredText } from '../../lib/fields.ts'

/** What is decided about a funded service (000 §8-10). One line each. */
export const commissioningDecisionLabels = {
  /** Start funding the service. */
  commission: 'Commission',
  /** Keep funding it. */
  continue: 'Continue',
  /** Give the provider notice that funding ends, after the notice period. */
  notice: 'Give notice',
  /** Stop funding it. */
  decommission: 'De-commission',
} as const
export type CommissioningDecision = keyof typeof commissioningDecisionLabels
export const commissioningDecisions = Object.keys(commissioningDecisionLabels) as CommissioningDecision[]

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** A decision about a funded service, with its reason and the outcome it serves. */
export const commissioningInput = z
  .object({
    service: requiredText('Enter the funded service the decision is about', 200),
    decision: z.enum(commissioningDecisions as [CommissioningDecision, ...CommissioningDecision[]], {
      error: 'Choose commission, continue, give notice or de-commission',
    }),
    noticeMonths: z
      .preprocess(
        (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : blankToNull(v)),
        z
          .number({ error: 'The notice period must be a whole number of months' })
          .int('The notice period must be a whole number of months')
          .min(1, 'The notice period must be at least 1 month')
          .max(60, 'The notice period must be at most 60 months')
          .nullable(),
      )
      .default(null),
    reason: requiredText('Enter the reason for the decision', 4000),
    outcomeKey: z.uuid({ error: 'Choose the outcome the service serves' }),
    providerId: optionalId('Choose the provider from the partnership’s organisations').default(null),
    streamId: optionalId('Choose the funding stream from the list').default(null),
    allocationId: optionalId('Choose the allocation from the list').default(null),
    decidedOn: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string({ error: 'Enter the date of the decision, like 2009-03-31' })
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'The date of the decision must be a real date, like 2009-03-31')
        .refine(isRealDate, 'The date of the decision must be a real date, like 2009-03-31'),
    ),
  })
  .superRefine((d, ctx) => {
    if (d.decision === 'notice' && d.noticeMonths === null)
      ctx.addIssue({ code: 'custom', path: ['noticeMonths'], message: 'Enter the notice period in months' })
    if (d.decision !== 'notice' && d.noticeMonths !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['noticeMonths'],
        message: 'A notice period goes only with a decision to give notice',
      })
  })
export type CommissioningInput = z.input<typeof commissioningInput>

/**
 * The day notice ends: `months` calendar months after the decision, on the same day of the month
 * or the month's last day when it has fewer days (31 January + 1 month → 28 or 29 February).
 */
export function noticeEndsOn(decidedOn: string, months: number): string {
  const [y, m, d] = decidedOn.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

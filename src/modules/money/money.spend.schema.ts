import { z } from 'zod'
import { optionalText, requiredText } from '../../lib/fields.ts'
import { poundsField } from '../../lib/money.ts'
import { formatPeriod, tryParsePeriod } from '../../periods/index.ts'
import { thresholdErrors } from './money.variance.ts'

/** draft → submitted → approved, or returned to the recipient (who changes and submits it again). */
export const spendStatuses = ['draft', 'submitted', 'approved', 'returned'] as const
export type SpendStatus = (typeof spendStatuses)[number]
export const spendStatusLabels: Record<SpendStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  approved: 'Approved',
  returned: 'Returned',
}

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)

/** A quarter of a financial year (`2008/09 Q2`), in its canonical spelling. */
export const quarterField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
  z
    .string({ error: 'Enter the quarter, like 2008/09 Q2' })
    .min(1, 'Enter the quarter, like 2008/09 Q2')
    .transform((v, ctx) => {
      const r = tryParsePeriod(v)
      if (!r.ok || r.period.type !== 'quarter') {
        ctx.addIssue({
          code: 'custom',
          message: `${v} is not a quarter: spend is returned by quarter, like 2008/09 Q2 (Q1 is April to June)`,
        })
        return z.NEVER
      }
      return formatPeriod(r.period)
    }),
)

/** A recipient's spend return for a stream and quarter: actual spend to date and forecast year-end outturn. */
export const spendInput = z.object({
  streamId: z.uuid({ error: 'Choose the funding stream from the list' }),
  recipientId: z.uuid({ error: 'Choose the recipient from the list' }),
  period: quarterField,
  actual: poundsField('the actual spend to date'),
  forecast: z.preprocess(blankToNull, poundsField('the forecast outturn').nullable()).default(null),
  explanation: optionalText(4000),
})
export type SpendInput = z.input<typeof spendInput>

/** Why a return goes back to its recipient. */
export const spendReasonInput = z.object({
  reason: requiredText('Say why the return is sent back', 2000),
})

/** The decision on a variance, taken with the lead officer (002 §24), and who carries an overspend. */
export const varianceDecisionInput = z.object({
  decision: requiredText('Enter the decision on the variance', 2000),
  decidedWith: requiredText('Enter the lead officer the decision was taken with', 200),
  overspendResponsibility: optionalText(2000),
})

const thresholdText = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
  z.string({ error: 'Enter a percentage, like 2 or 2.5' }).min(1, 'Enter a percentage, like 2 or 2.5'),
)

/** The partnership's variance thresholds: exact percentages, both 0 or more, amber at most red. */
export const thresholdsInput = z
  .object({ amberPercent: thresholdText, redPercent: thresholdText })
  .superRefine((t, ctx) => {
    for (const [path, message] of Object.entries(thresholdErrors(t)))
      ctx.addIssue({ code: 'custom', path: [path], message })
  })

/** Filters of the spend returns list (current versions). */
export const spendFilter = z.object({
  period: quarterField.optional(),
  streamId: z.uuid().optional(),
  recipientId: z.uuid().optional(),
  status: z.enum(spendStatuses).optional(),
})
export type SpendFilter = z.input<typeof spendFilter>

/** A financial year, `2008/09`. */
export const yearField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
  z.string({ error: 'Enter the financial year, like 2008/09' }).transform((v, ctx) => {
    const r = tryParsePeriod(v)
    if (!r.ok || r.period.type !== 'year') {
      ctx.addIssue({
        code: 'custom',
        message: `${v || 'That'} is not a financial year: write it like 2008/09`,
      })
      return z.NEVER
    }
    return formatPeriod(r.period)
  }),
)

/** The Variance read: a year, as at the end of a quarter of it (default: each recipient's latest return). */
export const varianceQuery = z.object({ year: yearField, period: quarterField.optional() })
export type VarianceQuery = z.input<typeof varianceQuery>

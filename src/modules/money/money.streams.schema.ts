import { z } from 'zod'
import { optionalId, optionalText, requiredText, yesNo } from '../../lib/fields.ts'
import { poundsField } from '../../lib/money.ts'
import { tryParsePeriod, formatPeriod } from '../../periods/index.ts'

/** How a stream's money comes: pooled into a single pot, aligned beside it, or a grant. One line each. */
export const streamKinds = {
  /** Pooled into the partnership's single pot (the Area Based Grant). */
  pooled: 'Pooled',
  /** Aligned: kept by its body but spent to the partnership's priorities. */
  aligned: 'Aligned',
  /** A grant with its own conditions. */
  grant: 'Grant',
} as const
export type StreamKind = keyof typeof streamKinds

export const spendTypes = { revenue: 'Revenue', capital: 'Capital' } as const
export type SpendType = keyof typeof spendTypes

/** Streams the assessment pays into (the reward grant) and the pump-priming grant (002 §23). */
export const streamPurposes = { reward: 'Reward grant', 'pump-priming': 'Pump-priming' } as const
export type StreamPurpose = keyof typeof streamPurposes

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)

const choice = <K extends string>(keys: readonly K[], message: string) =>
  z.enum(keys as [K, ...K[]], { error: message })

/** A financial year (`2008/09`), spelt canonically; a quarter, month or anything else is refused. */
export const financialYear = z
  .string({ error: 'Enter the financial year, like 2008/09' })
  .transform((v, ctx) => {
    const text = v.trim()
    if (text === '') {
      ctx.addIssue({ code: 'custom', message: 'Enter the financial year, like 2008/09' })
      return z.NEVER
    }
    const r = tryParsePeriod(text)
    if (!r.ok || r.period.type !== 'year') {
      ctx.addIssue({ code: 'custom', message: `${text} is not a financial year: write it like 2008/09` })
      return z.NEVER
    }
    return formatPeriod(r.period)
  })

/** A funding stream as a form, the API or the Funding sheet sends it. */
export const streamInput = z.object({
  ref: requiredText('Enter the stream’s reference, like ABG', 40),
  name: requiredText('Enter the stream’s name', 200),
  source: requiredText('Enter the department or body the money comes from', 200),
  kind: choice(Object.keys(streamKinds) as StreamKind[], 'Choose pooled, aligned or grant'),
  ringFenced: yesNo.default(false),
  spendType: z
    .preprocess(
      blankToNull,
      choice(Object.keys(spendTypes) as SpendType[], 'Choose revenue or capital').nullable(),
    )
    .default(null),
  parentId: optionalId('Choose the stream it is part of from the list').default(null),
  accountableOrganisationId: optionalId(
    'Choose the accountable body from the partnership’s organisations',
  ).default(null),
  purpose: z
    .preprocess(
      blankToNull,
      choice(
        Object.keys(streamPurposes) as StreamPurpose[],
        'Choose reward grant, pump-priming or neither',
      ).nullable(),
    )
    .default(null),
  notes: optionalText(4000),
})
export type StreamInput = z.input<typeof streamInput>
export type StreamData = z.output<typeof streamInput>

/** A stream's budget for a financial year, in pounds (0 or more, pence at most). */
export const budgetInput = z.object({
  year: financialYear,
  amount: poundsField('the budget'),
})
export type BudgetInput = z.input<typeof budgetInput>

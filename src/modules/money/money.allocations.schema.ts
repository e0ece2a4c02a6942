import { z } from 'zod'
import { optionalId, optionalText } from '../../lib/fields.ts'
import { poundsField } from '../../lib/money.ts'
import { financialYear } from './money.streams.schema.ts'

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)

/**
 * What an allocation pays for: `target:<id>`, `outcome:<strategy node key>` or `action:<id>`;
 * blank for nothing linked (shown as such, never hidden).
 */
export const paysForRef = z.preprocess(
  blankToNull,
  z
    .string()
    .regex(
      /^(target|outcome|action):[0-9a-f-]{36}$/i,
      'Choose the target, outcome or action it pays for from the list',
    )
    .nullable(),
)

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Four quarterly amounts in pounds (Q1 April-June … Q4 January-March), or blank for even quarters. */
const profileField = z.preprocess(
  (v) =>
    v === '' || v === undefined || (Array.isArray(v) && v.every((x) => x === '' || x == null)) ? null : v,
  z
    .array(poundsField('each quarter’s amount'), {
      error: 'Give four quarterly amounts, or none for even quarters',
    })
    .length(4, 'Give four quarterly amounts, or none for even quarters')
    .nullable(),
)

/** The parts of an allocation that may change after it is made. */
const allocationFields = {
  recipientId: z.uuid({ error: 'Choose the recipient from the partnership’s organisations' }),
  amount: poundsField('the amount'),
  paysFor: paysForRef.default(null),
  ref: optionalText(40),
  title: optionalText(200),
  notes: optionalText(4000),
  profile: profileField.default(null),
  awardedOn: z
    .preprocess(
      blankToNull,
      z
        .string({ error: 'The award date must be a real date, like 2008-04-01' })
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'The award date must be a real date, like 2008-04-01')
        .refine(isRealDate, 'The award date must be a real date, like 2008-04-01')
        .nullable(),
    )
    .default(null),
}

/**
 * A new allocation: from a stream for a financial year to a first-level recipient; or, with
 * `parentAllocationId`, an onward allocation of part of it by that recipient to another body (its
 * stream and year are the parent's: if given they must match).
 */
export const allocationCreate = z.object({
  streamId: optionalId('Choose the funding stream from the list').default(null),
  year: z.preprocess(blankToNull, financialYear.nullable()).default(null),
  parentAllocationId: optionalId('Choose the allocation it is passed on from').default(null),
  ...allocationFields,
})
export type AllocationCreateInput = z.input<typeof allocationCreate>
export type AllocationCreate = z.output<typeof allocationCreate>

/** A change to an allocation (its stream, year and parent stay: archive it and make another to move money). */
export const allocationUpdate = z.object(allocationFields)
export type AllocationUpdateInput = z.input<typeof allocationUpdate>
export type AllocationUpdate = z.output<typeof allocationUpdate>

/** Reads by year: blank for every year. */
export const yearFilter = z.preprocess(blankToNull, financialYear.nullable()).default(null)

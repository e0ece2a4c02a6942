import { z } from 'zod'

/**
 * The shapes money's API bodies and queries take, for the OpenAPI document and the first check
 * (types, and no unknown field). They do not transform: the money services parse the same input
 * again with their own schemas (`*.schema.ts`: pounds to pence, years and quarters spelt
 * canonically) and name every field they refuse, so a body is parsed exactly once into pence.
 *
 * Money goes in as pounds: a string like `"1234.56"` (or `"£1,234.56"`) or a JSON number like
 * `1234.56`, at most two decimal places. Answers give every amount twice: `…Pence`, whole pence
 * (an integer), and the pounds as a string with two decimals (`"1234.56"`).
 */

const pounds = (what: string) =>
  z
    .union([z.string(), z.number()])
    .describe(`${what} in pounds, like "1234.56" (at most two decimal places; 0 or more)`)
const uuid = (what: string) => z.string().describe(`${what} (uuid)`)
const text = (what: string) => z.string().nullish().describe(what)
const year = z.string().describe('A financial year, like 2008/09')
const quarter = z.string().describe('A quarter of a financial year, like 2008/09 Q2 (Q1 is April to June)')

const streamFields = {
  ref: z.string().describe('The stream’s reference, like ABG (unique in the partnership)'),
  name: z.string(),
  source: z.string().describe('The department or body the money comes from'),
  kind: z.enum(['pooled', 'aligned', 'grant']),
  ringFenced: z.boolean().optional().describe('Default false'),
  spendType: z.enum(['revenue', 'capital']).nullish().describe('Null: either'),
  parentId: uuid('The stream it is part of (the Area Based Grant)').nullish(),
  accountableOrganisationId: uuid('The accountable body, an organisation of the partnership').nullish(),
  purpose: z.enum(['reward', 'pump-priming']).nullish(),
  notes: text('Notes'),
}

/** A new funding stream. */
export const streamBody = z.object(streamFields)
/** A change to a stream: the fields given replace the stream’s, the others stay. */
export const streamPatch = z.object(streamFields).partial()

/** A year’s budget (a new version; the history stays). */
export const budgetBody = z.object({ year, amount: pounds('The budget') })

export const streamListQuery = z.object({
  year: year.optional().describe('Only this financial year’s budgets (default: every year)'),
})

const allocationFields = {
  recipientId: uuid('The recipient, an organisation of the partnership'),
  amount: pounds('The amount'),
  paysFor: z
    .string()
    .nullish()
    .describe(
      'What it pays for: `target:<id>`, `outcome:<strategy node key>` or `action:<id>`; null for nothing linked',
    ),
  ref: text('The allocation’s reference (used in its 360Giving identifier)'),
  title: text('A title (the 360Giving title; default “Grant to <recipient>”)'),
  notes: text('Notes (the 360Giving description when given)'),
  profile: z
    .array(z.union([z.string(), z.number()]))
    .nullish()
    .describe('Four quarterly amounts in pounds (Q1 … Q4) adding up to the amount; null for even quarters'),
  awardedOn: z.string().nullish().describe('The award date, like 2008-04-01'),
}

/** A new allocation: from a stream for a year, or (with `parentAllocationId`) passed on from one. */
export const allocationBody = z.object({
  streamId: uuid('The funding stream').nullish(),
  year: year.nullish(),
  parentAllocationId: uuid('The allocation it is passed on from (an onward allocation)').nullish(),
  ...allocationFields,
})
/** A change to an allocation: the fields given replace its own (stream, year and parent stay). */
export const allocationPatch = z.object(allocationFields).partial()

export const allocationListQuery = z.object({
  streamId: z.uuid().optional(),
  year: year.optional(),
  recipientId: z.uuid().optional(),
})

export const protocolBody = z.object({ text: z.string().describe('The whole text of the new version') })
export const signatureBody = z.object({
  organisationId: uuid('The organisation signing'),
  signedByName: z.string().describe('Who signed for it'),
  version: z.number().int().nullish().describe('The version signed (default: the current one)'),
})

/** A spend return: saved as a draft, or submitted with `submit: true`. */
export const spendBody = z.object({
  streamId: uuid('The funding stream'),
  recipientId: uuid('The recipient returning its spend'),
  period: quarter,
  actual: pounds('The actual spend to date'),
  forecast: pounds('The forecast year-end outturn').nullish(),
  explanation: text('Why the spend differs from the profile (required beyond the amber threshold)'),
  submit: z.boolean().optional().describe('Submit it for approval (default: save a draft)'),
})

export const spendListQuery = z.object({
  period: quarter.optional(),
  streamId: z.uuid().optional(),
  recipientId: z.uuid().optional(),
  status: z.enum(['draft', 'submitted', 'approved', 'returned']).optional(),
})

export const reasonBody = z.object({ reason: z.string().describe('Why the return is sent back') })
export const decisionBody = z.object({
  decision: z.string().describe('The decision on the variance'),
  decidedWith: z.string().describe('The lead officer it was taken with'),
  overspendResponsibility: text('Who carries an overspend'),
})

export const varianceQueryDoc = z.object({ year, period: quarter.optional() })

const percent = z.union([z.string(), z.number()]).describe('A percentage, like 2 or 2.5')
export const thresholdsBody = z.object({ amberPercent: percent, redPercent: percent })

export const commissioningBody = z.object({
  service: z.string().describe('The funded service'),
  decision: z.enum(['commission', 'continue', 'notice', 'decommission']),
  noticeMonths: z.union([z.number(), z.string()]).nullish().describe('Months of notice (with `notice` only)'),
  reason: z.string(),
  outcomeKey: uuid('The outcome of the current strategy the service serves'),
  providerId: uuid('The provider, an organisation of the partnership').nullish(),
  streamId: uuid('The funding stream').nullish(),
  allocationId: uuid('The allocation').nullish(),
  decidedOn: z.string().describe('The date of the decision, like 2009-03-31'),
})
export const commissioningQuery = z.object({
  service: z.string().optional().describe('One service’s decisions (default: every decision)'),
})

export const vfmQueryDoc = z.object({ year: year.optional() })

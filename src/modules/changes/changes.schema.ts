import { z } from 'zod'

export const CHANGES_PAGE = 100
export const CHANGES_MAX_PAGE = 500

export const changesQuery = z.object({
  since: z
    .string()
    .max(300)
    .optional()
    .describe(
      'The `cursor` of the last change you have (from `cursor` or the `next` link); none: from the start',
    ),
  limit: z.coerce
    .number({ error: 'The limit must be a whole number' })
    .int('The limit must be a whole number')
    .min(1, 'The limit must be 1 or more')
    .max(CHANGES_MAX_PAGE, `The limit must be ${CHANGES_MAX_PAGE} or fewer`)
    .default(CHANGES_PAGE)
    .describe(`Changes per page, 1 to ${CHANGES_MAX_PAGE}; default ${CHANGES_PAGE}`),
})

const common = {
  cursor: z.string().describe('Opaque: give it as `since` to read the changes after this one'),
  at: z.string().describe('When it happened: ISO 8601 UTC, to the microsecond'),
  indicator_code: z.string(),
  place_gss: z.string(),
  place_name: z.string(),
  period: z.string().describe('e.g. 2008/09 Q2'),
  value: z.number().nullable(),
}

const valueApproved = z
  .object({
    type: z.literal('value_approved'),
    ...common,
    numerator: z.number().nullable(),
    denominator: z.number().nullable(),
    value_id: z.string(),
    version: z.number().int(),
    action: z.string().describe('approved, or imported (an import that approved its figures), …'),
    late: z.boolean(),
  })
  .describe('A value approved: the figure as approved (a later approval of the same value is a new change)')

const statusStored = z
  .object({
    type: z.literal('status'),
    ...common,
    target_id: z.string(),
    target_value: z.number().nullable(),
    status: z.string().describe('green | amber | red | no-target | no-data | n/a'),
    direction: z.string(),
    forecast_value: z.number().nullable(),
    forecast_status: z.string(),
  })
  .describe('A status assessment stored for a target, place and period (it replaces the one before)')

export const changeDoc = z.discriminatedUnion('type', [valueApproved, statusStored])
export type ChangeDoc = z.output<typeof changeDoc>

export const changesDoc = z.object({
  data: z.array(changeDoc),
  cursor: z.string().nullable().describe('The last change’s cursor (the `since` you gave when none is new)'),
  next: z.string().describe('Where to poll next: the changes after this page'),
  more: z.boolean().describe('Whether more changes are waiting now (read `next` at once)'),
})

import { z } from 'zod'

const statuses = ['green', 'amber', 'red', 'no-target', 'no-data', 'n/a'] as const

export const assessmentQuery = z.object({
  'as-at': z
    .string()
    .max(40)
    .optional()
    .describe('ISO 8601 date-time, or a date meaning the end of that day (UK time); default now'),
  period: z.string().max(20).optional().describe('Only this period, e.g. 2008/09 Q2'),
  status: z.enum(statuses).optional(),
})

/** One stored assessment: the Assessments sheet's columns, plus a few more. */
export const assessmentDoc = z.object({
  indicator_code: z.string(),
  place_gss: z.string(),
  period: z.string(),
  value: z
    .number()
    .nullable()
    .describe(
      'The figure rated: for a cumulative indicator, the year to date (the sum of the year’s periods so far); entered figures exactly, worked-out ones to six decimal places',
    ),
  target_value: z
    .number()
    .nullable()
    .describe('The target for the period: for a cumulative indicator, the year-to-date target'),
  status: z.enum(statuses),
  direction: z.string(),
  forecast_value: z
    .number()
    .nullable()
    .describe(
      'Year-end forecast: the trend of the last four values, or for a cumulative indicator the year to date run on at its rate',
    ),
  forecast_status: z.string(),
  reward_share: z.number().nullable().describe('Share of the stretch achieved (0.6 = 60%), exact'),
  reward_payable: z.number().nullable().describe('Reward grant payable, in pounds to the penny'),
  direction_baseline: z.string(),
  needs_plan: z.boolean(),
  provisional: z.boolean(),
  value_source: z.string().nullable(),
  target_id: z.string(),
  valid_from: z.string(),
})
export type AssessmentDoc = z.output<typeof assessmentDoc>

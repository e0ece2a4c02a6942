import { z } from 'zod'
import { requiredText } from '../../lib/fields.ts'
import { idParams } from '../../lib/pages.ts'

// ---- Forms and API bodies ------------------------------------------------------------------

const isoDate = (message: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.iso.date({ error: message }))

export const roundWindowInput = z
  .object({
    opensOn: isoDate('Enter the opening date as YYYY-MM-DD, like 2008-07-01'),
    dueOn: isoDate('Enter the due date as YYYY-MM-DD, like 2008-08-12'),
  })
  .refine((v) => v.dueOn >= v.opensOn, {
    path: ['dueOn'],
    message: 'The due date must be on or after the opening date',
  })
export type RoundWindowInput = z.output<typeof roundWindowInput>

export const roundCreateInput = roundWindowInput.safeExtend({
  period: requiredText('Enter the period, like 2008/09 Q2', 20),
})

/** Generate a year's rounds from the indicators' frequencies. */
export const generateYearInput = z.object({
  year: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: 'Enter the financial year, like 2008/09' })
      .regex(/^\d{4}\/\d{2}$/, 'Enter the financial year, like 2008/09'),
  ),
  dueWeeks: z.preprocess(
    (v) => (v === '' || v == null ? 6 : typeof v === 'string' ? Number(v) : v),
    z
      .number({ error: 'Enter the number of weeks, like 6' })
      .int('Enter a whole number of weeks')
      .min(0)
      .max(52),
  ),
})
export type GenerateYearInput = z.output<typeof generateYearInput>

export const exceptionInput = z.object({
  organisationId: z.uuid({ error: 'Choose the organisation' }),
  grantedUntil: isoDate('Enter the date as YYYY-MM-DD, like 2008-09-01'),
  reason: requiredText('Enter the reason for the exception', 2000),
})
export type ExceptionInput = z.output<typeof exceptionInput>

// ---- Page addresses ------------------------------------------------------------------------

/** `/p/:slug/rounds/:id/exceptions/:exceptionId/…`: a malformed id is a page that does not exist. */
export const exceptionParams = idParams.extend({ exceptionId: z.uuid() })

// ---- API documents -------------------------------------------------------------------------

export const roundDoc = z.object({
  id: z.uuid(),
  period: z.string(),
  periodType: z.enum(['year', 'quarter', 'month']),
  opensOn: z.string(),
  dueOn: z.string(),
  state: z.enum(['upcoming', 'open', 'closed']),
})

export const completenessRowDoc = z.object({
  organisationId: z.uuid().nullable(),
  organisation: z.string(),
  expected: z.number().int(),
  entered: z.number().int(),
  submitted: z.number().int(),
  approved: z.number().int(),
  returned: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
})

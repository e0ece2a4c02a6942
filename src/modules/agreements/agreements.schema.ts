import { z } from 'zod'
import { optionalText, requiredText } from '../../lib/fields.ts'
import { tryParsePeriod, yearLabel } from '../../periods/index.ts'

export const agreementStatuses = ['draft', 'penultimate', 'final', 'signed'] as const
export type AgreementStatus = (typeof agreementStatuses)[number]
export const agreementStatusLabels: Record<AgreementStatus, string> = {
  draft: 'Draft',
  penultimate: 'Penultimate draft',
  final: 'Final draft',
  signed: 'Signed',
}

/** A financial year written `2008/09`, read as its first calendar year. */
const financialYear = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
    z
      .string()
      .min(1, `Enter the ${what} financial year, like 2008/09`)
      .transform((v, ctx) => {
        const r = tryParsePeriod(v)
        if (!r.ok || r.period.type !== 'year') {
          ctx.addIssue({
            code: 'custom',
            message: r.ok
              ? `${v} is a ${r.period.type}: enter the ${what} financial year, like 2008/09`
              : `Enter the ${what} financial year as two years, like 2008/09`,
          })
          return z.NEVER
        }
        return r.period.year
      }),
  )

export const agreementInput = z
  .object({
    name: requiredText('Enter the agreement’s name, like Local Area Agreement 2008-2011'),
    start: financialYear('first'),
    end: financialYear('last'),
    description: optionalText(4000),
  })
  .superRefine((v, ctx) => {
    if (v.end < v.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'The last year must not be before the first' })
    if (v.end - v.start > 9)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'An agreement spans at most ten years' })
  })
export type AgreementInput = z.output<typeof agreementInput>

export const statusInput = z.object({
  status: z.enum(['draft', 'penultimate', 'final'] as const, {
    error: 'Select the status (sign the agreement off to make it signed)',
  }),
})

export const signOffInput = z.object({
  signedOn: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
    // Not in the future: checked by the service against its clock.
    z.iso.date({ error: 'Enter the date it was signed, like 2008-06-27' }),
  ),
  signedBy: requiredText('Enter who signed it, for example the Board and the Government Office', 500),
  signOffNotes: optionalText(4000),
  confirm: z
    .preprocess(
      (v) => (v === 'true' || v === 'yes' || v === 'on' ? true : v === '' || v === 'false' ? false : v),
      z.boolean({ error: 'Confirm with true or false' }),
    )
    .optional()
    .describe(
      'Sign off although some targets are still proposed or a placeholder; without it such a sign-off is refused with a 422 listing them',
    ),
})
export type SignOffInput = z.output<typeof signOffInput>

export const periodLabel = (a: { startYear: number; endYear: number }) =>
  `${yearLabel(a.startYear)} - ${yearLabel(a.endYear)}`

export const agreementDoc = z.object({
  id: z.uuid(),
  name: z.string(),
  start: z.string().describe('First financial year, e.g. 2008/09'),
  end: z.string().describe('Last financial year, e.g. 2010/11'),
  period: z.string(),
  version: z.number().int().describe('Draft number'),
  status: z.enum(agreementStatuses),
  statusChangedAt: z.string(),
  signOff: z
    .object({ signedOn: z.string(), signedBy: z.string().nullable(), notes: z.string().nullable() })
    .nullable(),
  description: z.string().nullable(),
  current: z.boolean().describe('The partnership’s current agreement (the latest not archived)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})

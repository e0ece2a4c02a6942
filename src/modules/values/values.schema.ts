import { z } from 'zod'
import type { FieldErrors } from '../../errors.ts'
import { optionalText, requiredText } from '../../lib/fields.ts'
import { formatPeriod, frequencyPeriodType, tryParsePeriod, type PeriodType } from '../../periods/index.ts'
import { unitScale, valueFromParts, type Unit } from '../assessments/rules/engine.ts'
import { matchesParts } from './values.rules.ts'

/** Workflow of a value: draft → submitted → approved, or returned to the provider with a reason. */
export const valueStatuses = ['draft', 'submitted', 'approved', 'returned'] as const
export type ValueStatus = (typeof valueStatuses)[number]
export const valueStatusLabels: Record<ValueStatus | 'missing', string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  approved: 'Approved',
  returned: 'Returned',
  missing: 'Not started',
}
/** govuk-tag modifier per status (the colour is never the only signal: the label is the text). */
export const valueStatusTags: Record<ValueStatus | 'missing', string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  approved: 'govuk-tag--green',
  returned: 'govuk-tag--orange',
  missing: 'govuk-tag--red',
}

/** What happened to a value, one row of its history each. */
export const valueActions = ['entered', 'submitted', 'approved', 'returned', 'reopened', 'imported'] as const
export type ValueAction = (typeof valueActions)[number]

/** A number as people type it: thousands separators, a % or £ sign and spaces are ignored. */
export function parseLooseNumber(v: unknown): unknown {
  if (v === undefined || v === null) return null
  if (typeof v === 'number') return v
  if (typeof v !== 'string') return v
  const s = v.trim().replace(/[,£%\s]/g, '')
  if (s === '') return null
  const n = Number(s)
  return Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) ? n : v
}

const optionalNumber = (message: string) =>
  z.preprocess(parseLooseNumber, z.number({ error: message }).finite(message).nullable())

export const versionField = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z
    .number({ error: 'The form is out of date: reload the page' })
    .int('The form is out of date: reload the page')
    .min(0, 'The form is out of date: reload the page'),
)

/** The figures of one value: a value, or a numerator and denominator from which it is derived. */
export const valueFigures = z.object({
  value: optionalNumber('Enter the value as a number, like 45.2'),
  numerator: optionalNumber('Enter the numerator as a number, like 120'),
  denominator: optionalNumber('Enter the denominator as a number, like 400'),
  commentary: optionalText(4000),
})
export type ValueFigures = z.output<typeof valueFigures>

/**
 * The entry form. `version` is the version the form was drawn from (0 for a value not yet
 * entered): a mismatch means someone else saved first. `intent` is which button was pressed.
 */
export const valueEntryInput = valueFigures.extend({
  version: versionField,
  intent: z.preprocess((v) => (v === '' || v == null ? 'save' : v), z.enum(['save', 'submit'])),
})
export type ValueEntryInput = z.output<typeof valueEntryInput>

/** PUT of a single value through the API: the same, with `submit: true` to submit at once. */
export const valuePutBody = valueFigures.extend({
  version: versionField.describe('The version you read (0 when creating): 409 if it changed since'),
  submit: z.boolean().optional().describe('Submit for approval after saving'),
})

/** Address of a value: indicator × place × period. */
export const valueKeyInput = z.object({
  indicatorId: z.uuid({ error: 'Choose the indicator' }),
  placeId: z.uuid({ error: 'Choose the place' }),
  period: requiredText('Enter the period, like 2008/09 Q2', 20),
})
export type ValueKeyInput = z.output<typeof valueKeyInput>

export const reasonInput = z.object({
  reason: requiredText('Enter the reason', 2000),
  version: versionField.optional(),
})
export type ReasonInput = z.output<typeof reasonInput>

export const versionInput = z.object({ version: versionField.optional() })

/** A page's query field, read as text (a repeated one is ignored, not an error page). */
const queryText = z.string().optional().catch(undefined)

/** `/p/:slug/returns`: a manager's choice of organisation (an unknown one shows them all). */
export const returnsQuery = z.object({ organisationId: queryText })

/** `/p/:slug/values/enter`: the value's address, checked by `valueKeyInput` (a bad one is a missing page). */
export const entryQuery = z.object({ indicatorId: queryText, placeId: queryText, period: queryText })

/** The period type values of an indicator of this frequency are entered for. */
export function periodTypeForFrequency(frequency: string | null): PeriodType | null {
  if (frequency === null || !Object.hasOwn(frequencyPeriodType, frequency)) return null
  return frequencyPeriodType[frequency as keyof typeof frequencyPeriodType]
}

const periodWords: Record<PeriodType, string> = {
  year: 'a financial year, like 2008/09',
  quarter: 'a quarter, like 2008/09 Q2',
  month: 'a month, like 2008-04',
}

/** The canonical period, or an error: it must parse and match the indicator's frequency. */
export function checkPeriod(
  frequency: string | null,
  period: string,
): { ok: true; period: string; type: PeriodType } | { ok: false; error: string } {
  const parsed = tryParsePeriod(period)
  if (!parsed.ok) return parsed
  const want = periodTypeForFrequency(frequency)
  if (want === null)
    return { ok: false, error: 'The indicator’s frequency is not recorded yet, so no period can be entered' }
  if (parsed.period.type !== want)
    return { ok: false, error: `This indicator is ${frequency}: the period must be ${periodWords[want]}` }
  return { ok: true, period: formatPeriod(parsed.period), type: want }
}

/** Units whose value can be derived from a numerator and a denominator. */
const PART_UNITS: readonly string[] = ['percent', 'rate', 'ratio']

/**
 * The value to store, from what was typed, checked against the indicator's unit: counts are
 * whole numbers ≥ 0, percentages 0-100, money and rates ≥ 0; a numerator and denominator give
 * the value (numerator ≤ denominator for a percentage). Errors are keyed by field.
 */
export function resolveFigures(
  unit: string | null,
  ratePer: number | null,
  input: Pick<ValueFigures, 'value' | 'numerator' | 'denominator'>,
):
  | { ok: true; value: number; numerator: number | null; denominator: number | null }
  | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const { numerator, denominator } = input
  let value = input.value ?? null
  const hasParts = numerator != null || denominator != null
  if (hasParts) {
    if (unit === null || !PART_UNITS.includes(unit)) {
      errors.numerator = 'This indicator has no numerator and denominator: enter the value'
    } else if (numerator == null) {
      errors.numerator = 'Enter the numerator as well as the denominator'
    } else if (denominator == null) {
      errors.denominator = 'Enter the denominator as well as the numerator'
    } else if (numerator < 0) {
      errors.numerator = 'The numerator must be 0 or more'
    } else if (denominator <= 0) {
      errors.denominator = 'The denominator must be more than 0'
    } else if (unit === 'percent' && numerator > denominator) {
      errors.numerator = 'The numerator must not be more than the denominator for a percentage'
    } else {
      const derived = valueFromParts(numerator, denominator, unit as Unit, ratePer)!
      // A value given as well must match them: at the precision it is shown to, or near enough.
      if (
        value !== null &&
        !matchesParts(value, numerator, denominator, unitScale(unit as Unit, ratePer)) &&
        Math.abs(value - derived) > Math.max(0.01, Math.abs(derived) * 0.001)
      )
        errors.value = `The value does not match the numerator and denominator (${round(derived)}): leave it blank`
      value = derived
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  if (value === null)
    return { ok: false, errors: { value: 'Enter the value, or the numerator and denominator' } }
  const unitError = checkUnit(unit, value)
  if (unitError) return { ok: false, errors: { value: unitError } }
  return {
    ok: true,
    value,
    numerator: hasParts ? numerator! : null,
    denominator: hasParts ? denominator! : null,
  }
}

/** Whether a value fits its unit; the message says what would. */
export function checkUnit(unit: string | null, value: number): string | null {
  switch (unit) {
    case 'count':
      return Number.isInteger(value) && value >= 0 ? null : 'A count must be a whole number, 0 or more'
    case 'percent':
      return value >= 0 && value <= 100 ? null : 'A percentage must be between 0 and 100'
    case 'money':
      return value >= 0 ? null : 'An amount of money must be 0 or more'
    case 'rate':
      return value >= 0 ? null : 'A rate must be 0 or more'
    case 'ratio':
      return value >= 0 ? null : 'A ratio must be 0 or more'
    default:
      return null
  }
}

const round = (n: number) => Math.round(n * 100) / 100

// ---- API documents -------------------------------------------------------------------------

export const valueDoc = z.object({
  id: z.uuid(),
  indicator: z.object({
    id: z.uuid(),
    code: z.string(),
    title: z.string().nullable(),
    unit: z.string().nullable(),
  }),
  place: z.object({ id: z.uuid(), name: z.string(), gssCode: z.string().nullable() }),
  period: z.string(),
  roundId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  commentary: z.string().nullable(),
  status: z.enum(valueStatuses),
  statusReason: z.string().nullable().describe('Why it was returned or reopened'),
  late: z.boolean().describe('Entered after the round closed, under an exception'),
  locked: z.boolean().describe('Approved values cannot be changed until reopened'),
  version: z.number().int().describe('Send it back with a change: optimistic concurrency'),
  updatedAt: z.string(),
})

export const valueVersionDoc = z.object({
  version: z.number().int(),
  action: z.string(),
  status: z.enum(valueStatuses),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  commentary: z.string().nullable(),
  reason: z.string().nullable(),
  late: z.boolean(),
  recordedAt: z.string(),
  recordedBy: z.string(),
})

export const valueWithHistoryDoc = valueDoc.extend({ history: z.array(valueVersionDoc) })

const lookupText = z.string().trim().min(1).max(100)
/** `GET /values`: ids, or the codes imports take (indicator code, GSS code), matched loosely. */
export const valueQuery = z.object({
  indicator: lookupText
    .optional()
    .describe('The indicator by code, ignoring case and spaces (`NI 8`, `ni8`), or id'),
  indicatorCode: lookupText.optional().describe('The indicator by code (as `indicator_code` in imports)'),
  indicatorId: z.uuid().optional().describe('The indicator by id'),
  place: lookupText
    .optional()
    .describe('The place by GSS code (`E10000018`) or id; leave out for the partnership’s area'),
  placeGss: lookupText.optional().describe('The place by GSS code (as `place_gss` in imports)'),
  placeId: z.uuid().optional().describe('The place by id'),
  period: z.string().min(1).describe('The period, like 2008/09 Q2'),
})

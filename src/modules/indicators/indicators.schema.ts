import { z } from 'zod'
import { optionalId, optionalText } from '../../lib/fields.ts'

export const indicatorSets = ['nis', 'local', 'other'] as const
export type IndicatorSet = (typeof indicatorSets)[number]
export const indicatorSetLabels: Record<IndicatorSet, string> = {
  nis: 'National Indicator Set',
  local: 'Local',
  other: 'Other or legacy (e.g. BVPI, PAF)',
}

export const units = ['percent', 'count', 'rate', 'money', 'score', 'ratio'] as const
export type Unit = (typeof units)[number]
export const unitLabels: Record<Unit, string> = {
  percent: 'Percentage',
  count: 'Count',
  rate: 'Rate per N',
  money: 'Money (£)',
  score: 'Score',
  ratio: 'Ratio',
}

export const polarities = ['higher', 'lower', 'neither'] as const
export type Polarity = (typeof polarities)[number]
export const polarityLabels: Record<Polarity, string> = {
  higher: 'Higher is better',
  lower: 'Lower is better',
  neither: 'Neither (reported, not rated)',
}

export const frequencies = ['monthly', 'quarterly', 'annual'] as const
export type IndicatorFrequency = (typeof frequencies)[number]
export const frequencyLabels: Record<IndicatorFrequency, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annual: 'Annual',
}

export const combines = ['sum', 'ratio', 'none'] as const
export type Combine = (typeof combines)[number]
export const combineLabels: Record<Combine, string> = {
  sum: 'Sum the places’ values',
  ratio: 'Sum numerators and denominators, then divide',
  none: 'Not combinable',
}

export const accumulations = ['snapshot', 'cumulative'] as const
export type Accumulation = (typeof accumulations)[number]
export const accumulationLabels: Record<Accumulation, string> = {
  snapshot: 'Snapshot: each period’s figure stands on its own',
  cumulative: 'Cumulative: the year is built up from its periods (rated year to date)',
}

/** What an entry with no recorded accumulation uses (assessment.md): counts, money and rates build up. */
export const defaultAccumulation = (unit: string | null): Accumulation =>
  unit === 'count' || unit === 'money' || unit === 'rate' ? 'cumulative' : 'snapshot'

/** Places shown when none are recorded: 0 for a count, 2 for money, 1 otherwise. */
export const defaultDecimals = (unit: string | null): number =>
  unit === 'count' ? 0 : unit === 'money' ? 2 : 1

/** The most decimal places an indicator may show. */
export const MAX_DECIMALS = 6

export const UNTITLED = 'Title not yet recorded'

/**
 * One spelling per code: letters upper-cased and one space before the number (`ni135` →
 * `NI 135`), leading zeros of NI numbers dropped (`NI 001` → `NI 1`, as data.gov.uk wrote them).
 */
export function normaliseCode(input: string): string {
  const s = input.trim().replace(/\s+/g, ' ')
  const m = /^([A-Za-z]+)\s*[-_]?\s*(\d+)(.*)$/.exec(s)
  if (!m) return s
  const prefix = m[1]!.toUpperCase()
  const number = prefix === 'NI' ? String(Number(m[2])) : m[2]!
  return `${prefix} ${number}${m[3]!.trim()}`
}

/**
 * A new code is kept as written, trimmed (`L1` stays `L1`); codes are matched by `codeKey`.
 */
export const tidyCode = (input: string) => input.trim()

/**
 * What codes are matched by: case and spaces ignored (`ni135` finds `NI 135`, `x 1` finds `X1`),
 * and an NI number's leading zeros (`NI 001` finds `NI 1`). The database compares the same key
 * (`codeKeySql` in src/db/catalogue.ts).
 */
export const codeKey = (code: string) =>
  code
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^ni0+(?=\d)/, 'ni')

const codeField = z.preprocess(
  (v) => (typeof v === 'string' ? tidyCode(v) : (v ?? '')),
  z
    .string({ error: 'Enter the indicator code' })
    .min(1, 'Enter the indicator code, like NI 135 or L 01')
    .max(30, 'The code must be 30 characters or fewer'),
)

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(values, { error: message }).nullable())

const optionalInt = (message: string, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : typeof v === 'string' ? Number(v.trim()) : v),
    z.number({ error: message }).int(message).min(min, message).max(max, message).nullable(),
  )

/** What a person (form or API) may set. Blank title, unit, polarity or frequency leaves the entry incomplete. */
export const indicatorInput = z
  .object({
    code: codeField,
    title: optionalText(500),
    set: z.enum(indicatorSets, { error: 'Select the indicator set' }),
    theme: optionalText(200),
    definition: optionalText(4000),
    numerator: optionalText(1000),
    denominator: optionalText(1000),
    unit: optionalEnum(units, 'Select the unit'),
    ratePer: optionalInt('Enter the rate base as a whole number, like 1000', 1),
    polarity: optionalEnum(polarities, 'Select the polarity'),
    frequency: optionalEnum(frequencies, 'Select how often it is measured'),
    combine: z.preprocess(
      (v) => (v === '' || v == null ? 'none' : v),
      z.enum(combines, { error: 'Select how values combine across places' }),
    ),
    // Optional keys (absent: kept as recorded), so callers written before them need not name them.
    accumulation: optionalEnum(accumulations, 'Select snapshot or cumulative, or leave it blank').optional(),
    decimals: optionalInt(
      `Enter the decimal places as a whole number from 0 to ${MAX_DECIMALS}`,
      0,
      MAX_DECIMALS,
    ).optional(),
    dataSource: optionalText(500),
    lagMonths: optionalInt('Enter the lag as a whole number of months, 0 or more'),
    responsibleOrganisationId: optionalId('Choose the responsible organisation from the list'),
  })
  .superRefine((v, ctx) => {
    if (v.unit === 'rate' && !v.ratePer)
      ctx.addIssue({ code: 'custom', path: ['ratePer'], message: 'Enter what the rate is per, like 1000' })
    if (v.unit !== 'rate' && v.ratePer)
      ctx.addIssue({
        code: 'custom',
        path: ['ratePer'],
        message: 'Only a rate has a rate base: leave it blank',
      })
    if (v.combine === 'ratio' && v.unit && !['percent', 'rate', 'ratio'].includes(v.unit))
      ctx.addIssue({
        code: 'custom',
        path: ['combine'],
        message: 'Only percentages, rates and ratios combine by numerator and denominator',
      })
  })
export type IndicatorInput = z.output<typeof indicatorInput>

/** An indicator's definition: for a national one, what only a system administrator changes. */
export const indicatorDefinitionFields = [
  'code',
  'title',
  'set',
  'theme',
  'definition',
  'numerator',
  'denominator',
  'unit',
  'ratePer',
  'polarity',
  'frequency',
  'combine',
  'accumulation',
  'decimals',
  'dataSource',
] as const satisfies (keyof IndicatorInput)[]

/** What a partnership records about a national indicator: who reports it, and its lag. */
export const indicatorOverlayFields = [
  'lagMonths',
  'responsibleOrganisationId',
] as const satisfies (keyof IndicatorInput)[]

/** Every field a person sets (form, API, workbook): the definition, then the overlay. */
export const indicatorFields = [...indicatorDefinitionFields, ...indicatorOverlayFields] as const

/** Catalogue search: every filter optional; `q` matches code, title, theme and definition. */
export const indicatorQuery = z.object({
  q: z.string().trim().max(200).optional(),
  set: z.preprocess((v) => (v === '' ? undefined : v), z.enum(indicatorSets).optional()),
  theme: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional()),
  polarity: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum([...polarities, 'unknown'] as const).optional(),
  ),
  incomplete: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),
  ),
  includeArchived: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
})
export type IndicatorQuery = z.output<typeof indicatorQuery>

export const indicatorDoc = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string().nullable().describe('Null when no source gives it'),
  set: z.enum(indicatorSets),
  theme: z.string().nullable(),
  definition: z.string().nullable(),
  numerator: z.string().nullable(),
  denominator: z.string().nullable(),
  unit: z.enum(units).nullable(),
  ratePer: z.number().int().nullable(),
  polarity: z.enum(polarities).nullable(),
  frequency: z.enum(frequencies).nullable(),
  combine: z.enum(combines),
  accumulation: z
    .enum(accumulations)
    .nullable()
    .describe(
      'How in-year figures relate to the annual target; null: the default for the unit (count, money and rate cumulative, the rest snapshot)',
    ),
  decimals: z
    .number()
    .int()
    .nullable()
    .describe('Decimal places shown; null: the default for the unit (0 count, 2 money, 1 otherwise)'),
  dataSource: z.string().nullable(),
  lagMonths: z.number().int().nullable(),
  responsibleOrganisationId: z.uuid().nullable(),
  source: z
    .object({
      url: z.string().nullable(),
      notes: z.string().nullable(),
      titleKind: z.string().nullable(),
      fromReference: z.boolean(),
    })
    .describe('Where the entry came from'),
  incomplete: z.boolean().describe('Title, unit, polarity or frequency not yet recorded'),
  withdrawn: z.boolean(),
  /** Defined once for the installation (system administrators keep it); its lag and responsible organisation are the partnership's. */
  national: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})

/**
 * The period types a target trajectory may use for an indicator: always financial years, and
 * the indicator's own frequency for a profile (quarters of a quarterly indicator, months of a
 * monthly one). An entry whose frequency is not yet recorded takes years only.
 */
export function trajectoryPeriodTypes(frequency: string | null): ('year' | 'quarter' | 'month')[] {
  if (frequency === 'quarterly') return ['year', 'quarter']
  if (frequency === 'monthly') return ['year', 'month']
  return ['year']
}

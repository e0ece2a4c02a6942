import { z } from 'zod'
import { optionalId, requiredText } from '../../lib/fields.ts'
import { formatPeriod, parseAsAt, tryParsePeriod } from '../../periods/index.ts'
import { REPORT_FORMATS, REPORT_KINDS, REPORT_LEVELS } from './reports.model.ts'

/**
 * What a report is asked for with (forms, API, CLI, schedules) and a saved definition. Checks that
 * need the database or the clock (the theme is the strategy's, the kind is registered, the moment
 * is not in the future) are the service's, each a 422 naming its field.
 */

export const reportKind = z.enum(REPORT_KINDS, { error: 'Choose the kind of report from the list' })
export const reportLevel = z.enum(REPORT_LEVELS, {
  error: 'Choose the level of detail: theme, outcome, target or place',
})
export const reportFormat = z.enum(REPORT_FORMATS, { error: 'Choose a format: html, pdf or xlsx' })

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

/** The period reported (`2008/09 Q2`, `2008/09`, `2008-04`), kept in its canonical spelling. */
export const reportPeriod = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'Enter the period, like 2008/09 Q2' })
    .min(1, 'Enter the period, like 2008/09 Q2')
    .max(40, 'Enter the period, like 2008/09 Q2')
    .transform((v, ctx) => {
      const r = tryParsePeriod(v)
      if (r.ok) return formatPeriod(r.period)
      ctx.addIssue({ code: 'custom', message: r.error })
      return z.NEVER
    }),
)

/** The moment the report is as at: a Date, an ISO date-time, or a date (end of that day, UK time). Blank = now. */
export const reportAsAt = z.preprocess(
  blankToUndefined,
  z
    .union([
      z.date(),
      z
        .string()
        .max(40, 'Enter a date like 2009-06-30 or a date-time like 2009-07-01T09:30:00Z')
        .transform((v, ctx) => {
          try {
            return parseAsAt(v)
          } catch (e) {
            ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) })
            return z.NEVER
          }
        }),
    ])
    .optional()
    .describe('ISO 8601 date-time, or a date (end of that day, UK time); default now'),
)

/** A theme of the partnership's current strategy, by its key; blank = the whole strategy. */
const themeKey = optionalId('Choose a theme of the current strategy from the list')

export const reportRequest = z.object({
  kind: reportKind,
  period: reportPeriod,
  asAt: reportAsAt,
  level: z.preprocess(blankToUndefined, reportLevel.default('target')),
  themeKey: themeKey.transform((v) => v ?? null),
  definitionId: optionalId('Choose a saved report definition').transform((v) => v ?? null),
})
/** What the service takes (the parsed form, API body or CLI flags; schedules build it directly). */
export interface ReportRequest {
  kind: z.output<typeof reportKind>
  period: string
  asAt?: Date | undefined
  level: z.output<typeof reportLevel>
  themeKey?: string | null
  definitionId?: string | null
}

/** The schedule of a definition: N working days after each collection round closes. */
export const reportSchedule = z.object({
  trigger: z.literal('round-closed', { error: 'The only schedule is after a collection round closes' }),
  workingDays: z.coerce
    .number({ error: 'Enter the number of working days, like 5' })
    .int('Enter a whole number of working days, like 5')
    .min(0, 'Enter 0 or more working days')
    .max(60, 'Enter 60 working days or fewer'),
})
export type ReportSchedule = z.output<typeof reportSchedule>

const email = z.email({ error: 'Enter email addresses like name@example.org' }).max(320)

/** The distribution list: an array, or one string of addresses separated by commas, spaces or lines. */
export const distributionList = z.preprocess(
  (v): unknown[] => {
    if (v === undefined || v === null || v === '') return []
    const items: unknown[] = Array.isArray(v) ? (v as unknown[]) : [v]
    return items.flatMap((i) => (typeof i === 'string' ? i.split(/[\s,;]+/).filter(Boolean) : [i]))
  },
  z
    .array(email)
    .max(100, 'Send to 100 addresses or fewer')
    .transform((list) => [...new Set(list.map((e) => e.toLowerCase()))]),
)

export const definitionInput = z.object({
  name: requiredText('Enter a name for the report definition', 200),
  kind: reportKind,
  level: z.preprocess(blankToUndefined, reportLevel.default('target')),
  themeKey: themeKey.transform((v) => v ?? null),
  schedule: z.preprocess(blankToUndefined, reportSchedule.nullable().optional()).transform((v) => v ?? null),
  distribution: distributionList,
})
export interface DefinitionInput {
  name: string
  kind: z.output<typeof reportKind>
  level: z.output<typeof reportLevel>
  themeKey?: string | null
  schedule?: ReportSchedule | null
  distribution: string[]
}

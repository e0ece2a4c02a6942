/**
 * Reporting periods of English local government, whose year runs 1 April - 31 March:
 * a financial year `2008/09`, one of its quarters `2008/09 Q1` (Q1 = April-June … Q4 =
 * January-March) or a calendar month `2008-04`. Pure functions, no I/O.
 */

export type PeriodType = 'year' | 'quarter' | 'month'

/** `year` is always the financial year's first calendar year (2008 for 2008/09). */
export type Period =
  | { type: 'year'; year: number }
  | { type: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  /** A month keeps its calendar year: 2009-01 belongs to 2008/09. */
  | { type: 'month'; year: number; month: number }

export class PeriodError extends Error {}

export const PERIOD_HELP =
  'use a financial year like 2008/09, a quarter like 2008/09 Q1 (Q1 is April to June) or a month like 2008-04'

const MIN_YEAR = 1900
const MAX_YEAR = 2200

const YEAR = /^(\d{4})\s*\/\s*(\d{2}|\d{4})$/
const QUARTER = /^(\d{4})\s*\/\s*(\d{2}|\d{4})\s*[-\s]?\s*q\s*([1-4])$/i
const MONTH = /^(\d{4})-(\d{1,2})$/

function financialYear(first: string, second: string, text: string): number {
  const y = Number(first)
  if (y < MIN_YEAR || y > MAX_YEAR) throw new PeriodError(`${text} is not a year we can report on`)
  const expected = second.length === 2 ? (y + 1) % 100 : y + 1
  if (Number(second) !== expected)
    throw new PeriodError(
      `${text} is not a financial year: the second year must follow the first, like ${formatYear(y)}`,
    )
  return y
}

/** Parse a period, or throw a PeriodError whose message says what is wrong and what to write. */
export function parsePeriod(input: string): Period {
  const text = String(input ?? '').trim()
  if (text === '') throw new PeriodError(`enter a period: ${PERIOD_HELP}`)
  let m = QUARTER.exec(text)
  if (m) return { type: 'quarter', year: financialYear(m[1]!, m[2]!, text), quarter: Number(m[3]) as 1 }
  m = YEAR.exec(text)
  if (m) return { type: 'year', year: financialYear(m[1]!, m[2]!, text) }
  m = MONTH.exec(text)
  if (m) {
    const year = Number(m[1])
    const month = Number(m[2])
    if (month < 1 || month > 12) throw new PeriodError(`${text} is not a month: months run 01 to 12`)
    if (year < MIN_YEAR || year > MAX_YEAR) throw new PeriodError(`${text} is not a year we can report on`)
    return { type: 'month', year, month }
  }
  if (/q\s*[05-9]/i.test(text)) throw new PeriodError(`${text} is not a quarter: quarters are Q1 to Q4`)
  throw new PeriodError(`"${text}" is not a period: ${PERIOD_HELP}`)
}

/** Parse without throwing. */
export function tryParsePeriod(input: string): { ok: true; period: Period } | { ok: false; error: string } {
  try {
    return { ok: true, period: parsePeriod(input) }
  } catch (e) {
    if (e instanceof PeriodError) return { ok: false, error: e.message }
    throw e
  }
}

export const isPeriod = (input: string) => tryParsePeriod(input).ok

const pad2 = (n: number) => String(n).padStart(2, '0')
const formatYear = (y: number) => `${y}/${pad2((y + 1) % 100)}`

/** The canonical spelling: `2008/09`, `2008/09 Q1`, `2008-04`. */
export function formatPeriod(p: Period): string {
  switch (p.type) {
    case 'year':
      return formatYear(p.year)
    case 'quarter':
      return `${formatYear(p.year)} Q${p.quarter}`
    case 'month':
      return `${p.year}-${pad2(p.month)}`
  }
}

/** Canonical spelling of a period given as text (throws like parsePeriod). */
export const normalisePeriod = (input: string) => formatPeriod(parsePeriod(input))

export const periodType = (input: string | Period): PeriodType =>
  (typeof input === 'string' ? parsePeriod(input) : input).type

const asPeriod = (p: string | Period) => (typeof p === 'string' ? parsePeriod(p) : p)

/** Calendar (year, month 1-12) of the period's first month. */
function firstMonth(p: Period): { y: number; m: number } {
  switch (p.type) {
    case 'year':
      return { y: p.year, m: 4 }
    case 'quarter': {
      const m = 4 + (p.quarter - 1) * 3
      return m > 12 ? { y: p.year + 1, m: m - 12 } : { y: p.year, m }
    }
    case 'month':
      return { y: p.year, m: p.month }
  }
}

const monthsIn: Record<PeriodType, number> = { year: 12, quarter: 3, month: 1 }

const isoDate = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()

/** First day, as an ISO date (`2008-04-01`). */
export function startDate(input: string | Period): string {
  const { y, m } = firstMonth(asPeriod(input))
  return isoDate(y, m, 1)
}

/** Last day, as an ISO date (`2009-03-31`). */
export function endDate(input: string | Period): string {
  const p = asPeriod(input)
  const { y, m } = firstMonth(p)
  const last = y * 12 + (m - 1) + monthsIn[p.type] - 1
  const ly = Math.floor(last / 12)
  const lm = (last % 12) + 1
  return isoDate(ly, lm, daysIn(ly, lm))
}

/** Months since year 0 of the first month: a sortable index. */
const startIndex = (p: Period) => {
  const { y, m } = firstMonth(p)
  return y * 12 + (m - 1)
}

/** Sort order: by start, then the longer period first (2008/09 before 2008/09 Q1 before 2008-04). */
export function comparePeriods(a: string | Period, b: string | Period): number {
  const pa = asPeriod(a)
  const pb = asPeriod(b)
  const d = startIndex(pa) - startIndex(pb)
  if (d !== 0) return d
  return monthsIn[pb.type] - monthsIn[pa.type]
}

export function sortPeriods<T extends string | Period>(periods: readonly T[]): T[] {
  return [...periods].sort(comparePeriods)
}

export const samePeriod = (a: string | Period, b: string | Period) =>
  formatPeriod(asPeriod(a)) === formatPeriod(asPeriod(b))

/** The period of the same type `n` steps later (negative: earlier). */
export function shiftPeriod(input: string | Period, n: number): Period {
  const p = asPeriod(input)
  switch (p.type) {
    case 'year':
      return { type: 'year', year: p.year + n }
    case 'quarter': {
      const i = p.year * 4 + (p.quarter - 1) + n
      return { type: 'quarter', year: Math.floor(i / 4), quarter: ((i % 4) + 1) as 1 }
    }
    case 'month': {
      const i = p.year * 12 + (p.month - 1) + n
      return { type: 'month', year: Math.floor(i / 12), month: (i % 12) + 1 }
    }
  }
}

export const nextPeriod = (p: string | Period) => shiftPeriod(p, 1)
export const previousPeriod = (p: string | Period) => shiftPeriod(p, -1)

/** The financial year a period lies in. */
export function financialYearOf(input: string | Period): Period & { type: 'year' } {
  const p = asPeriod(input)
  if (p.type === 'month') return { type: 'year', year: p.month >= 4 ? p.year : p.year - 1 }
  return { type: 'year', year: p.year }
}

/**
 * A period's place in its financial year: the year's periods of its type up to and including it
 * (Q2 → Q1, Q2), and how many such periods a year has (1, 4 or 12).
 */
export function yearSoFar(input: string | Period): { soFar: Period[]; inYear: number } {
  const p = asPeriod(input)
  if (p.type === 'year') return { soFar: [p], inYear: 1 }
  const all = p.type === 'quarter' ? quartersOf(p) : monthsOf(p)
  const at = all.findIndex((q) => samePeriod(q, p))
  return { soFar: all.slice(0, at + 1), inYear: all.length }
}

/** The quarter a month (or quarter) lies in; undefined for a year. */
export function quarterOf(input: string | Period): (Period & { type: 'quarter' }) | undefined {
  const p = asPeriod(input)
  if (p.type === 'quarter') return p
  if (p.type === 'year') return undefined
  const fy = financialYearOf(p).year
  const offset = (p.year - fy) * 12 + p.month - 4
  return { type: 'quarter', year: fy, quarter: (Math.floor(offset / 3) + 1) as 1 }
}

export function quartersOf(input: string | Period | number): Period[] {
  const year = typeof input === 'number' ? input : financialYearOf(input).year
  return [1, 2, 3, 4].map((q) => ({ type: 'quarter', year, quarter: q as 1 }))
}

export function monthsOf(input: string | Period | number): Period[] {
  const year = typeof input === 'number' ? input : financialYearOf(input).year
  return Array.from({ length: 12 }, (_, i) => shiftPeriod({ type: 'month', year, month: 4 }, i))
}

/** The financial years from `first` to `last` inclusive (each a year period or its text). */
export function yearsBetween(first: string | Period | number, last: string | Period | number): Period[] {
  const a = typeof first === 'number' ? first : financialYearOf(first).year
  const b = typeof last === 'number' ? last : financialYearOf(last).year
  const out: Period[] = []
  for (let y = a; y <= b; y++) out.push({ type: 'year', year: y })
  return out
}

/** Whether the period lies within financial years `first`..`last` (inclusive). */
export function withinYears(
  input: string | Period,
  first: string | Period | number,
  last: string | Period | number,
): boolean {
  const y = financialYearOf(input).year
  const a = typeof first === 'number' ? first : financialYearOf(first).year
  const b = typeof last === 'number' ? last : financialYearOf(last).year
  return y >= a && y <= b
}

/** Whether period `inner` lies wholly within `outer` (a quarter within its year, a month within both). */
export function contains(outer: string | Period, inner: string | Period): boolean {
  const o = asPeriod(outer)
  const i = asPeriod(inner)
  return (
    startIndex(i) >= startIndex(o) && startIndex(i) + monthsIn[i.type] <= startIndex(o) + monthsIn[o.type]
  )
}

/** The financial year (as text) whose first year is `year`, e.g. 2008 → `2008/09`. */
export const yearLabel = (year: number) => formatYear(year)

/** How an indicator's frequency names the period type its values have. */
export const frequencyPeriodType = {
  annual: 'year',
  quarterly: 'quarter',
  monthly: 'month',
} as const satisfies Record<string, PeriodType>

export type Frequency = keyof typeof frequencyPeriodType

/** The period a given date falls in (date as ISO `YYYY-MM-DD` or a Date, read in UTC). */
export function periodContaining(date: string | Date, type: PeriodType): Period {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date
  const month: Period = { type: 'month', year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 }
  if (type === 'month') return month
  if (type === 'quarter') return quarterOf(month)!
  return financialYearOf(month)
}

/** A period as a string of letters, digits and hyphens, for HTML ids and form field names. */
export function periodSlug(input: string | Period): string {
  const p = asPeriod(input)
  // Prefixed so that the year 2008/09 and the month 2008-09 never share a slug.
  const prefix = p.type === 'month' ? 'm' : 'fy'
  return (
    prefix +
    formatPeriod(p)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
  )
}

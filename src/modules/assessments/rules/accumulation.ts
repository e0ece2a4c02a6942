/**
 * Snapshot and cumulative indicators (`shared/design/assessment.md`, "Snapshot or cumulative"):
 * the year-to-date figure, the year-to-date target and the run-rate forecast of a cumulative
 * indicator. Pure; sums without binary noise: a year's quarters of 0.1 add up to 0.4, not 0.4000000001.
 */
import { round15, valueFromParts, type PlaceValue, type Unit } from './engine.ts'

export type Accumulation = 'snapshot' | 'cumulative'

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

/** Units whose periods build up the year when the indicator does not say. */
const CUMULATIVE_UNITS = new Set(['count', 'money', 'rate'])

/**
 * How an indicator's in-year figures relate to its annual target: as stated, else by unit
 * (`count`, `money`, `rate` cumulative; `percent`, `score`, `ratio` snapshot).
 */
export function accumulationOf(unit: string | null | undefined, accumulation?: string | null): Accumulation {
  if (accumulation === 'snapshot' || accumulation === 'cumulative') return accumulation
  return unit && CUMULATIVE_UNITS.has(unit) ? 'cumulative' : 'snapshot'
}

/**
 * The year-to-date figure from the year's periods so far (in order, the current one last): null
 * when any of them is missing. Percentages and ratios add numerators and denominators and
 * divide (null without them); everything else adds the values — a rate per N population is the
 * sum of the periods' rates.
 */
export function yearToDate(
  periods: readonly (PlaceValue | null | undefined)[],
  unit: Unit,
  ratePer?: number | null,
): number | null {
  if (periods.length === 0) return null
  if (!periods.every((p) => p && isNum(p.value))) return null
  const values = periods as readonly PlaceValue[]
  if (unit === 'percent' || unit === 'ratio') {
    if (!values.every((p) => isNum(p.numerator) && isNum(p.denominator))) return null
    const sum = (k: 'numerator' | 'denominator') => round15(values.reduce((s, p) => s + (p[k] as number), 0))
    return valueFromParts(sum('numerator'), sum('denominator'), unit, ratePer)
  }
  return round15(values.reduce((s, p) => s + (p.value as number), 0))
}

/**
 * The year-to-date target of a cumulative indicator's period: its own trajectory value when it
 * has one (a profiled period's value is its year-to-date target), else the year's value × the
 * share of the year elapsed at the end of the period (Q2 → 2/4, month 7 → 7/12).
 */
export function cumulativeTarget(
  exact: number | null | undefined,
  annual: number | null | undefined,
  elapsed: number,
  inYear: number,
): number | null {
  if (isNum(exact)) return exact
  if (!isNum(annual) || !(inYear > 0) || !(elapsed > 0)) return null
  return round15((annual * elapsed) / inYear)
}

/** The year-end forecast of a cumulative figure: run on at its rate (ytd ÷ elapsed × periods in the year). */
export function runRateForecast(
  ytd: number | null | undefined,
  elapsed: number,
  inYear: number,
): number | null {
  if (!isNum(ytd) || !(elapsed > 0) || !(inYear > 0)) return null
  return round15((ytd / elapsed) * inYear)
}

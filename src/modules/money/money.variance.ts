/**
 * Variance of spend against the profiled budget (002 §24), pure: no I/O, no binary floats. Money
 * is whole pence (safe integers); percentages and thresholds are exact decimals compared in
 * integers (BigInt where a product could pass 2^53).
 */

/** Whole pence added exactly (the one adder of src/lib/money.ts). */
export { sumPence } from '../../lib/money.ts'

export type Quarter = 1 | 2 | 3 | 4
export type Profile = readonly [number, number, number, number]

/** green: within amber; amber: beyond the amber threshold; red: beyond the red threshold. */
export const rags = ['green', 'amber', 'red'] as const
export type Rag = (typeof rags)[number]
export const ragLabels: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' }

/** The partnership's thresholds, percent of the profiled budget, as exact decimals (`2`, `2.5`, `5.00`). */
export interface Thresholds {
  amberPercent: string
  redPercent: string
}
export const DEFAULT_THRESHOLDS: Thresholds = { amberPercent: '2', redPercent: '5' }

const DECIMAL = /^\d{1,4}(\.\d{1,2})?$/

/** A threshold as hundredths of a percent (`2.5` → 250); throws on anything but a 0-9999.99 decimal. */
export function hundredths(percent: string): number {
  const s = String(percent).trim()
  if (!DECIMAL.test(s)) throw new Error(`not a threshold: ${percent}`)
  const [whole, frac = ''] = s.split('.')
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'))
}

/** A threshold shown as the shortest decimal (`2.50` → `2.5`, `5.00` → `5`). */
export const formatThreshold = (percent: string) => {
  const h = hundredths(percent)
  const frac = String(h % 100).padStart(2, '0')
  return frac === '00' ? String(Math.floor(h / 100)) : `${Math.floor(h / 100)}.${frac.replace(/0$/, '')}`
}

const checkPence = (n: number, what: string) => {
  if (!Number.isSafeInteger(n)) throw new Error(`${what} must be whole pence: ${n}`)
}

/**
 * A year's amount split into its four quarters: the allocation's profile when it has one, else
 * even quarters with the remainder pence in the last, so the quarters add up to the amount exactly.
 */
export function quarterlyProfile(amountPence: number, profile?: readonly number[] | null): Profile {
  checkPence(amountPence, 'amount')
  if (profile) {
    if (profile.length !== 4) throw new Error('a profile has four quarterly amounts')
    profile.forEach((p) => checkPence(p, 'profile'))
    return [profile[0]!, profile[1]!, profile[2]!, profile[3]!]
  }
  const quarter = Math.trunc(amountPence / 4)
  return [quarter, quarter, quarter, amountPence - 3 * quarter]
}

/** The profiled budget to the end of quarter `q` (Q1 = April-June … Q4 = the whole year). */
export function profiledToDate(
  amountPence: number,
  profile: readonly number[] | null | undefined,
  q: Quarter,
) {
  return quarterlyProfile(amountPence, profile)
    .slice(0, q)
    .reduce((s, p) => s + p, 0)
}

/**
 * `variance` as a percentage of `base`, to two decimal places (half away from zero), as text
 * (`-3.25`); null when the base is zero (no percentage of nothing).
 */
export function percentOf(variancePence: number, basePence: number): string | null {
  if (basePence === 0) return null
  const v = BigInt(variancePence)
  const b = BigInt(basePence < 0 ? -basePence : basePence)
  const neg = v < 0n !== basePence < 0
  const abs = v < 0n ? -v : v
  // hundredths of a percent = v × 10000 / b, rounded half up on the magnitude.
  const scaled = (abs * 10000n * 2n + b) / (2n * b)
  if (scaled === 0n) return '0.00'
  const whole = scaled / 100n
  const frac = String(scaled % 100n).padStart(2, '0')
  return `${neg ? '-' : ''}${whole}.${frac}`
}

/**
 * How far a variance is from its base against the thresholds: beyond amber (strictly) is amber,
 * beyond red is red, in either direction (an underspend is a variance too). Against a zero base
 * any variance at all is red. Exact: |v| × 10000 > threshold(hundredths) × |base|.
 */
export function ragOf(variancePence: number, basePence: number, thresholds: Thresholds): Rag {
  const v = BigInt(Math.abs(variancePence))
  if (v === 0n) return 'green'
  const b = BigInt(Math.abs(basePence))
  if (b === 0n) return 'red'
  const beyond = (t: string) => v * 10000n > BigInt(hundredths(t)) * b
  if (beyond(thresholds.redPercent)) return 'red'
  if (beyond(thresholds.amberPercent)) return 'amber'
  return 'green'
}

const worse = (a: Rag, b: Rag): Rag => (rags.indexOf(a) >= rags.indexOf(b) ? a : b)

export interface VarianceInput {
  /** The year's budget (a recipient's allocations from the stream for the year). */
  budgetPence: number
  /** The budget profiled to the end of the return's quarter. */
  profiledPence: number
  actualPence: number
  /** Forecast year-end outturn, if given. */
  forecastPence?: number | null
}

export interface Variance {
  /** Actual to date − profiled to date. */
  variancePence: number
  variancePercent: string | null
  /** Forecast outturn − the year's budget (null without a forecast). */
  forecastVariancePence: number | null
  forecastVariancePercent: string | null
  /** The worse of the two against the thresholds. */
  rag: Rag
  /** Beyond the amber threshold: the recipient must explain it (002 §24). */
  explanationRequired: boolean
}

/** The variance of a spend return (or of totals: variance is linear, so the totals' is the variances' total). */
export function varianceOf(input: VarianceInput, thresholds: Thresholds): Variance {
  checkPence(input.budgetPence, 'budget')
  checkPence(input.profiledPence, 'profiled budget')
  checkPence(input.actualPence, 'actual')
  const variancePence = input.actualPence - input.profiledPence
  const forecast = input.forecastPence ?? null
  if (forecast !== null) checkPence(forecast, 'forecast')
  const forecastVariancePence = forecast === null ? null : forecast - input.budgetPence
  const rag = worse(
    ragOf(variancePence, input.profiledPence, thresholds),
    forecastVariancePence === null ? 'green' : ragOf(forecastVariancePence, input.budgetPence, thresholds),
  )
  return {
    variancePence,
    variancePercent: percentOf(variancePence, input.profiledPence),
    forecastVariancePence,
    forecastVariancePercent:
      forecastVariancePence === null ? null : percentOf(forecastVariancePence, input.budgetPence),
    rag,
    explanationRequired: rag !== 'green',
  }
}

/** Thresholds as the form and API give them, checked: exact decimals, both ≥ 0, amber ≤ red. */
export function thresholdErrors(t: { amberPercent: string; redPercent: string }): Record<string, string> {
  const errors: Record<string, string> = {}
  const ok = (s: string) => DECIMAL.test(String(s).trim())
  if (!ok(t.amberPercent))
    errors.amberPercent = 'Amber threshold must be a percentage from 0 to 9999.99, like 2 or 2.5'
  if (!ok(t.redPercent)) errors.redPercent = 'Red threshold must be a percentage from 0 to 9999.99, like 5'
  if (!errors.amberPercent && !errors.redPercent && hundredths(t.amberPercent) > hundredths(t.redPercent))
    errors.redPercent = 'Red threshold must be at least the amber threshold'
  return errors
}

/**
 * A recipient's year from its allocations: the budget (their sum) and the budget profiled to the
 * end of quarter `q` (each allocation by its own profile, else even quarters).
 */
export function allocatedFigures(
  allocations: readonly { amountPence: number; profile?: readonly number[] | null }[],
  q: Quarter,
) {
  let budgetPence = 0
  let profiledPence = 0
  for (const a of allocations) {
    budgetPence += a.amountPence
    profiledPence += profiledToDate(a.amountPence, a.profile, q)
  }
  checkPence(budgetPence, 'budget')
  checkPence(profiledPence, 'profiled budget')
  return { budgetPence, profiledPence }
}

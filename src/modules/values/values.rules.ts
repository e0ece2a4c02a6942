/**
 * Plausibility warnings for an entered value, as pure functions. Warnings never block a save:
 * they ask the provider to check a figure that is far from the indicator's history. And whether
 * a value given beside its numerator and denominator is the value they give.
 */
import { Decimal } from 'decimal.js'

/** More than this many interquartile ranges outside the quartiles of the history is unusual. */
export const IQR_FACTOR = 3
/** A change of at least this share of the previous period's value is a jump worth checking. */
export const JUMP_SHARE = 0.5
/** Quartiles need at least this many previous values to mean anything. */
export const MIN_HISTORY_FOR_IQR = 4

/** Quartile by linear interpolation between closest ranks (the spreadsheet QUARTILE.INC). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

const fmt = (n: number) =>
  new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(Math.round(n * 100) / 100)

export interface WarningInput {
  value: number
  unit: string | null
  /** Earlier values of the same indicator and place, oldest first. */
  history: readonly { period: string; value: number | null }[]
}

/** Messages for a value that is far outside its history, or that jumps from the latest earlier value. */
export function valueWarnings(input: WarningInput): string[] {
  const warnings: string[] = []
  const { value } = input
  const past = input.history.map((h) => h.value).filter((v): v is number => typeof v === 'number')
  if (past.length >= MIN_HISTORY_FOR_IQR) {
    const sorted = [...past].sort((a, b) => a - b)
    const q1 = quantile(sorted, 0.25)
    const q3 = quantile(sorted, 0.75)
    const iqr = q3 - q1
    if (iqr > 0 && (value < q1 - IQR_FACTOR * iqr || value > q3 + IQR_FACTOR * iqr))
      warnings.push(
        `${fmt(value)} is far outside this indicator’s previous values here (middle half ${fmt(q1)} to ${fmt(q3)}): check it is right`,
      )
  }
  // The latest earlier value, even across a gap: a jump from it is worth a second look either way.
  const previous = [...input.history].reverse().find((h) => typeof h.value === 'number')
  if (previous && typeof previous.value === 'number' && previous.value !== 0) {
    const change = (value - previous.value) / Math.abs(previous.value)
    if (Math.abs(change) >= JUMP_SHARE)
      warnings.push(
        `${fmt(value)} is ${change > 0 ? 'up' : 'down'} ${Math.round(Math.abs(change) * 100)}% on ${previous.period} (${fmt(previous.value)}): check it is right, and explain the change in the commentary`,
      )
  }
  if (input.unit === 'percent' && value > 0 && value < 1 && past.length > 0 && past.every((p) => p >= 1))
    warnings.push('Percentages are entered as 0 to 100: did you mean ' + fmt(value * 100) + '?')
  return warnings
}

/**
 * Does a value given beside its numerator and denominator match them at the precision it is
 * shown to? `35.83`, `35.8` and `35.829688` all match 22931 / 640000 per 1,000 (35.8296875):
 * each is within half a unit of its last shown place of the exact figure, in decimal arithmetic.
 * Such a value is the value the numerator and denominator give, not a different one.
 */
export function matchesParts(value: number, numerator: number, denominator: number, scale: number): boolean {
  if (!Number.isFinite(value) || denominator === 0) return false
  const exact = new Decimal(numerator).div(denominator).times(scale)
  // The places it is shown to: those of its shortest decimal form (35.83 → 2, 36 → 0).
  const halfUnit = new Decimal(10).pow(-new Decimal(value).decimalPlaces()).div(2)
  return exact.minus(value).abs().lte(halfUnit)
}

/**
 * Figures as exports carry them: entered figures exactly as entered, derived ones to six decimal
 * places in decimal arithmetic, without binary noise (`-2.5`, not `-2.50000000000001`; `35.829688`,
 * not `35.82968750000001`). A figure so written reads back as the same figure.
 */
import { Decimal } from 'decimal.js'

/** Decimal places of a derived figure in an export. */
export const DERIVED_PLACES = 6

/** A derived figure (a ratio, a share, a sum, a forecast) to six decimal places, or null. */
export function derivedFigure(n: number | null | undefined): number | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null
  // Decimal reads a number by its shortest decimal form, so the rounding is of what is shown.
  const d = new Decimal(n).toDecimalPlaces(DERIVED_PLACES, Decimal.ROUND_HALF_UP)
  return d.isZero() ? 0 : d.toNumber()
}

/** An entered figure, exactly as it was entered (its shortest decimal form), or null. */
export function enteredFigure(n: number | null | undefined): number | null {
  if (n === null || n === undefined || !Number.isFinite(n)) return null
  return n
}

/** Decimal places a figure is shown to: those of its shortest decimal form (`35.83` → 2, `1e-7` → 7). */
export function shownPlaces(n: number): number {
  return new Decimal(n).decimalPlaces()
}

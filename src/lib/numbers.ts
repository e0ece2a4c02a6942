/**
 * Figures as people read them: rounded (halves up, in exact decimals) to the indicator's decimal
 * places, never `20.5263157894737` or `-2.50000000000001`; reward shares as whole percentages;
 * money in pounds and pence. And figures as exports carry them: to six decimal places at most,
 * without binary noise.
 */
import { Decimal } from 'decimal.js'

/** The decimal places shown when an indicator records none: 0 for a count, 2 for money, 1 otherwise. */
export function defaultDecimals(unit: string | null | undefined): number {
  return unit === 'count' ? 0 : unit === 'money' ? 2 : 1
}

/** An indicator's decimal places: as recorded (0 to 6), else the unit's default. */
export function decimalsOf(indicator: { unit: string | null; decimals?: number | null }): number {
  const d = indicator.decimals
  return typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 6
    ? d
    : defaultDecimals(indicator.unit)
}

const formats = new Map<number, Intl.NumberFormat>()
/** One formatter per number of places: a page formats hundreds of figures. */
function formatFor(decimals: number) {
  let f = formats.get(decimals)
  if (!f)
    formats.set(
      decimals,
      (f = new Intl.NumberFormat('en-GB', {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      })),
    )
  return f
}

const isNum = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n)

/** The number as the decimal it stands for (15 significant digits: no binary noise). */
const exact = (n: number) => new Decimal(n.toPrecision(15))

/** `1,234.5` for 1234.5 at one place; halves round up (away from zero); '' for nothing. */
export function formatFigure(value: number | null | undefined, decimals: number): string {
  if (!isNum(value)) return ''
  const rounded = exact(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP)
  // Intl reads a decimal string exactly; `-0.0` reads as 0.
  const text = rounded.isZero() ? '0' : rounded.toFixed(decimals)
  return formatFor(decimals).format(text as unknown as number)
}

/** How a value of this indicator reads, to its decimal places: `21.6%`, `£423,000.00`, `12.5 per 1,000`. */
export function formatIndicatorValue(
  value: number | null | undefined,
  indicator: { unit: string | null; ratePer?: number | null; decimals?: number | null },
): string {
  if (!isNum(value)) return ''
  const n = formatFigure(value, decimalsOf(indicator))
  switch (indicator.unit) {
    case 'percent':
      return `${n}%`
    case 'money':
      return n.startsWith('-') ? `-£${n.slice(1)}` : `£${n}`
    case 'rate':
      return indicator.ratePer ? `${n} per ${formatFigure(indicator.ratePer, 0)}` : n
    default:
      return n
  }
}

/** A sum of money: whole pounds as `£60,000`, otherwise with its pence (`£864.20`). */
export function formatMoney(value: number | null | undefined): string {
  if (!isNum(value)) return ''
  const pence = exact(value).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
  const whole = pence.mod(100).isZero()
  const text = formatFigure(pence.div(100).toNumber(), whole ? 0 : 2)
  return text.startsWith('-') ? `-£${text.slice(1)}` : `£${text}`
}

/**
 * A reward share as a whole percentage (`60%`); a share below zero — the figure moved away from
 * the stretch — reads as such rather than as `-350%`.
 */
export function formatShare(share: number | null | undefined): string {
  if (!isNum(share)) return ''
  const pct = exact(share).times(100)
  if (pct.lt(0)) return 'no progress towards the stretch'
  return `${formatFigure(pct.toNumber(), 0)}%`
}

/** A derived figure for an export: at most six decimal places, without binary noise (`-2.5`, not `-2.50000000000001`). */
export function exportFigure(value: number | null | undefined): number | null {
  if (!isNum(value)) return null
  return exact(value).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toNumber() || 0
}

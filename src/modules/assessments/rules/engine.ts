/**
 * The assessment rules of `shared/design/assessment.md`, as pure functions over plain numbers.
 * No I/O, no dates: callers pass values in period order. Every function is total: bad or missing
 * input gives a defined status (`no-data`, `no-target`, `n/a`, null), never NaN or a throw.
 * Boundaries (on target, the tolerance limit, a reward share of 0.6) and money are worked out in
 * exact decimal arithmetic, not binary floating point.
 */
import { Decimal } from 'decimal.js'

export type Polarity = 'higher' | 'lower' | 'neither'
export type Rag = 'green' | 'amber' | 'red' | 'no-target' | 'no-data' | 'n/a'
export type Direction = 'improving' | 'worsening' | 'unchanged' | 'n/a'
export type Combine = 'sum' | 'ratio' | 'none'
export type Unit = 'percent' | 'count' | 'rate' | 'money' | 'score' | 'ratio'

export const DEFAULT_TOLERANCE_PERCENT = 5

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * A number as the decimal it stands for: its 15 significant digits, so that binary noise from
 * earlier arithmetic (0.1 + 0.2 = 0.30000000000000004) is not taken for a real difference.
 */
export const dec = (n: number) => new Decimal(n.toPrecision(15))

/** A decimal back to a number (15 significant digits, plain zero). */
export const num = (d: Decimal) => Number(d.toSignificantDigits(15).toString()) || 0

/**
 * A binary floating-point result as the decimal it stands for: 15 significant digits. Sums and
 * products of a few figures of at most 15 digits are off by far less than the 15th digit, so
 * this gives what exact decimal arithmetic gives (0.1 + 0.2 → 0.3), at a fraction of the cost.
 */
export const round15 = (n: number) =>
  Number.isInteger(n) && Math.abs(n) < 1e15 ? n || 0 : Number(n.toPrecision(15)) || 0

/**
 * How far from a boundary binary floating point can be trusted: far wider than its error on
 * figures of 15 digits, far narrower than any real difference. Within it, decimals decide.
 */
const nearby = (...ns: number[]) => 1e-9 * Math.max(1, ...ns.map(Math.abs))

/**
 * How much better `a` is than `b` for this polarity: positive = better, negative = worse.
 * Null for `neither` (never rated) or missing numbers.
 */
export function betterBy(
  a: number | null | undefined,
  b: number | null | undefined,
  polarity: Polarity,
): number | null {
  if (!isNum(a) || !isNum(b) || polarity === 'neither') return null
  return polarity === 'higher' ? a - b : b - a
}

/**
 * The target for a period: the trajectory value for that exact period, else (for a quarter or
 * month) the value of its financial year.
 */
export function targetForPeriod(
  trajectory: ReadonlyMap<string, number>,
  period: string,
  financialYearOf: (period: string) => string,
): number | null {
  const exact = trajectory.get(period)
  if (isNum(exact)) return exact
  const year = financialYearOf(period)
  if (year !== period) {
    const annual = trajectory.get(year)
    if (isNum(annual)) return annual
  }
  return null
}

/**
 * RAG against the period's target. `tol = tolerance% × |target|`; green on target or better,
 * amber worse by no more than tol, red worse by more. A zero target has zero tolerance.
 */
export function rag(input: {
  value: number | null | undefined
  target: number | null | undefined
  tolerancePercent?: number | null | undefined
  polarity: Polarity
}): Rag {
  if (input.polarity === 'neither') return 'n/a'
  if (!isNum(input.target)) return 'no-target'
  if (!isNum(input.value)) return 'no-data'
  const pct =
    isNum(input.tolerancePercent) && input.tolerancePercent >= 0
      ? input.tolerancePercent
      : DEFAULT_TOLERANCE_PERCENT
  // Binary floating point decides whatever is clearly away from the two boundaries (on target,
  // the tolerance limit); exact decimals decide the rest.
  const shortBy = betterBy(input.target, input.value, input.polarity) as number
  const tolF = (pct / 100) * Math.abs(input.target)
  const near = nearby(input.value, input.target)
  if (shortBy < -near) return 'green'
  if (shortBy > near && shortBy < tolF - near) return 'amber'
  if (shortBy > tolF + near) return 'red'
  const target = dec(input.target)
  const tol = dec(pct).div(100).times(target.abs())
  const diff = dec(input.value).minus(target)
  const margin = input.polarity === 'higher' ? diff : diff.neg()
  if (margin.gte(0)) return 'green'
  if (margin.neg().lte(tol)) return 'amber'
  return 'red'
}

/** Direction of travel from `previous` to `current`, respecting polarity. */
export function direction(
  current: number | null | undefined,
  previous: number | null | undefined,
  polarity: Polarity,
): Direction {
  if (!isNum(current) || !isNum(previous)) return 'n/a'
  const d = current - previous
  // Exact decimals only where the two are too close for binary floating point to tell.
  const sign = Math.abs(d) > nearby(current, previous) ? Math.sign(d) : dec(current).cmp(dec(previous))
  if (sign === 0) return 'unchanged'
  if (polarity === 'neither') return 'n/a'
  return sign > 0 === (polarity === 'higher') ? 'improving' : 'worsening'
}

/**
 * Least-squares line through the last (up to four) points, evaluated at `atX`. Points are
 * (x = period ordinal, y = value); needs at least two points with distinct x, else null.
 */
export function forecast(points: readonly { x: number; y: number }[], atX: number): number | null {
  const usable = points
    .filter((p) => isNum(p.x) && isNum(p.y))
    .sort((a, b) => a.x - b.x)
    .slice(-4)
  if (usable.length < 2) return null
  const n = usable.length
  const mx = usable.reduce((s, p) => s + p.x, 0) / n
  const my = usable.reduce((s, p) => s + p.y, 0) / n
  const sxx = usable.reduce((s, p) => s + (p.x - mx) ** 2, 0)
  if (sxx === 0) return null
  const sxy = usable.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0)
  const slope = sxy / sxx
  const y = my + slope * (atX - mx)
  return isNum(y) ? y : null
}

export interface PlaceValue {
  value: number | null | undefined
  numerator?: number | null | undefined
  denominator?: number | null | undefined
}

/** The multiplier that turns numerator/denominator into the indicator's unit. */
export function unitScale(unit: Unit, ratePer?: number | null): number {
  if (unit === 'percent') return 100
  if (unit === 'rate') return isNum(ratePer) && ratePer > 0 ? ratePer : 1
  return 1
}

/** A value from numerator and denominator; null when the denominator is missing or zero. */
export function valueFromParts(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
  unit: Unit,
  ratePer?: number | null,
): number | null {
  if (!isNum(numerator) || !isNum(denominator) || denominator === 0) return null
  return (numerator / denominator) * unitScale(unit, ratePer)
}

/**
 * A parent place's value derived from its children, only when every child has what the method
 * needs: `sum` adds values; `ratio` adds numerators and denominators then divides (never an
 * average of rates); `none` derives nothing. Returns null when it cannot be derived.
 */
export function deriveParent(
  children: readonly PlaceValue[],
  combine: Combine,
  unit: Unit,
  ratePer?: number | null,
): { value: number; numerator?: number; denominator?: number } | null {
  if (children.length === 0 || combine === 'none') return null
  if (combine === 'sum') {
    if (!children.every((c) => isNum(c.value))) return null
    return { value: round15(children.reduce((s, c) => s + (c.value as number), 0)) }
  }
  if (!children.every((c) => isNum(c.numerator) && isNum(c.denominator))) return null
  const numerator = children.reduce((s, c) => s + (c.numerator as number), 0)
  const denominator = children.reduce((s, c) => s + (c.denominator as number), 0)
  const value = valueFromParts(numerator, denominator, unit, ratePer)
  return value === null ? null : { value, numerator, denominator }
}

/** Share of the stretch achieved: (value − without) / (stretch − without). Works for either polarity. */
export function rewardShare(
  value: number | null | undefined,
  withoutReward: number | null | undefined,
  stretch: number | null | undefined,
): number | null {
  if (!isNum(value) || !isNum(withoutReward) || !isNum(stretch) || stretch === withoutReward) return null
  return num(
    dec(value)
      .minus(dec(withoutReward))
      .div(dec(stretch).minus(dec(withoutReward))),
  )
}

/**
 * Reward payable: grant × min(share, 1) when share ≥ 0.6, else 0. Worked out in pence (to the
 * nearest penny, halves up) and given back in pounds: a share of exactly 0.6 pays exactly 60%.
 */
export const REWARD_THRESHOLD = 0.6
export function rewardPayable(grant: number | null | undefined, share: number | null | undefined): number {
  return rewardPayablePence(grant, share) / 100
}

/** `rewardPayable` in whole pence. */
export function rewardPayablePence(
  grant: number | null | undefined,
  share: number | null | undefined,
): number {
  if (!isNum(grant) || !isNum(share)) return 0
  const s = dec(share)
  if (s.lt(REWARD_THRESHOLD)) return 0
  const pence = dec(grant).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
  return pence.times(Decimal.min(s, 1)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}

/**
 * "Needs an improvement plan": red in two consecutive periods. `statuses` are in period order,
 * one per consecutive period of the indicator's frequency (use `no-data` for a gap). The flag
 * holds from the second red until an amber or green; missing data neither raises nor clears it.
 */
export function needsImprovementPlan(statuses: readonly Rag[]): boolean {
  let flagged = false
  let previous: Rag | undefined
  for (const s of statuses) {
    if (s === 'red' && previous === 'red') flagged = true
    else if (s === 'green' || s === 'amber') flagged = false
    if (s !== 'no-data') previous = s
    else previous = undefined
  }
  return flagged
}

/**
 * One target's assessments from its inputs, with the pure rules of the assessment engine: a row
 * per place and period. No I/O: the service loads what was known at a moment and passes it in.
 */
import {
  financialYearOf,
  formatPeriod,
  frequencyPeriodType,
  monthsOf,
  quartersOf,
  shiftPeriod,
  startDate,
  yearsBetween,
  yearSoFar,
  type Period,
} from '../../periods/index.ts'
import {
  deriveParent,
  direction,
  forecast,
  needsImprovementPlan,
  rag,
  rewardPayable,
  rewardShare,
  targetForPeriod,
  type Combine,
  type Polarity,
  type Rag,
  type Unit,
} from './rules/engine.ts'
import { accumulationOf, cumulativeTarget, runRateForecast, yearToDate } from './rules/accumulation.ts'

export interface KnownValue {
  placeId: string
  period: string
  value: number | null
  numerator: number | null
  denominator: number | null
  status: string
}

export interface TargetInputs {
  placeId: string
  /** The places below the target's place: id and parent. */
  places: { id: string; parentId: string | null }[]
  /** Per-place trajectory rows have a placeId; the target's own rows have null. */
  trajectory: { placeId: string | null; period: string; value: number }[]
  values: KnownValue[]
  indicator: {
    polarity: string | null
    unit: string | null
    ratePer: number | null
    combine: string
    frequency: string | null
    /** snapshot | cumulative; null: the unit's default (`accumulationOf`). */
    accumulation?: string | null
  }
  version: {
    kind: string
    tolerancePercent: number
    baselineValue: number | null
    withoutRewardValue: number | null
    stretchValue: number | null
    rewardGrant: number | null
  }
  agreement: { startYear: number; endYear: number }
}

export interface ComputedRow {
  placeId: string
  period: string
  periodStart: string
  value: number | null
  valueSource: 'entered' | 'derived' | null
  targetValue: number | null
  status: Rag
  direction: string
  directionBaseline: string
  forecastValue: number | null
  forecastStatus: Rag
  rewardShare: number | null
  rewardPayable: number | null
  needsPlan: boolean
  provisional: boolean
}

/** Statuses of a value version that count: drafts and returned values are not yet known. */
export const COUNTED = new Set(['submitted', 'approved'])

/** The periods of the indicator's frequency within the agreement's years, in order. */
export function agreementPeriods(frequency: string | null, startYear: number, endYear: number): Period[] {
  const type = frequencyPeriodType[(frequency ?? 'annual') as keyof typeof frequencyPeriodType] ?? 'year'
  const years = yearsBetween(startYear, endYear)
  if (type === 'year') return years
  return years.flatMap((y) => (type === 'quarter' ? quartersOf(y.year) : monthsOf(y.year)))
}

/** The last period of the same type in the period's financial year. */
function yearEnd(p: Period): Period {
  if (p.type === 'year') return p
  const fy = financialYearOf(p).year
  return p.type === 'quarter' ? quartersOf(fy)[3]! : monthsOf(fy)[11]!
}

/** A position on a line for the trend: consecutive periods of one type are one apart. */
function ordinal(p: Period): number {
  if (p.type === 'year') return p.year
  if (p.type === 'quarter') return p.year * 4 + p.quarter - 1
  return p.year * 12 + p.month - 1
}

/** Period text → its financial year's text; memoised, as a national recompute asks millions of times. */
const fyTexts = new Map<string, string>()
function fyText(period: string) {
  let text = fyTexts.get(period)
  if (text === undefined) fyTexts.set(period, (text = formatPeriod(financialYearOf(period))))
  return text
}

/**
 * 15 significant digits. An integer of at most 15 digits already is one, so it skips the string
 * round trip (zero as +0, as the round trip gives it).
 */
const round = (n: number | null) =>
  n === null ? null : Number.isInteger(n) && Math.abs(n) < 1e15 ? n || 0 : Number(n.toPrecision(15))

interface CalendarEntry {
  text: string
  start: string
  previous: string
  x: number
  endText: string
  endX: number
  /** Position in its financial year (1 = first) and the number of such periods in a year. */
  elapsed: number
  inYear: number
  /** The year's periods up to this one, and the same periods of the year before. */
  soFar: string[]
  lastYearSoFar: string[]
}
const calendars = new Map<string, CalendarEntry[]>()

/** The agreement's periods with what each row needs of them, worked out once per frequency and years. */
function calendar(frequency: string | null, startYear: number, endYear: number): CalendarEntry[] {
  const key = `${frequency}|${startYear}|${endYear}`
  let entries = calendars.get(key)
  if (!entries) {
    entries = agreementPeriods(frequency, startYear, endYear).map((p) => {
      const end = yearEnd(p)
      const { soFar, inYear } = yearSoFar(p)
      const elapsed = soFar.length
      return {
        elapsed,
        inYear,
        soFar: soFar.map(formatPeriod),
        lastYearSoFar: soFar.map((q) => formatPeriod(shiftPeriod(q, -inYear))),
        text: formatPeriod(p),
        start: startDate(p),
        previous: formatPeriod(shiftPeriod(p, -1)),
        x: ordinal(p),
        endText: formatPeriod(end),
        endX: ordinal(end),
      }
    })
    calendars.set(key, entries)
  }
  return entries
}

export function computeRows(input: TargetInputs): ComputedRow[] {
  const polarity = (input.indicator.polarity ?? 'neither') as Polarity
  const unit = (input.indicator.unit ?? 'count') as Unit
  const combine = (input.indicator.combine ?? 'none') as Combine
  const children = new Map<string, string[]>()
  for (const p of input.places)
    if (p.parentId) children.set(p.parentId, [...(children.get(p.parentId) ?? []), p.id])

  // Values and results by place, then period: no key strings to build on every look-up.
  const entered = new Map<string, Map<string, KnownValue>>()
  for (const v of input.values) {
    if (!COUNTED.has(v.status)) continue
    const atPlace = entered.get(v.placeId)
    if (atPlace) atPlace.set(v.period, v)
    else entered.set(v.placeId, new Map([[v.period, v]]))
  }

  type Resolved = {
    value: number
    numerator?: number | null
    denominator?: number | null
    derived: boolean
    provisional: boolean
  }
  const memo = new Map<string, Map<string, Resolved | null>>()
  /** The entered value, else one derived from every child place (recursively); null when neither. */
  const valueAt = (placeId: string, period: string, depth = 0): Resolved | null => {
    let atPlace = memo.get(placeId)
    if (!atPlace) memo.set(placeId, (atPlace = new Map<string, Resolved | null>()))
    const known = atPlace.get(period)
    if (known !== undefined) return known
    let out: Resolved | null = null
    const v = entered.get(placeId)?.get(period)
    if (v && v.value !== null)
      out = {
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
        derived: false,
        provisional: v.status !== 'approved',
      }
    else if (depth < 10) {
      const kids = (children.get(placeId) ?? []).map((c) => valueAt(c, period, depth + 1))
      if (kids.length && kids.every((k) => k !== null)) {
        const d = deriveParent(kids, combine, unit, input.indicator.ratePer)
        if (d) out = { ...d, derived: true, provisional: kids.some((k) => k.provisional) }
      }
    }
    atPlace.set(period, out)
    return out
  }

  const trajectories = new Map<string, Map<string, number>>()
  for (const t of input.trajectory) {
    const k = t.placeId ?? input.placeId
    if (!trajectories.has(k)) trajectories.set(k, new Map())
    // The target's own rows win over per-place rows given for its own place.
    if (t.placeId === null || !trajectories.get(k)!.has(t.period)) trajectories.get(k)!.set(t.period, t.value)
  }

  const direct = children.get(input.placeId) ?? []
  const assessed = [
    ...new Set([
      input.placeId,
      ...direct,
      ...input.trajectory.flatMap((t) => (t.placeId ? [t.placeId] : [])),
    ]),
  ]
  const periods = calendar(input.indicator.frequency, input.agreement.startYear, input.agreement.endYear)
  const tol = input.version.tolerancePercent
  const isReward = input.version.kind === 'reward'
  const cumulative = accumulationOf(unit, input.indicator.accumulation) === 'cumulative'
  const ratePer = input.indicator.ratePer
  /** A cumulative figure: the sum of these periods (null when one is missing), and whether any is provisional. */
  const ytdAt = (placeId: string, texts: readonly string[]) => {
    const parts = texts.map((t) => valueAt(placeId, t))
    return {
      value: yearToDate(parts, unit, ratePer),
      provisional: parts.some((v) => v?.provisional),
    }
  }
  const out: ComputedRow[] = []

  for (const placeId of assessed) {
    const trajectory = trajectories.get(placeId) ?? new Map<string, number>()
    const own = placeId === input.placeId
    const statuses: Rag[] = []
    const points: { x: number; y: number }[] = []
    let last: { text: string; value: number | null } | undefined
    for (const p of periods) {
      const period = p.text
      const v = valueAt(placeId, period)
      let value: number | null
      let targetValue: number | null
      let previous: number | null
      let forecastValue: number | null
      let yearTarget: number | null
      let provisional = v?.provisional ?? false
      if (cumulative) {
        // Rated on the year to date, against the year-to-date target and the same point last year.
        const ytd = ytdAt(placeId, p.soFar)
        value = ytd.value
        provisional = value !== null && ytd.provisional
        const annual = trajectory.get(fyText(period))
        targetValue = cumulativeTarget(trajectory.get(period), annual, p.elapsed, p.inYear)
        yearTarget = cumulativeTarget(trajectory.get(p.endText), annual, p.inYear, p.inYear)
        previous = ytdAt(placeId, p.lastYearSoFar).value
        forecastValue = runRateForecast(value, p.elapsed, p.inYear)
      } else {
        value = v?.value ?? null
        targetValue = targetForPeriod(trajectory, period, fyText)
        if (value !== null) points.push({ x: p.x, y: value })
        // The previous period is usually the one just assessed.
        previous = last?.text === p.previous ? last.value : (valueAt(placeId, p.previous)?.value ?? null)
        last = { text: period, value }
        forecastValue = value !== null ? forecast(points, p.endX) : null
        yearTarget = targetForPeriod(trajectory, p.endText, fyText)
      }
      const status = rag({ value, target: targetValue, tolerancePercent: tol, polarity })
      statuses.push(status)
      const share =
        isReward && own
          ? rewardShare(value, input.version.withoutRewardValue, input.version.stretchValue)
          : null
      out.push({
        placeId,
        period,
        periodStart: p.start,
        value: round(value),
        valueSource: v && value !== null ? (v.derived ? 'derived' : 'entered') : null,
        targetValue,
        status,
        direction: direction(value, previous, polarity),
        // The baseline is an annual figure: a cumulative year is compared by its forecast year-end.
        directionBaseline: own
          ? direction(cumulative ? forecastValue : value, input.version.baselineValue, polarity)
          : 'n/a',
        forecastValue: round(forecastValue),
        forecastStatus: rag({ value: forecastValue, target: yearTarget, tolerancePercent: tol, polarity }),
        rewardShare: round(share),
        rewardPayable: isReward && own ? round(rewardPayable(input.version.rewardGrant, share)) : null,
        needsPlan: needsImprovementPlan(statuses),
        provisional,
      })
    }
  }
  return out
}

/** Whether a stored row says the same as a computed one (numbers compared as stored). */
export function sameRow(
  a: ComputedRow,
  b: Omit<ComputedRow, 'valueSource' | 'status' | 'forecastStatus'> & {
    valueSource: string | null
    status: string
    forecastStatus: string
  },
): boolean {
  const keys = Object.keys(a) as (keyof ComputedRow)[]
  return keys.every((k) => {
    const x = a[k]
    const y = b[k]
    if (typeof x === 'number' && typeof y === 'number')
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x))
    return x === y
  })
}

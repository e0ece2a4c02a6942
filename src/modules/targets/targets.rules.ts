/**
 * Target rules that need no database: trajectory periods against the indicator's frequency and
 * the agreement's years, and the designated limit. Pure, so the forms, API and workbook share them.
 */
import type { FieldErrors } from '../../errors.ts'
import {
  formatPeriod,
  periodType,
  startDate,
  tryParsePeriod,
  withinYears,
  yearLabel,
} from '../../periods/index.ts'
import { trajectoryPeriodTypes } from '../indicators/indicators.schema.ts'
import { DESIGNATED_LIMIT, type TrajectoryRowInput } from './targets.schema.ts'

export interface TrajectoryContext {
  code: string
  frequency: string | null
  startYear: number
  endYear: number
  /** Known places by GSS code (upper case). */
  places: Map<string, { id: string; path: string; name: string }>
  /** The target's own place; rows for it are stored as the default place (null). */
  targetPlace: { id: string; path: string; name: string } | null
}

export interface CheckedTrajectoryRow {
  period: string
  periodType: 'year' | 'quarter' | 'month'
  periodStart: string
  placeId: string | null
  value: number
}

const typeWords = {
  year: 'financial years like 2008/09',
  quarter: 'quarters like 2008/09 Q1',
  month: 'months like 2008-04',
}
const typeNames = { year: 'financial years', quarter: 'quarters', month: 'months' }
const frequencyWords: Record<string, string> = {
  annual: 'annually',
  quarterly: 'quarterly',
  monthly: 'monthly',
}

/** Check and normalise trajectory rows. Errors are keyed `${prefix}.${index}.${field}`. */
export function checkTrajectory(
  rows: TrajectoryRowInput[],
  ctx: TrajectoryContext,
  prefix = 'trajectory',
): { rows: CheckedTrajectoryRow[]; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const out: CheckedTrajectoryRow[] = []
  const seen = new Set<string>()
  const allowed = trajectoryPeriodTypes(ctx.frequency)
  const range = `${yearLabel(ctx.startYear)} - ${yearLabel(ctx.endYear)}`
  rows.forEach((row, i) => {
    const key = (f: string) => `${prefix}.${i}.${f}`
    const parsed = tryParsePeriod(row.period)
    if (!parsed.ok) {
      errors[key('period')] = parsed.error
      return
    }
    const period = formatPeriod(parsed.period)
    const type = periodType(parsed.period)
    if (!allowed.includes(type)) {
      const measured = ctx.frequency
        ? `is measured ${frequencyWords[ctx.frequency] ?? ctx.frequency}`
        : 'has no frequency recorded yet'
      errors[key('period')] =
        `${ctx.code} ${measured}: its trajectory takes ${allowed.map((t) => typeWords[t]).join(' or ')}, not ${typeNames[type]} (${period})`
      return
    }
    if (!withinYears(parsed.period, ctx.startYear, ctx.endYear)) {
      errors[key('period')] = `${period} is outside the agreement (${range})`
      return
    }
    let placeId: string | null = null
    if (row.placeGss) {
      const gss = row.placeGss.toUpperCase()
      const place = ctx.places.get(gss)
      if (!place) {
        errors[key('placeGss')] = `No place has the GSS code ${row.placeGss}`
        return
      }
      if (
        ctx.targetPlace &&
        place.id !== ctx.targetPlace.id &&
        !place.path.startsWith(ctx.targetPlace.path)
      ) {
        errors[key('placeGss')] = `${place.name} is not within ${ctx.targetPlace.name}, the target’s place`
        return
      }
      placeId = ctx.targetPlace && place.id === ctx.targetPlace.id ? null : place.id
    }
    const dup = `${placeId ?? ''}|${period}`
    if (seen.has(dup)) {
      errors[key('period')] = `${period} is given twice${row.placeGss ? ` for ${row.placeGss}` : ''}`
      return
    }
    seen.add(dup)
    out.push({ period, periodType: type, periodStart: startDate(parsed.period), placeId, value: row.value })
  })
  return { rows: out, errors }
}

/** The designated limit's message, or undefined when one more designated target fits. */
export function designatedLimitProblem(designatedOthers: number): string | undefined {
  if (designatedOthers < DESIGNATED_LIMIT) return undefined
  return `An agreement can have at most ${DESIGNATED_LIMIT} designated targets and this one already has ${designatedOthers}. Mandatory, local and reward targets do not count towards the limit: choose one of those, or change another designated target first`
}

/** Whether the stored trajectory equals the checked rows (same places, periods and values). */
export function sameTrajectory(
  current: { placeId: string | null; period: string; value: number }[],
  next: CheckedTrajectoryRow[],
): boolean {
  if (current.length !== next.length) return false
  const key = (r: { placeId: string | null; period: string; value: number }) =>
    `${r.placeId ?? ''}|${r.period}|${r.value}`
  const a = new Set(current.map(key))
  return next.every((r) => a.has(key(r)))
}

/**
 * Whether setting a target's trajectory is a revision (the refresh): an agreed target that
 * already has one. A first trajectory may be loaded whatever the target's status (workbook.md).
 */
export function trajectoryChangeIsRevision(status: string, current: readonly unknown[]): boolean {
  return status === 'agreed' && current.length > 0
}

/**
 * Collection rounds as pure functions: default windows, the state of a round on a day, which
 * periods a year's rounds cover, and completeness per organisation. Dates are ISO `YYYY-MM-DD`
 * strings in UK time; no I/O.
 */
import {
  endDate,
  formatPeriod,
  frequencyPeriodType,
  monthsOf,
  quartersOf,
  type Period,
  type PeriodType,
} from '../../periods/index.ts'

export type RoundState = 'upcoming' | 'open' | 'closed'

export const roundStateLabels: Record<RoundState, string> = {
  upcoming: 'Not open yet',
  open: 'Open',
  closed: 'Closed',
}

export const DEFAULT_DUE_WEEKS = 6
/** Reminders go this many days before the due date. */
export const REMINDER_DAYS_BEFORE = 7

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Opens the day after the period ends; due `dueWeeks` weeks after the period ends. */
export function defaultWindow(period: string | Period, dueWeeks = DEFAULT_DUE_WEEKS) {
  const end = endDate(period)
  return { opensOn: addDays(end, 1), dueOn: addDays(end, dueWeeks * 7) }
}

export function roundState(round: { opensOn: string; dueOn: string }, today: string): RoundState {
  if (today < round.opensOn) return 'upcoming'
  if (today > round.dueOn) return 'closed'
  return 'open'
}

/**
 * The periods of one financial year that need a round, given the frequencies of the indicators
 * that have targets: quarterly → its 4 quarters, monthly → its 12 months, annual → the year.
 */
export function periodsForYear(year: number, frequencies: Iterable<string | null>): string[] {
  const types = new Set<PeriodType>()
  for (const f of frequencies)
    if (f && Object.hasOwn(frequencyPeriodType, f))
      types.add(frequencyPeriodType[f as keyof typeof frequencyPeriodType])
  const out: Period[] = []
  if (types.has('year')) out.push({ type: 'year', year })
  if (types.has('quarter')) out.push(...quartersOf(year))
  if (types.has('month')) out.push(...monthsOf(year))
  return out.map(formatPeriod)
}

/** One value a round expects: an indicator at a place, from the organisation responsible. */
export interface ExpectedItem {
  indicatorId: string
  placeId: string
  organisationId: string | null
}

/** What is known of the value entered for an expected item, if any. */
export interface ItemValue {
  indicatorId: string
  placeId: string
  status: string
  late: boolean
}

export interface CompletenessRow {
  organisationId: string | null
  expected: number
  entered: number
  submitted: number
  approved: number
  returned: number
  late: number
  missing: number
}

export const itemKey = (x: { indicatorId: string; placeId: string }) => `${x.indicatorId}|${x.placeId}`

/**
 * Per organisation: how many values are expected, entered (any status), submitted (awaiting
 * approval), approved, returned, late and missing (nothing entered). Values nobody expects
 * (entered by an administrator for another place) are not counted.
 */
export function completeness(
  expected: readonly ExpectedItem[],
  values: readonly ItemValue[],
): CompletenessRow[] {
  const byKey = new Map(values.map((v) => [itemKey(v), v]))
  const rows = new Map<string | null, CompletenessRow>()
  for (const item of expected) {
    let row = rows.get(item.organisationId)
    if (!row) {
      row = {
        organisationId: item.organisationId,
        expected: 0,
        entered: 0,
        submitted: 0,
        approved: 0,
        returned: 0,
        late: 0,
        missing: 0,
      }
      rows.set(item.organisationId, row)
    }
    row.expected++
    const v = byKey.get(itemKey(item))
    if (!v) {
      row.missing++
      continue
    }
    row.entered++
    if (v.status === 'submitted') row.submitted++
    if (v.status === 'approved') row.approved++
    if (v.status === 'returned') row.returned++
    if (v.late) row.late++
  }
  return [...rows.values()]
}

/** Items still owed: nothing entered, or entered but not yet submitted or approved. */
export function outstanding<T extends ExpectedItem>(
  expected: readonly T[],
  values: readonly ItemValue[],
): (T & { status: string })[] {
  const byKey = new Map(values.map((v) => [itemKey(v), v]))
  return expected
    .map((item) => ({ ...item, status: byKey.get(itemKey(item))?.status ?? 'missing' }))
    .filter((item) => item.status !== 'submitted' && item.status !== 'approved')
}

/**
 * Which reminder, if any, is due for a round on a day: `before-7` in the week before the due
 * date (once the round is open), `overdue` after it.
 */
export function reminderDue(
  round: { opensOn: string; dueOn: string },
  today: string,
): 'before-7' | 'overdue' | null {
  if (today > round.dueOn) return 'overdue'
  if (today >= round.opensOn && today >= addDays(round.dueOn, -REMINDER_DAYS_BEFORE)) return 'before-7'
  return null
}

/**
 * Keeping stored assessments in step with what they are computed from. Mutations of values and
 * targets call these inside their own transaction, so the stored rows change with them. A row
 * that a recompute changes is closed (`valid_to`) and a new one inserted: the table is its own
 * history, read as at any moment.
 */
import type { DbOrTx } from '../../db/client.ts'
import { agreementPeriods, computeRows, type ComputedRow } from './assessments.compute.ts'
import { formatPeriod, shiftPeriod } from '../../periods/index.ts'
import * as q from './assessments.queries.ts'

/**
 * One target's assessments as the system knew things at `at` (now without it): values (latest
 * version recorded by then, submitted or approved), the target version and trajectory in force
 * then, and the places that existed then. Empty when the target did not exist or was archived.
 */
export async function assessTarget(db: DbOrTx, targetId: string, at?: Date) {
  const t = await q.targetInputs(db, targetId, at)
  if (!t || !t.version) return { target: t, rows: [] as ComputedRow[] }
  const live = at
    ? t.target.createdAt <= at &&
      (!t.target.archivedAt || t.target.archivedAt > at) &&
      (!t.agreement.archivedAt || t.agreement.archivedAt > at)
    : !t.target.archivedAt && !t.agreement.archivedAt
  const placeId = t.target.placeId ?? t.areaPlaceId
  if (!live || !placeId) return { target: t, rows: [] as ComputedRow[] }
  const places = await q.subtree(db, placeId, at)
  const values = await q.valuesKnownAt(
    db,
    t.target.partnershipId,
    t.indicator.id,
    places.map((p) => p.id),
    neededPeriods(t.indicator.frequency, t.agreement.startYear, t.agreement.endYear),
    at,
  )
  const rows = computeRows({
    placeId,
    places,
    trajectory: t.trajectory,
    values,
    indicator: t.indicator,
    version: t.version,
    agreement: t.agreement,
  })
  return { target: t, rows }
}

/** The agreement's periods and the one before the first (its direction of travel). */
function neededPeriods(frequency: string | null, startYear: number, endYear: number) {
  const periods = agreementPeriods(frequency, startYear, endYear)
  return periods.length ? [formatPeriod(shiftPeriod(periods[0]!, -1)), ...periods.map(formatPeriod)] : []
}

const key = (r: { placeId: string; period: string }) => `${r.placeId}|${r.period}`

/**
 * Recompute one target now and store what changed: unchanged rows are left alone, changed
 * ones closed at `now` and inserted anew, rows no longer computed closed. Returns the counts.
 */
export async function computeTarget(tx: DbOrTx, targetId: string, now = new Date()) {
  const { target, rows } = await assessTarget(tx, targetId)
  const current = await q.currentRows(tx, targetId)
  const byKey = new Map(current.map((r) => [key(r), r]))
  const close: string[] = []
  const insert: q.AssessmentInsert[] = []
  for (const row of rows) {
    const old = byKey.get(key(row))
    byKey.delete(key(row))
    if (old && sameStored(row, old)) continue
    if (old) close.push(old.id)
    insert.push({
      ...row,
      partnershipId: target!.target.partnershipId,
      targetId,
      indicatorId: target!.indicator.id,
      validFrom: now,
    })
  }
  for (const old of byKey.values()) close.push(old.id)
  await q.closeRows(tx, close, now)
  await q.insertRows(tx, insert)
  return { changed: insert.length, closed: close.length }
}

const FIELDS = [
  'periodStart',
  'value',
  'valueSource',
  'targetValue',
  'status',
  'direction',
  'directionBaseline',
  'forecastValue',
  'forecastStatus',
  'rewardShare',
  'rewardPayable',
  'needsPlan',
  'provisional',
] as const

function sameStored(a: ComputedRow, b: q.AssessmentRow): boolean {
  return FIELDS.every((k) => {
    const x = a[k]
    const y = b[k]
    if (typeof x === 'number' && typeof y === 'number')
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x))
    return x === y
  })
}

/** Recompute several targets at one instant. */
export async function refreshForTargets(tx: DbOrTx, targetIds: readonly string[], now = new Date()) {
  let changed = 0
  let closed = 0
  for (const id of new Set(targetIds)) {
    const r = await computeTarget(tx, id, now)
    changed += r.changed
    closed += r.closed
  }
  return { targets: new Set(targetIds).size, changed, closed }
}

export const refreshForTarget = (tx: DbOrTx, targetId: string) => refreshForTargets(tx, [targetId])

/**
 * After a value changed: every target of its indicator in the partnership (a value at one place
 * can change a derived parent's value, a period's direction and the forecasts after it).
 */
export async function refreshForValue(
  tx: DbOrTx,
  key: { partnershipId: string; indicatorId: string; placeId?: string; period?: string },
) {
  return refreshForTargets(tx, await q.targetIdsOfIndicators(tx, key.partnershipId, [key.indicatorId]))
}

/** After a bulk import: the targets of the indicators staged, each once. */
export async function refreshForStage(tx: DbOrTx, partnershipId: string, stage: string) {
  return refreshForTargets(tx, await q.targetIdsOfStage(tx, partnershipId, stage))
}

/** Every target of the partnership. */
export async function reassessIn(tx: DbOrTx, partnershipId: string) {
  return refreshForTargets(tx, await q.targetIdsOfPartnership(tx, partnershipId))
}

/**
 * Keeping stored assessments in step with what they are computed from. Mutations of values and
 * targets call these inside their own transaction, so the stored rows change with them. A row
 * that a recompute changes is closed (`valid_to`) and a new one inserted: the table is its own
 * history, read as at any moment.
 *
 * Each takes the instant the change is stored at: the assessments service passes its clock's
 * `now`, and other modules reach these through it (`refreshForValue`, `refreshForTarget`,
 * `refreshForStage`). The one-target reference path defaults to the system clock for its tests.
 */
import type { DbOrTx } from '../../db/client.ts'
import { systemClock } from '../../lib/clock.ts'
import { accumulationOf } from './rules/accumulation.ts'
import { computeRows, type ComputedRow } from './assessments.compute.ts'
import { diffTarget, neededPeriods, storeTargetsNow } from './assessments.batch.ts'
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
    neededPeriods(
      t.indicator.frequency,
      t.agreement.startYear,
      t.agreement.endYear,
      accumulationOf(t.indicator.unit, t.indicator.accumulation) === 'cumulative',
    ),
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

/**
 * Recompute one target now and store what changed, one target at a time and reading values
 * from their history: the reference the batched path (`storeTargetsNow`) is tested against.
 */
export async function computeTarget(tx: DbOrTx, targetId: string, now: Date = systemClock()) {
  const { target, rows } = await assessTarget(tx, targetId)
  const current = await q.currentRows(tx, targetId)
  const { close, insert } = diffTarget(
    {
      targetId,
      partnershipId: target?.target.partnershipId ?? '',
      indicatorId: target?.indicator.id ?? '',
      rows,
    },
    current,
    now,
  )
  await q.closeRows(tx, close, now)
  await q.insertRows(tx, insert)
  return { changed: insert.length, closed: close.length }
}

/** Recompute several targets at one instant, in bulk (see assessments.batch.ts). */
export async function refreshForTargets(tx: DbOrTx, targetIds: readonly string[], now: Date) {
  const { targets, changed, closed } = await storeTargetsNow(tx, targetIds, now)
  return { targets, changed, closed }
}

/**
 * After a value changed: every target of its indicator in the partnership (a value at one place
 * can change a derived parent's value, a period's direction and the forecasts after it).
 */
export async function refreshForValue(
  tx: DbOrTx,
  key: { partnershipId: string; indicatorId: string; placeId?: string; period?: string },
  now: Date,
) {
  return refreshForTargets(tx, await q.targetIdsOfIndicators(tx, key.partnershipId, [key.indicatorId]), now)
}

/** After a bulk import: the targets of the indicators staged, each once. */
export async function refreshForStage(tx: DbOrTx, partnershipId: string, stage: string, now: Date) {
  return refreshForTargets(tx, await q.targetIdsOfStage(tx, partnershipId, stage), now)
}

/** Every target of the partnership. */
export async function reassessIn(tx: DbOrTx, partnershipId: string, now: Date) {
  return refreshForTargets(tx, await q.targetIdsOfPartnership(tx, partnershipId), now)
}

/** Every target of several partnerships at once, with the counts of each. */
export async function reassessGroup(tx: DbOrTx, partnershipIds: string[], now: Date) {
  const { byPartnership } = await storeTargetsNow(
    tx,
    await q.targetIdsOfPartnerships(tx, partnershipIds),
    now,
  )
  return new Map(
    partnershipIds.map((id) => [id, byPartnership.get(id) ?? { targets: 0, changed: 0, closed: 0 }]),
  )
}

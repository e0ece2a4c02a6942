/**
 * Recomputing many targets at once, as they are now: their inputs are loaded a chunk at a time
 * in a handful of queries (not several per target), each target is computed with the same pure
 * `computeRows` as the one-target path, and only the rows that changed are written, in bulk.
 * As-at recomputes stay on the one-target path (assessments.refresh.ts), which reads history.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { DbOrTx } from '../../db/client.ts'
import { systemClock } from '../../lib/clock.ts'
import { formatPeriod, shiftPeriod } from '../../periods/index.ts'
import { accumulationOf } from './rules/accumulation.ts'
import {
  agreementPeriods,
  computeRows,
  type ComputedRow,
  type KnownValue,
  type TargetInputs,
} from './assessments.compute.ts'
import * as bq from './assessments.batch.queries.ts'
import { digestOf } from './assessments.digest.ts'
import * as q from './assessments.queries.ts'

/** Targets per chunk: several partnerships' agreements fit in one, and memory stays bounded. */
export const CHUNK_TARGETS = 500

export interface TargetResult {
  targetId: string
  partnershipId: string
  indicatorId: string
  /** Empty when the target or its agreement is archived, or it has no version or place. */
  rows: ComputedRow[]
}

/**
 * The agreement's periods and the one before the first (its direction of travel); for a
 * cumulative indicator, the whole year before (the same point of that year's year to date).
 */
export function neededPeriods(
  frequency: string | null,
  startYear: number,
  endYear: number,
  cumulative = false,
) {
  const periods = agreementPeriods(frequency, startYear, endYear)
  if (!periods.length) return []
  if (cumulative) return agreementPeriods(frequency, startYear - 1, endYear).map(formatPeriod)
  return [formatPeriod(shiftPeriod(periods[0]!, -1)), ...periods.map(formatPeriod)]
}
const needed = new Map<string, string[]>()
/** `neededPeriods`, worked out once per frequency and years (every target of a chunk asks). */
function neededOnce(frequency: string | null, startYear: number, endYear: number, cumulative: boolean) {
  const key = `${frequency}|${startYear}|${endYear}|${cumulative}`
  let periods = needed.get(key)
  if (!periods) needed.set(key, (periods = neededPeriods(frequency, startYear, endYear, cumulative)))
  return periods
}

const group = <T, K>(items: readonly T[], keyOf: (t: T) => K) => {
  const map = new Map<K, T[]>()
  for (const item of items) {
    const k = keyOf(item)
    const list = map.get(k)
    if (list) list.push(item)
    else map.set(k, [item])
  }
  return map
}

export interface LoadedTarget {
  targetId: string
  partnershipId: string
  indicatorId: string
  /** Absent when the target or its agreement is archived, or it has no version or place. */
  input?: TargetInputs
}

/**
 * The inputs of these targets (at most a chunk, of any partnerships) as stored now: one query
 * each for the targets (with their versions), trajectories, places and values. Unknown ids are
 * left out.
 */
export async function loadTargetsNow(db: DbOrTx, targetIds: readonly string[]): Promise<LoadedTarget[]> {
  const ids = [...new Set(targetIds)]
  const found = await bq.targetsWithContext(db, ids)
  const trajectories = group(await bq.currentTrajectories(db, ids), (t) => t.targetId)
  const placeOf = (t: bq.TargetWithContext) => t.placeId ?? t.areaPlaceId
  const live = found.filter(
    (t) => !t.archivedAt && !t.agreement.archivedAt && t.version !== null && placeOf(t),
  )
  const subtrees = group(
    await bq.liveSubtrees(db, [...new Set(live.map((t) => placeOf(t)!))]),
    (p) => p.rootId,
  )
  const periodsOf = new Map(
    live.map((t) => [
      t.id,
      neededOnce(
        t.indicator.frequency,
        t.agreement.startYear,
        t.agreement.endYear,
        accumulationOf(t.indicator.unit, t.indicator.accumulation) === 'cumulative',
      ),
    ]),
  )
  // Values: one read for the chunk, of every indicator and period its targets need (an
  // indicator belongs to one partnership, so its id is enough to group them by).
  const values: Map<string, KnownValue[]> = group(
    await bq.countedValues(
      db,
      [...new Set(live.map((t) => t.partnershipId))],
      [...new Set(live.map((t) => t.indicator.id))],
      [...new Set(live.flatMap((t) => periodsOf.get(t.id)!))],
    ),
    (r) => r.indicatorId,
  )
  const liveIds = new Set(live.map((t) => t.id))

  return found.map((t) => {
    const base = { targetId: t.id, partnershipId: t.partnershipId, indicatorId: t.indicator.id }
    const placeId = placeOf(t)
    if (!liveIds.has(t.id) || !placeId) return base
    const places = (subtrees.get(placeId) ?? []).map((p) => ({ id: p.id, parentId: p.parentId }))
    const inTree = new Set(places.map((p) => p.id))
    const periods = new Set(periodsOf.get(t.id))
    const known = (values.get(t.indicator.id) ?? []).filter(
      (v) => inTree.has(v.placeId) && periods.has(v.period),
    )
    const input: TargetInputs = {
      placeId,
      places,
      trajectory: (trajectories.get(t.id) ?? []).map((r) => ({
        placeId: r.placeId,
        period: r.period,
        value: r.value,
      })),
      values: known,
      indicator: t.indicator,
      version: t.version!,
      agreement: t.agreement,
    }
    return { ...base, input }
  })
}

/** The current assessments of these targets (at most a chunk), from what is stored now. */
export async function assessTargetsNow(db: DbOrTx, targetIds: readonly string[]): Promise<TargetResult[]> {
  return (await loadTargetsNow(db, targetIds)).map(({ input, ...base }) => ({
    ...base,
    rows: input ? computeRows(input) : [],
  }))
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
type Compared = Pick<bq.CurrentStored, (typeof FIELDS)[number]>

/** Whether a stored row says what the computed one says (numbers to 1e-9, relative). */
export function sameStored(a: ComputedRow, b: Compared): boolean {
  return FIELDS.every((k) => {
    const x = a[k]
    const y = b[k]
    if (typeof x === 'number' && typeof y === 'number')
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x))
    return x === y
  })
}

const keyOf = (r: { placeId: string; period: string }) => `${r.placeId}|${r.period}`

/**
 * What to write for one target: rows that changed are closed and inserted anew, rows no longer
 * computed are closed, unchanged rows are left alone.
 */
export function diffTarget(
  result: TargetResult,
  current: readonly (Compared & { id: string; placeId: string; period: string })[],
  now: Date,
) {
  const byKey = new Map(current.map((r) => [keyOf(r), r]))
  const close: string[] = []
  const insert: q.AssessmentInsert[] = []
  for (const row of result.rows) {
    const k = keyOf(row)
    const old = byKey.get(k)
    byKey.delete(k)
    if (old && sameStored(row, old)) continue
    if (old) close.push(old.id)
    insert.push({
      ...row,
      partnershipId: result.partnershipId,
      targetId: result.targetId,
      indicatorId: result.indicatorId,
      validFrom: now,
    })
  }
  for (const old of byKey.values()) close.push(old.id)
  return { close, insert }
}

export interface StoreCounts {
  targets: number
  changed: number
  closed: number
}

/**
 * Recompute these targets now and store what changed, a chunk at a time, all at the instant
 * `now`. A target whose computed rows print exactly as its stored ones (same digest) is left
 * alone without reading its rows; the others (`compared`) are compared row by row (numbers to
 * 1e-9). Ids of targets that no longer exist are skipped. Counts are also given by partnership.
 * Services pass their clock's `now`; without it (tests), the system clock's.
 */
export async function storeTargetsNow(tx: DbOrTx, targetIds: readonly string[], now: Date = systemClock()) {
  const ids = [...new Set(targetIds)]
  const total = { targets: ids.length, changed: 0, closed: 0, compared: 0 }
  const byPartnership = new Map<string, StoreCounts>()
  for (let i = 0; i < ids.length; i += CHUNK_TARGETS) {
    const chunk = ids.slice(i, i + CHUNK_TARGETS)
    const loaded = await loadTargetsNow(tx, chunk)
    // Asked before computing, and given a turn of the event loop to reach the server, so that
    // PostgreSQL works out the digests while this process computes the rows. Still one query in
    // flight, awaited before the next: an embedded database is never asked two at once.
    const pending = bq.storedDigests(tx, chunk)
    pending.catch(() => undefined)
    await nextTurn()
    const results = loaded.map(({ input, ...base }) => ({ ...base, rows: input ? computeRows(input) : [] }))
    const digests = await pending
    const differing = results.filter((r) => digestOf(r.rows) !== digests.get(r.targetId))
    total.compared += differing.length
    const stored = group(
      await bq.currentStored(
        tx,
        differing.filter((r) => digests.has(r.targetId)).map((r) => r.targetId),
      ),
      (r) => r.targetId,
    )
    for (const r of results) countIn(byPartnership, r.partnershipId).targets++
    const close: string[] = []
    const insert: q.AssessmentInsert[] = []
    for (const result of differing) {
      const d = diffTarget(result, stored.get(result.targetId) ?? [], now)
      close.push(...d.close)
      insert.push(...d.insert)
      const counts = countIn(byPartnership, result.partnershipId)
      counts.changed += d.insert.length
      counts.closed += d.close.length
    }
    // Closed before inserting: the current-row key allows one open row per target, place and period.
    await q.closeRows(tx, close, now)
    await q.insertRows(tx, insert)
    total.changed += insert.length
    total.closed += close.length
  }
  return { ...total, byPartnership }
}

function countIn(map: Map<string, StoreCounts>, partnershipId: string) {
  let counts = map.get(partnershipId)
  if (!counts) map.set(partnershipId, (counts = { targets: 0, changed: 0, closed: 0 }))
  return counts
}

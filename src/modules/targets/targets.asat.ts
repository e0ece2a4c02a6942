/**
 * Targets as the system knew them at a moment, for reports "as at" a date (a later issue
 * computes status from these). Without `at`, as they stand now. Every part is read with the
 * same instant: the version in force, the outcome links and the trajectory rows recorded by
 * then and not yet superseded.
 */
import type { DbOrTx } from '../../db/client.ts'
import { outcomeKeysFor } from './outcomes.queries.ts'
import { findTargetView, listTargets, type TargetView } from './targets.queries.ts'
import { trajectoriesFor, type TrajectoryRow } from './trajectories.queries.ts'

export interface TargetAsAt extends TargetView {
  outcomeKeys: string[]
  trajectory: TrajectoryRow[]
}

async function complete(db: DbOrTx, views: TargetView[], at?: Date): Promise<TargetAsAt[]> {
  const ids = views.map((v) => v.target.id)
  const [keys, rows] = await Promise.all([outcomeKeysFor(db, ids, at), trajectoriesFor(db, ids, at)])
  return views.map((v) => ({
    ...v,
    outcomeKeys: keys.get(v.target.id) ?? [],
    trajectory: rows.filter((r) => r.targetId === v.target.id),
  }))
}

/** An agreement's targets as at `at`: those that existed then, each with its version then. */
export async function targetsAsAt(db: DbOrTx, partnershipId: string, agreementId: string, at?: Date) {
  return complete(db, await listTargets(db, partnershipId, agreementId, { at }), at)
}

/** One target as at `at`, or undefined if it did not exist then (or is another partnership's). */
export async function targetAsAt(db: DbOrTx, partnershipId: string, targetId: string, at?: Date) {
  const view = await findTargetView(db, partnershipId, targetId, at)
  return view ? (await complete(db, [view], at))[0] : undefined
}

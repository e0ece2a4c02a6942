import { and, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { places, targetTrajectories } from '../../db/schema/index.ts'
import { comparePeriods } from '../../periods/index.ts'
import { validAt } from '../../db/valid-at.ts'

export type TrajectoryRow = typeof targetTrajectories.$inferSelect & {
  placeGss: string | null
  placeName: string | null
}

/** The trajectories of the given targets as they stand (or stood at `at`), by target, place and period. */
export async function trajectoriesFor(db: DbOrTx, targetIds: string[], at?: Date): Promise<TrajectoryRow[]> {
  if (targetIds.length === 0) return []
  const rows = await db
    .select({ row: targetTrajectories, placeGss: places.gssCode, placeName: places.name })
    .from(targetTrajectories)
    .leftJoin(places, eq(places.id, targetTrajectories.placeId))
    .where(and(inArray(targetTrajectories.targetId, targetIds), validAt(targetTrajectories, at)))
  // The target's own place first, then by place; within a place, years before their quarters.
  return rows
    .map((r) => ({ ...r.row, placeGss: r.placeGss, placeName: r.placeName }))
    .sort(
      (a, b) =>
        a.targetId.localeCompare(b.targetId) ||
        (a.placeGss ?? '').localeCompare(b.placeGss ?? '') ||
        comparePeriods(a.period, b.period),
    )
}

export async function supersedeTrajectoryRows(db: DbOrTx, ids: string[], at: Date) {
  if (ids.length === 0) return
  await db.update(targetTrajectories).set({ supersededAt: at }).where(inArray(targetTrajectories.id, ids))
}

export async function insertTrajectoryRows(db: DbOrTx, values: (typeof targetTrajectories.$inferInsert)[]) {
  if (values.length === 0) return []
  return db.insert(targetTrajectories).values(values).returning()
}

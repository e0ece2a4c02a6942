/** Allocations' versions: written with every change of their figures, read to see one as it stood at a moment. */
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import type { allocations } from '../../db/schema/index.ts'
import { allocationVersions } from '../../db/schema/index.ts'

type AllocationRow = typeof allocations.$inferSelect
type VersionRow = typeof allocationVersions.$inferSelect

/** Record an allocation's figures as they stand from `from`, ending the version before it. */
export async function recordAllocationVersion(db: DbOrTx, row: AllocationRow, from: Date) {
  await db
    .update(allocationVersions)
    .set({ supersededAt: from })
    .where(and(eq(allocationVersions.allocationId, row.id), isNull(allocationVersions.supersededAt)))
  await db.insert(allocationVersions).values({
    allocationId: row.id,
    amountPence: row.amountPence,
    recipientId: row.recipientId,
    targetId: row.targetId,
    outcomeKey: row.outcomeKey,
    actionId: row.actionId,
    profile: row.profile,
    recordedAt: from,
  })
}

/**
 * The allocations with their figures as they stood at `at`: the version recorded by then and
 * not yet superseded. An allocation live at `at` whose first version was recorded a moment later
 * (the clock of its row and of its version differ) reads that first version.
 */
export async function allocationsAsAt<T extends AllocationRow>(
  db: DbOrTx,
  rows: T[],
  at: Date,
): Promise<T[]> {
  if (!rows.length) return rows
  const versions = await db
    .select()
    .from(allocationVersions)
    .where(
      and(
        inArray(
          allocationVersions.allocationId,
          rows.map((r) => r.id),
        ),
        or(isNull(allocationVersions.supersededAt), gt(allocationVersions.supersededAt, at)),
      ),
    )
  const chosen = new Map<string, VersionRow>()
  for (const v of versions) {
    const seen = chosen.get(v.allocationId)
    if (!seen || better(v, seen, at)) chosen.set(v.allocationId, v)
  }
  return rows.map((r) => {
    const v = chosen.get(r.id)
    if (!v) return r
    const { amountPence, recipientId, targetId, outcomeKey, actionId, profile } = v
    return { ...r, amountPence, recipientId, targetId, outcomeKey, actionId, profile }
  })
}

/** Of two versions not superseded by `at`: the one recorded by then, else the earlier. */
function better(v: VersionRow, than: VersionRow, at: Date) {
  const valid = v.recordedAt <= at
  const thanValid = than.recordedAt <= at
  if (valid !== thanValid) return valid
  return v.recordedAt < than.recordedAt
}

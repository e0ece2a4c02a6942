/** Commissioning decisions, and the allocation one may name. */
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { allocations, commissioningDecisions } from '../../db/schema/index.ts'

export type DecisionRow = typeof commissioningDecisions.$inferSelect
export type DecisionInsert = typeof commissioningDecisions.$inferInsert

export async function insertDecision(db: DbOrTx, values: DecisionInsert) {
  const [row] = await db.insert(commissioningDecisions).values(values).returning()
  return row!
}

export async function findDecision(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(commissioningDecisions)
    .where(and(eq(commissioningDecisions.partnershipId, partnershipId), eq(commissioningDecisions.id, id)))
  return row
}

export async function archiveDecision(db: DbOrTx, id: string, at: Date) {
  const [row] = await db
    .update(commissioningDecisions)
    .set({ archivedAt: at, updatedAt: at })
    .where(eq(commissioningDecisions.id, id))
    .returning()
  return row!
}

/** The partnership's live decisions, newest first (by the day decided, then when recorded). */
export function listDecisions(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(commissioningDecisions)
    .where(
      and(eq(commissioningDecisions.partnershipId, partnershipId), isNull(commissioningDecisions.archivedAt)),
    )
    .orderBy(desc(commissioningDecisions.decidedOn), desc(commissioningDecisions.createdAt))
}

/** A live allocation of the partnership. */
export async function findAllocation(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(allocations)
    .where(
      and(
        eq(allocations.partnershipId, partnershipId),
        eq(allocations.id, id),
        isNull(allocations.archivedAt),
      ),
    )
  return row
}

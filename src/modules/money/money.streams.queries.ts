import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { allocations, fundingStreams, organisations, streamBudgets } from '../../db/schema/index.ts'
import { refKey } from '../../db/schema/delivery.ts'

export type StreamRow = typeof fundingStreams.$inferSelect
export type BudgetRow = typeof streamBudgets.$inferSelect

/** The partnership's live streams with their accountable body's name, by ref. */
export async function listStreams(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select({ stream: fundingStreams, accountableName: organisations.name })
    .from(fundingStreams)
    .leftJoin(organisations, eq(organisations.id, fundingStreams.accountableOrganisationId))
    .where(and(eq(fundingStreams.partnershipId, partnershipId), isNull(fundingStreams.archivedAt)))
    .orderBy(asc(refKey(fundingStreams.ref)))
  return rows.map((r) => ({ ...r.stream, accountableName: r.accountableName }))
}
export type StreamWithNames = Awaited<ReturnType<typeof listStreams>>[number]

export async function findStream(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(fundingStreams)
    .where(and(eq(fundingStreams.partnershipId, partnershipId), eq(fundingStreams.id, id)))
  return row
}

/** A live stream with this ref (ignoring case and spaces), if any. */
export async function findStreamByRef(db: DbOrTx, partnershipId: string, ref: string) {
  const [row] = await db
    .select()
    .from(fundingStreams)
    .where(
      and(
        eq(fundingStreams.partnershipId, partnershipId),
        isNull(fundingStreams.archivedAt),
        sql`${refKey(fundingStreams.ref)} = regexp_replace(lower(${ref}), '\\s+', '', 'g')`,
      ),
    )
  return row
}

export async function insertStream(db: DbOrTx, values: typeof fundingStreams.$inferInsert) {
  const [row] = await db.insert(fundingStreams).values(values).returning()
  return row!
}

export async function updateStream(
  db: DbOrTx,
  id: string,
  values: Partial<typeof fundingStreams.$inferInsert>,
) {
  const [row] = await db
    .update(fundingStreams)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(fundingStreams.id, id))
    .returning()
  return row!
}

/** How many live streams are part of this one, and how many live allocations it has. */
export async function dependentsOf(db: DbOrTx, streamId: string) {
  const [children] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(fundingStreams)
    .where(and(eq(fundingStreams.parentId, streamId), isNull(fundingStreams.archivedAt)))
  const [allocs] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(allocations)
    .where(and(eq(allocations.streamId, streamId), isNull(allocations.archivedAt)))
  return { children: children?.n ?? 0, allocations: allocs?.n ?? 0 }
}

// ---- Budgets (versioned: a change supersedes the current row) ----

/** The partnership's current budgets (every stream, every year). */
export function currentBudgets(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(streamBudgets)
    .where(and(eq(streamBudgets.partnershipId, partnershipId), isNull(streamBudgets.supersededAt)))
}

export async function currentBudget(db: DbOrTx, streamId: string, year: string) {
  const [row] = await db
    .select()
    .from(streamBudgets)
    .where(
      and(
        eq(streamBudgets.streamId, streamId),
        eq(streamBudgets.year, year),
        isNull(streamBudgets.supersededAt),
      ),
    )
  return row
}

/** Every version of a stream's budgets, by year then oldest first. */
export function budgetHistory(db: DbOrTx, streamId: string) {
  return db
    .select()
    .from(streamBudgets)
    .where(eq(streamBudgets.streamId, streamId))
    .orderBy(asc(streamBudgets.year), asc(streamBudgets.recordedAt))
}

export async function supersedeBudget(db: DbOrTx, id: string, at: Date) {
  await db.update(streamBudgets).set({ supersededAt: at }).where(eq(streamBudgets.id, id))
}

export async function insertBudget(db: DbOrTx, values: typeof streamBudgets.$inferInsert) {
  const [row] = await db.insert(streamBudgets).values(values).returning()
  return row!
}

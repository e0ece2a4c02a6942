import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { allocations, fundingStreams, indicators, organisations, targets } from '../../db/schema/index.ts'

export type AllocationRow = typeof allocations.$inferSelect

/** The partnership's live allocations (every stream and year unless told) with recipient and stream names. */
export async function listAllocations(
  db: DbOrTx,
  partnershipId: string,
  opts: { streamId?: string; year?: string | null; recipientId?: string } = {},
) {
  const rows = await db
    .select({
      allocation: allocations,
      recipientName: organisations.name,
      streamRef: fundingStreams.ref,
      streamName: fundingStreams.name,
    })
    .from(allocations)
    .innerJoin(organisations, eq(organisations.id, allocations.recipientId))
    .innerJoin(fundingStreams, eq(fundingStreams.id, allocations.streamId))
    .where(
      and(
        eq(allocations.partnershipId, partnershipId),
        isNull(allocations.archivedAt),
        opts.streamId ? eq(allocations.streamId, opts.streamId) : undefined,
        opts.year ? eq(allocations.year, opts.year) : undefined,
        opts.recipientId ? eq(allocations.recipientId, opts.recipientId) : undefined,
      ),
    )
    .orderBy(
      asc(allocations.year),
      asc(fundingStreams.ref),
      asc(organisations.name),
      asc(allocations.createdAt),
    )
  return rows.map((r) => ({
    ...r.allocation,
    recipientName: r.recipientName,
    streamRef: r.streamRef,
    streamName: r.streamName,
  }))
}
export type AllocationWithNames = Awaited<ReturnType<typeof listAllocations>>[number]

export async function findAllocation(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(allocations)
    .where(and(eq(allocations.partnershipId, partnershipId), eq(allocations.id, id)))
  return row
}

/**
 * The live first-level allocations of a stream for a year, added up in pence (all but `exceptId`).
 * Summed in the database as numeric, returned as text, so no float ever holds the total.
 */
export async function allocatedFrom(db: DbOrTx, streamId: string, year: string, exceptId?: string) {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${allocations.amountPence}), 0)::text` })
    .from(allocations)
    .where(
      and(
        eq(allocations.streamId, streamId),
        eq(allocations.year, year),
        isNull(allocations.parentAllocationId),
        isNull(allocations.archivedAt),
        exceptId ? ne(allocations.id, exceptId) : undefined,
      ),
    )
  return Number(row?.total ?? 0)
}

/** The live onward allocations passed on from an allocation, added up in pence (all but `exceptId`). */
export async function passedOnFrom(db: DbOrTx, parentId: string, exceptId?: string) {
  const [row] = await db
    .select({
      total: sql<string>`coalesce(sum(${allocations.amountPence}), 0)::text`,
      n: sql<number>`count(*)::int`,
    })
    .from(allocations)
    .where(
      and(
        eq(allocations.parentAllocationId, parentId),
        isNull(allocations.archivedAt),
        exceptId ? ne(allocations.id, exceptId) : undefined,
      ),
    )
  return { total: Number(row?.total ?? 0), count: row?.n ?? 0 }
}

/** Serialise writes to a stream's money for a year: concurrent allocations cannot both fit the budget. */
export async function lockStream(db: DbOrTx, streamId: string) {
  await db.execute(sql`select id from ${fundingStreams} where ${fundingStreams.id} = ${streamId} for update`)
}

export async function insertAllocation(db: DbOrTx, values: typeof allocations.$inferInsert) {
  const [row] = await db.insert(allocations).values(values).returning()
  return row!
}

export async function updateAllocation(
  db: DbOrTx,
  id: string,
  values: Partial<typeof allocations.$inferInsert>,
) {
  const [row] = await db
    .update(allocations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(allocations.id, id))
    .returning()
  return row!
}

// ---- Targets (read only: what an allocation pays for) ----

/** A live target of the partnership, with its indicator. */
export async function findTarget(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select({ id: targets.id, code: indicators.code, title: indicators.title })
    .from(targets)
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(and(eq(targets.partnershipId, partnershipId), eq(targets.id, id), isNull(targets.archivedAt)))
  return row
}

/** The partnership's targets by id with their indicator (to name what allocations pay for). */
export async function targetNames(db: DbOrTx, partnershipId: string) {
  return db
    .select({ id: targets.id, code: indicators.code, title: indicators.title })
    .from(targets)
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(eq(targets.partnershipId, partnershipId))
}

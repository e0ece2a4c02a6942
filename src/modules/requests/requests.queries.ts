import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { flexibilityRequests, refKey } from '../../db/schema/index.ts'

export type RequestRow = typeof flexibilityRequests.$inferSelect

const live = isNull(flexibilityRequests.archivedAt)

export async function listRequests(
  db: DbOrTx,
  partnershipId: string,
  opts: { status?: string | undefined; outcomeKey?: string | undefined } = {},
) {
  return db
    .select()
    .from(flexibilityRequests)
    .where(
      and(
        eq(flexibilityRequests.partnershipId, partnershipId),
        live,
        opts.status ? eq(flexibilityRequests.status, opts.status) : undefined,
        opts.outcomeKey ? eq(flexibilityRequests.outcomeKey, opts.outcomeKey) : undefined,
      ),
    )
    .orderBy(asc(flexibilityRequests.ref))
}

export async function findRequest(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(flexibilityRequests)
    .where(and(eq(flexibilityRequests.partnershipId, partnershipId), eq(flexibilityRequests.id, id), live))
  return row
}

/** The live request with this ref, matched ignoring case and spaces. */
export async function findRequestByRef(db: DbOrTx, partnershipId: string, ref: string) {
  const [row] = await db
    .select()
    .from(flexibilityRequests)
    .where(
      and(
        eq(flexibilityRequests.partnershipId, partnershipId),
        sql`${refKey(flexibilityRequests.ref)} = regexp_replace(lower(${ref}), '\\s+', '', 'g')`,
        live,
      ),
    )
  return row
}

export async function insertRequest(db: DbOrTx, values: typeof flexibilityRequests.$inferInsert) {
  const [row] = await db.insert(flexibilityRequests).values(values).returning()
  return row!
}

export async function updateRequest(
  db: DbOrTx,
  id: string,
  values: Partial<typeof flexibilityRequests.$inferInsert>,
  at: Date,
) {
  const [row] = await db
    .update(flexibilityRequests)
    .set({ ...values, updatedAt: at })
    .where(eq(flexibilityRequests.id, id))
    .returning()
  return row!
}

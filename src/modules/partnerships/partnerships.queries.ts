import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { memberships, partnerships } from '../../db/schema/index.ts'

export type PartnershipRow = typeof partnerships.$inferSelect

export async function findPartnershipBySlug(db: DbOrTx, slug: string) {
  const [row] = await db.select().from(partnerships).where(eq(partnerships.slug, slug))
  return row
}

export async function findPartnershipById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(partnerships).where(eq(partnerships.id, id))
  return row
}

export async function listPartnerships(db: DbOrTx, opts: { ids?: string[]; includeArchived?: boolean } = {}) {
  const where = []
  if (opts.ids) {
    if (opts.ids.length === 0) return []
    where.push(inArray(partnerships.id, opts.ids))
  }
  if (!opts.includeArchived) where.push(isNull(partnerships.archivedAt))
  return db
    .select()
    .from(partnerships)
    .where(and(...where))
    .orderBy(asc(partnerships.name))
}

export async function insertPartnership(db: DbOrTx, values: typeof partnerships.$inferInsert) {
  const [row] = await db.insert(partnerships).values(values).returning()
  return row!
}

export async function updatePartnership(
  db: DbOrTx,
  id: string,
  values: Partial<typeof partnerships.$inferInsert>,
) {
  const [row] = await db
    .update(partnerships)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(partnerships.id, id))
    .returning()
  return row!
}

export async function insertMembership(db: DbOrTx, values: typeof memberships.$inferInsert) {
  const [row] = await db.insert(memberships).values(values).returning()
  return row!
}

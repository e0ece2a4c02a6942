import { and, asc, eq, getTableColumns, inArray, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { memberships, partnerships } from '../../db/schema/index.ts'

/**
 * A partnership without its logo's bytes: every request reads the partnership, and the logo (up
 * to 200 KB) is read only by the request for the logo itself (`findLogo`).
 */
const { logoData: _logoData, ...rowColumns } = getTableColumns(partnerships)

export type PartnershipRow = Omit<typeof partnerships.$inferSelect, 'logoData'>

export async function findPartnershipBySlug(db: DbOrTx, slug: string) {
  const [row] = await db.select(rowColumns).from(partnerships).where(eq(partnerships.slug, slug))
  return row
}

export async function findPartnershipById(db: DbOrTx, id: string) {
  const [row] = await db.select(rowColumns).from(partnerships).where(eq(partnerships.id, id))
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
    .select(rowColumns)
    .from(partnerships)
    .where(and(...where))
    .orderBy(asc(partnerships.name))
}

export async function insertPartnership(db: DbOrTx, values: typeof partnerships.$inferInsert) {
  const [row] = await db.insert(partnerships).values(values).returning(rowColumns)
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
    .returning(rowColumns)
  return row!
}

/** The partnership's logo: its bytes, type and when it was last set; undefined when it has none. */
export async function findLogo(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      data: partnerships.logoData,
      type: partnerships.logoType,
      updatedAt: partnerships.logoUpdatedAt,
    })
    .from(partnerships)
    .where(eq(partnerships.id, id))
  return row?.data && row.type && row.updatedAt
    ? { data: row.data, type: row.type, updatedAt: row.updatedAt }
    : undefined
}

/** Set (or, with nulls, remove) the partnership's logo. */
export async function setLogo(
  db: DbOrTx,
  id: string,
  logo: { data: Buffer; type: string; at: Date } | { data: null; type: null; at: null },
  now: Date,
) {
  const [row] = await db
    .update(partnerships)
    .set({ logoData: logo.data, logoType: logo.type, logoUpdatedAt: logo.at, updatedAt: now })
    .where(eq(partnerships.id, id))
    .returning(rowColumns)
  return row!
}

export async function insertMembership(db: DbOrTx, values: typeof memberships.$inferInsert) {
  const [row] = await db.insert(memberships).values(values).returning()
  return row!
}

import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { organisations } from '../../db/schema/index.ts'

export type OrganisationRow = typeof organisations.$inferSelect

export async function listOrganisations(
  db: DbOrTx,
  partnershipId: string,
  opts: { includeArchived?: boolean } = {},
) {
  return db
    .select()
    .from(organisations)
    .where(
      and(
        eq(organisations.partnershipId, partnershipId),
        opts.includeArchived ? undefined : isNull(organisations.archivedAt),
      ),
    )
    .orderBy(asc(organisations.name))
}

/** Scoped by partnership: another partnership's id is simply not found. */
export async function findOrganisation(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.partnershipId, partnershipId), eq(organisations.id, id)))
  return row
}

export async function findOrganisationByName(db: DbOrTx, partnershipId: string, name: string) {
  const [row] = await db
    .select()
    .from(organisations)
    .where(
      and(
        eq(organisations.partnershipId, partnershipId),
        sql`lower(${organisations.name}) = lower(${name})`,
        isNull(organisations.archivedAt),
      ),
    )
  return row
}

export async function insertOrganisation(db: DbOrTx, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).returning()
  return row!
}

export async function updateOrganisation(
  db: DbOrTx,
  id: string,
  values: Partial<typeof organisations.$inferInsert>,
) {
  const [row] = await db
    .update(organisations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organisations.id, id))
    .returning()
  return row!
}

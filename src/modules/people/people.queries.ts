import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { organisations, people } from '../../db/schema/index.ts'

export type PersonRow = typeof people.$inferSelect
export type PersonWithOrg = PersonRow & { organisationName: string | null }

const withOrg = { person: people, organisationName: organisations.name }

export async function listPeople(
  db: DbOrTx,
  partnershipId: string,
  opts: { includeArchived?: boolean } = {},
) {
  const rows = await db
    .select(withOrg)
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        opts.includeArchived ? undefined : isNull(people.archivedAt),
      ),
    )
    .orderBy(asc(people.name))
  return rows.map((r): PersonWithOrg => ({ ...r.person, organisationName: r.organisationName }))
}

export async function findPerson(db: DbOrTx, partnershipId: string, id: string) {
  const [r] = await db
    .select(withOrg)
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(and(eq(people.partnershipId, partnershipId), eq(people.id, id)))
  return r ? ({ ...r.person, organisationName: r.organisationName } as PersonWithOrg) : undefined
}

export async function findPersonByEmail(db: DbOrTx, partnershipId: string, email: string) {
  const [row] = await db
    .select()
    .from(people)
    .where(
      and(
        eq(people.partnershipId, partnershipId),
        sql`lower(${people.email}) = lower(${email})`,
        isNull(people.archivedAt),
      ),
    )
  return row
}

export async function insertPerson(db: DbOrTx, values: typeof people.$inferInsert) {
  const [row] = await db.insert(people).values(values).returning()
  return row!
}

export async function updatePerson(db: DbOrTx, id: string, values: Partial<typeof people.$inferInsert>) {
  const [row] = await db
    .update(people)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(people.id, id))
    .returning()
  return row!
}

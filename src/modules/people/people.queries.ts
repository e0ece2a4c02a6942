import { type AnyColumn, and, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { memberships, organisations, people } from '../../db/schema/index.ts'

export type PersonRow = typeof people.$inferSelect

/** Case-insensitive, and the same on PGlite and PostgreSQL whatever the server's collation. */
const byName = (column: AnyColumn) => sql`lower(${column}) collate "C"`
export type PersonWithOrg = PersonRow & { organisationName: string | null; canSignIn: boolean }

/**
 * A person can sign in to this partnership while their account has an active membership of it;
 * `userId` alone stays set after access is removed.
 */
const canSignIn = sql<boolean>`exists (
  select 1 from ${memberships}
  where ${memberships.userId} = ${people.userId}
    and ${memberships.partnershipId} = ${people.partnershipId}
    and ${memberships.archivedAt} is null)`

const withOrg = { person: people, organisationName: organisations.name, canSignIn }
const flat = (r: {
  person: PersonRow
  organisationName: string | null
  canSignIn: boolean
}): PersonWithOrg => ({
  ...r.person,
  organisationName: r.organisationName,
  canSignIn: Boolean(r.canSignIn),
})

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
    .orderBy(byName(people.name))
  return rows.map(flat)
}

export async function findPerson(db: DbOrTx, partnershipId: string, id: string) {
  const [r] = await db
    .select(withOrg)
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .where(and(eq(people.partnershipId, partnershipId), eq(people.id, id)))
  return r ? flat(r) : undefined
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

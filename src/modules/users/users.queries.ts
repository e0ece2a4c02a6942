import { type AnyColumn, and, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { memberships, organisations, users } from '../../db/schema/index.ts'

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number]

/** Case-insensitive, and the same on PGlite and PostgreSQL whatever the server's collation. */
const byName = (column: AnyColumn) => sql`lower(${column}) collate "C"`

const memberColumns = {
  id: memberships.id,
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  organisationId: memberships.organisationId,
  organisationName: organisations.name,
  lastSignedInAt: users.lastSignedInAt,
  /** Without a password they cannot sign in until a link to set one is used. */
  hasPassword: sql<boolean>`(${users.passwordHash} is not null)`,
  createdAt: memberships.createdAt,
  archivedAt: memberships.archivedAt,
}

export async function listMembers(db: DbOrTx, partnershipId: string) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.partnershipId, partnershipId), isNull(memberships.archivedAt)))
    .orderBy(byName(users.name))
}

/** Scoped by partnership: another partnership's membership is simply not found. */
export async function findMember(
  db: DbOrTx,
  partnershipId: string,
  membershipId: string,
  opts: { includeArchived?: boolean } = {},
) {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        eq(memberships.partnershipId, partnershipId),
        eq(memberships.id, membershipId),
        opts.includeArchived ? undefined : isNull(memberships.archivedAt),
      ),
    )
  return row
}

export async function findActiveMembership(db: DbOrTx, partnershipId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.partnershipId, partnershipId),
        eq(memberships.userId, userId),
        isNull(memberships.archivedAt),
      ),
    )
  return row
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning()
  return row!
}

export async function insertMembership(db: DbOrTx, values: typeof memberships.$inferInsert) {
  const [row] = await db.insert(memberships).values(values).returning()
  return row!
}

export async function updateMembership(
  db: DbOrTx,
  id: string,
  values: Partial<typeof memberships.$inferInsert>,
) {
  const [row] = await db
    .update(memberships)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(memberships.id, id))
    .returning()
  return row!
}

export async function updateUser(db: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>) {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning()
  return row!
}

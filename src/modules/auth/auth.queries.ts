import { and, asc, eq, getTableColumns, isNull, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { apiTokens, appSettings, memberships, partnerships, sessions, users } from '../../db/schema/index.ts'

export type UserRow = typeof users.$inferSelect

export async function findUserByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.archivedAt)))
  return row
}

export async function findUserById(db: DbOrTx, id: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.archivedAt)))
  return row
}

export async function membershipsOf(db: DbOrTx, userId: string) {
  return db
    .select({
      partnershipId: memberships.partnershipId,
      role: memberships.role,
      organisationId: memberships.organisationId,
    })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), isNull(memberships.archivedAt)))
}

/** A partnership's columns but its logo's bytes (up to 200 KB, read only when the logo is asked for). */
const { logoData: _logoData, ...partnershipColumns } = getTableColumns(partnerships)

/**
 * A live user with their live memberships and each membership's partnership (archived or not;
 * callers decide), ordered by partnership name: a row per membership, or one row with null
 * membership when there are none, or no row when the user is unknown or archived. Every
 * signed-in request runs it, so the actor, the partnership switcher and, usually, the
 * partnership in the address come from one round trip.
 */
export async function userWithMemberships(db: DbOrTx, userId: string) {
  return db
    .select({
      user: { id: users.id, name: users.name, isSystemAdmin: users.isSystemAdmin },
      membership: {
        partnershipId: memberships.partnershipId,
        role: memberships.role,
        organisationId: memberships.organisationId,
      },
      partnership: partnershipColumns,
    })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), isNull(memberships.archivedAt)))
    .leftJoin(partnerships, eq(partnerships.id, memberships.partnershipId))
    .where(and(eq(users.id, userId), isNull(users.archivedAt)))
    .orderBy(asc(partnerships.name))
}

export async function setPassword(db: DbOrTx, userId: string, passwordHash: string, now: Date) {
  await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
    .where(eq(users.id, userId))
}

export async function touchSignIn(db: DbOrTx, userId: string, now: Date) {
  await db.update(users).set({ lastSignedInAt: now }).where(eq(users.id, userId))
}

// Sessions ---------------------------------------------------------------------------------

export async function getSession(db: DbOrTx, id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id))
  return row
}

export async function upsertSession(
  db: DbOrTx,
  row: { id: string; userId: string | null; data: unknown; expiresAt: Date },
) {
  await db
    .insert(sessions)
    .values(row)
    .onConflictDoUpdate({
      target: sessions.id,
      set: { userId: row.userId, data: row.data, expiresAt: row.expiresAt },
    })
}

export async function deleteSession(db: DbOrTx, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id))
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now))
}

export async function deleteSessionsOfUser(db: DbOrTx, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId))
}

// API tokens --------------------------------------------------------------------------------

export async function insertToken(db: DbOrTx, row: typeof apiTokens.$inferInsert) {
  const [created] = await db.insert(apiTokens).values(row).returning()
  return created!
}

export async function findActiveTokenByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
  return row
}

export async function listTokensOf(db: DbOrTx, userId: string) {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(apiTokens.createdAt)
}

/** The user's tokens with the name and address of the partnership each reaches (null: all of theirs). */
export async function listTokensWithScopeOf(db: DbOrTx, userId: string) {
  return db
    .select({ token: apiTokens, partnership: { name: partnerships.name, slug: partnerships.slug } })
    .from(apiTokens)
    .leftJoin(partnerships, eq(partnerships.id, apiTokens.partnershipId))
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.createdAt)
}

export async function revokeToken(db: DbOrTx, userId: string, tokenId: string, now: Date) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning()
  return row
}

/** Revoke every live token of the account (its password changed); returns those revoked. */
export async function revokeTokensOfUser(db: DbOrTx, userId: string, now: Date) {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, prefix: apiTokens.prefix })
}

export async function touchToken(db: DbOrTx, tokenId: string, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId))
}

// Settings ----------------------------------------------------------------------------------

export async function getSetting(db: DbOrTx, key: string) {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key))
  return row?.value
}

/** Insert if absent and return whichever value won (safe when two processes start at once). */
export async function ensureSetting(db: DbOrTx, key: string, value: string) {
  await db.insert(appSettings).values({ key, value }).onConflictDoNothing()
  return (await getSetting(db, key))!
}

import { and, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { userIdentities, users } from '../../db/schema/index.ts'

/** The live account an identity at the provider is linked to, or undefined. */
export async function findLinkedUser(db: DbOrTx, issuer: string, subject: string) {
  const [row] = await db
    .select({ identity: userIdentities, user: users })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .where(
      and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject), isNull(users.archivedAt)),
    )
  return row
}

/** Any identity with this issuer and subject, whatever its account's state. */
export async function findIdentity(db: DbOrTx, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)))
  return row
}

/** The user's identity at this issuer, if they have one. */
export async function findIdentityOfUser(db: DbOrTx, userId: string, issuer: string) {
  const [row] = await db
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.userId, userId), eq(userIdentities.issuer, issuer)))
  return row
}

export async function insertIdentity(
  db: DbOrTx,
  row: { userId: string; issuer: string; subject: string; email: string; now: Date },
) {
  const [inserted] = await db
    .insert(userIdentities)
    .values({
      userId: row.userId,
      issuer: row.issuer,
      subject: row.subject,
      email: row.email,
      createdAt: row.now,
      lastUsedAt: row.now,
    })
    .returning()
  return inserted!
}

export async function touchIdentity(db: DbOrTx, id: string, now: Date) {
  await db.update(userIdentities).set({ lastUsedAt: now }).where(eq(userIdentities.id, id))
}

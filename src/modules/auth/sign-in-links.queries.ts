import { and, eq, gt, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { signInLinks, users } from '../../db/schema/index.ts'

export type SignInLinkRow = typeof signInLinks.$inferSelect

export async function insertLink(db: DbOrTx, values: typeof signInLinks.$inferInsert) {
  const [row] = await db.insert(signInLinks).values(values).returning()
  return row!
}

/** The link with this token hash and its (unarchived) user; undefined when either is missing. */
export async function findLinkByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({
      link: signInLinks,
      user: { id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash },
    })
    .from(signInLinks)
    .innerJoin(users, and(eq(users.id, signInLinks.userId), isNull(users.archivedAt)))
    .where(eq(signInLinks.tokenHash, tokenHash))
  return row
}

/**
 * Use a link: marks it used only if it is still unused, unrevoked and unexpired, in one statement,
 * so two submissions of the same link cannot both succeed. Undefined when it could not be used.
 */
export async function consumeLink(db: DbOrTx, tokenHash: string, now: Date) {
  const [row] = await db
    .update(signInLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(signInLinks.tokenHash, tokenHash),
        isNull(signInLinks.usedAt),
        isNull(signInLinks.revokedAt),
        gt(signInLinks.expiresAt, now),
      ),
    )
    .returning()
  return row
}

/** Void every unused link of a user (a newer one replaces them, or the password changed). */
export async function revokeUnusedLinks(db: DbOrTx, userId: string, now: Date) {
  await db
    .update(signInLinks)
    .set({ revokedAt: now })
    .where(and(eq(signInLinks.userId, userId), isNull(signInLinks.usedAt), isNull(signInLinks.revokedAt)))
}

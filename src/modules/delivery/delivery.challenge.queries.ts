import { and, asc, eq, inArray, isNull, max } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  challengeIssues,
  challengeReviewers,
  challengeRounds,
  memberships,
  users,
} from '../../db/schema/index.ts'

export type RoundRow = typeof challengeRounds.$inferSelect
export type IssueRow = typeof challengeIssues.$inferSelect

// --- challenge ---

export async function roundsOf(db: DbOrTx, planId: string) {
  return db
    .select()
    .from(challengeRounds)
    .where(eq(challengeRounds.planId, planId))
    .orderBy(asc(challengeRounds.number))
}

export async function issuesOfRounds(db: DbOrTx, roundIds: string[]) {
  if (roundIds.length === 0) return []
  return db
    .select()
    .from(challengeIssues)
    .where(inArray(challengeIssues.roundId, roundIds))
    .orderBy(asc(challengeIssues.raisedAt), asc(challengeIssues.id))
}

export async function lastRoundNumber(db: DbOrTx, planId: string) {
  const [row] = await db
    .select({ n: max(challengeRounds.number) })
    .from(challengeRounds)
    .where(eq(challengeRounds.planId, planId))
  return row?.n ?? 0
}

export async function insertRound(db: DbOrTx, values: typeof challengeRounds.$inferInsert) {
  const [row] = await db.insert(challengeRounds).values(values).returning()
  return row!
}

export async function updateRound(
  db: DbOrTx,
  id: string,
  values: Partial<typeof challengeRounds.$inferInsert>,
) {
  const [row] = await db.update(challengeRounds).set(values).where(eq(challengeRounds.id, id)).returning()
  return row!
}

export async function findIssue(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select({ issue: challengeIssues, round: challengeRounds })
    .from(challengeIssues)
    .innerJoin(challengeRounds, eq(challengeRounds.id, challengeIssues.roundId))
    .where(and(eq(challengeIssues.partnershipId, partnershipId), eq(challengeIssues.id, id)))
  return row
}

export async function insertIssue(db: DbOrTx, values: typeof challengeIssues.$inferInsert) {
  const [row] = await db.insert(challengeIssues).values(values).returning()
  return row!
}

export async function updateIssue(
  db: DbOrTx,
  id: string,
  values: Partial<typeof challengeIssues.$inferInsert>,
) {
  const [row] = await db.update(challengeIssues).set(values).where(eq(challengeIssues.id, id)).returning()
  return row!
}

export async function listReviewers(db: DbOrTx, partnershipId: string) {
  return db
    .select({
      id: challengeReviewers.id,
      userId: challengeReviewers.userId,
      name: users.name,
      email: users.email,
    })
    .from(challengeReviewers)
    .innerJoin(users, eq(users.id, challengeReviewers.userId))
    .where(and(eq(challengeReviewers.partnershipId, partnershipId), isNull(challengeReviewers.archivedAt)))
    .orderBy(asc(users.name))
}

export async function isNamedReviewer(db: DbOrTx, partnershipId: string, userId: string) {
  const [row] = await db
    .select({ id: challengeReviewers.id })
    .from(challengeReviewers)
    .where(
      and(
        eq(challengeReviewers.partnershipId, partnershipId),
        eq(challengeReviewers.userId, userId),
        isNull(challengeReviewers.archivedAt),
      ),
    )
  return row !== undefined
}

export async function insertReviewer(db: DbOrTx, partnershipId: string, userId: string) {
  const [row] = await db.insert(challengeReviewers).values({ partnershipId, userId }).returning()
  return row!
}

export async function archiveReviewer(db: DbOrTx, partnershipId: string, id: string, at: Date) {
  const [row] = await db
    .update(challengeReviewers)
    .set({ archivedAt: at, updatedAt: at })
    .where(
      and(
        eq(challengeReviewers.partnershipId, partnershipId),
        eq(challengeReviewers.id, id),
        isNull(challengeReviewers.archivedAt),
      ),
    )
    .returning()
  return row
}

/** A live member of the partnership (a reviewer must be one). */
export async function memberOf(db: DbOrTx, partnershipId: string, userId: string) {
  const [row] = await db
    .select({ userId: memberships.userId, role: memberships.role, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.partnershipId, partnershipId),
        eq(memberships.userId, userId),
        isNull(memberships.archivedAt),
      ),
    )
  return row
}

/** The partnership's live members, for choosing a reviewer. */
export async function members(db: DbOrTx, partnershipId: string) {
  return db
    .select({ userId: memberships.userId, role: memberships.role, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.partnershipId, partnershipId), isNull(memberships.archivedAt)))
    .orderBy(asc(users.name))
}

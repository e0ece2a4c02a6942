import { and, asc, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { targetComments } from '../../db/schema/index.ts'

export type CommentRow = typeof targetComments.$inferSelect

/** The negotiation log of a target, oldest first (a conversation reads forwards). */
export async function listComments(db: DbOrTx, targetId: string) {
  return db
    .select()
    .from(targetComments)
    .where(and(eq(targetComments.targetId, targetId), isNull(targetComments.archivedAt)))
    .orderBy(asc(targetComments.createdAt))
}

export async function insertComment(db: DbOrTx, values: typeof targetComments.$inferInsert) {
  const [row] = await db.insert(targetComments).values(values).returning()
  return row!
}

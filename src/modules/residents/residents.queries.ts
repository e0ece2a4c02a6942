import { and, asc, count, eq, gte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { publicComments, strategyNodes } from '../../db/schema/index.ts'

export type PublicCommentRow = typeof publicComments.$inferSelect

/** A version's residents' comments, oldest first, with the outcome each names. */
export async function listComments(
  db: DbOrTx,
  versionId: string,
  opts: { status?: string | undefined } = {},
) {
  const rows = await db
    .select({ comment: publicComments, nodeRef: strategyNodes.ref, nodeTitle: strategyNodes.title })
    .from(publicComments)
    .leftJoin(strategyNodes, eq(strategyNodes.id, publicComments.nodeId))
    .where(
      and(
        eq(publicComments.versionId, versionId),
        opts.status ? eq(publicComments.status, opts.status) : undefined,
      ),
    )
    .orderBy(asc(publicComments.createdAt))
  return rows.map((r) => ({ ...r.comment, nodeRef: r.nodeRef, nodeTitle: r.nodeTitle }))
}
export type PublicCommentWithNode = Awaited<ReturnType<typeof listComments>>[number]

/** How many of a version's comments are in each status. */
export async function countByStatus(db: DbOrTx, versionId: string) {
  const rows = await db
    .select({ status: publicComments.status, n: count() })
    .from(publicComments)
    .where(eq(publicComments.versionId, versionId))
    .groupBy(publicComments.status)
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>
}

export async function findComment(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(publicComments)
    .where(and(eq(publicComments.partnershipId, partnershipId), eq(publicComments.id, id)))
  return row
}

export async function findByTokenHash(db: DbOrTx, hash: string) {
  const [row] = await db.select().from(publicComments).where(eq(publicComments.confirmTokenHash, hash))
  return row
}

/** Comments from this address still unconfirmed, made since `since`. */
export async function countUnconfirmedSince(db: DbOrTx, partnershipId: string, email: string, since: Date) {
  const [row] = await db
    .select({ n: count() })
    .from(publicComments)
    .where(
      and(
        eq(publicComments.partnershipId, partnershipId),
        eq(sql`lower(${publicComments.email})`, email.toLowerCase()),
        eq(publicComments.status, 'unconfirmed'),
        gte(publicComments.createdAt, since),
      ),
    )
  return Number(row?.n ?? 0)
}

export async function insertComment(db: DbOrTx, values: typeof publicComments.$inferInsert) {
  const [row] = await db.insert(publicComments).values(values).returning()
  return row!
}

export async function updateComment(
  db: DbOrTx,
  id: string,
  values: Partial<typeof publicComments.$inferInsert>,
) {
  const [row] = await db
    .update(publicComments)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(publicComments.id, id))
    .returning()
  return row!
}

/** Confirm by token: only while the row still holds that token (a second use finds nothing). */
export async function confirmByToken(db: DbOrTx, id: string, hash: string, at: Date) {
  const [row] = await db
    .update(publicComments)
    .set({ status: 'pending', confirmTokenHash: null, confirmedAt: at, updatedAt: new Date() })
    .where(
      and(
        eq(publicComments.id, id),
        eq(publicComments.confirmTokenHash, hash),
        eq(publicComments.status, 'unconfirmed'),
      ),
    )
    .returning()
  return row
}

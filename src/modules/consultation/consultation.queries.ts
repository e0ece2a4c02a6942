import { and, asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { consultationComments, organisations, strategyNodes } from '../../db/schema/index.ts'

export type CommentRow = typeof consultationComments.$inferSelect

/** Comments on a version, oldest first, with the node and organisation they name. */
export async function listComments(
  db: DbOrTx,
  versionId: string,
  opts: { status?: string | undefined; nodeId?: string | undefined } = {},
) {
  const rows = await db
    .select({
      comment: consultationComments,
      nodeRef: strategyNodes.ref,
      nodeTitle: strategyNodes.title,
      organisationName: organisations.name,
    })
    .from(consultationComments)
    .leftJoin(strategyNodes, eq(strategyNodes.id, consultationComments.nodeId))
    .leftJoin(organisations, eq(organisations.id, consultationComments.organisationId))
    .where(
      and(
        eq(consultationComments.versionId, versionId),
        opts.status ? eq(consultationComments.status, opts.status) : undefined,
        opts.nodeId ? eq(consultationComments.nodeId, opts.nodeId) : undefined,
      ),
    )
    .orderBy(asc(consultationComments.createdAt))
  return rows.map((r) => ({
    ...r.comment,
    nodeRef: r.nodeRef,
    nodeTitle: r.nodeTitle,
    organisationName: r.organisationName,
  }))
}
export type CommentWithNames = Awaited<ReturnType<typeof listComments>>[number]

export async function findComment(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(consultationComments)
    .where(and(eq(consultationComments.partnershipId, partnershipId), eq(consultationComments.id, id)))
  return row
}

export async function insertComment(db: DbOrTx, values: typeof consultationComments.$inferInsert) {
  const [row] = await db.insert(consultationComments).values(values).returning()
  return row!
}

export async function updateComment(
  db: DbOrTx,
  id: string,
  values: Partial<typeof consultationComments.$inferInsert>,
) {
  const [row] = await db
    .update(consultationComments)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(consultationComments.id, id))
    .returning()
  return row!
}

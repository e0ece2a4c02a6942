import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { strategyLinks, strategyNodes, strategyNodeTags, strategyTags } from '../../db/schema/index.ts'

export type TagRow = typeof strategyTags.$inferSelect
export type LinkRow = typeof strategyLinks.$inferSelect

// ---- Tags: the partnership's own list ----

export async function listTags(db: DbOrTx, partnershipId: string, opts: { includeArchived?: boolean } = {}) {
  return db
    .select()
    .from(strategyTags)
    .where(
      and(
        eq(strategyTags.partnershipId, partnershipId),
        opts.includeArchived ? undefined : isNull(strategyTags.archivedAt),
      ),
    )
    .orderBy(asc(strategyTags.name))
}

export async function findTag(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(strategyTags)
    .where(and(eq(strategyTags.partnershipId, partnershipId), eq(strategyTags.id, id)))
  return row
}

export async function findTagByName(db: DbOrTx, partnershipId: string, name: string) {
  const [row] = await db
    .select()
    .from(strategyTags)
    .where(
      and(
        eq(strategyTags.partnershipId, partnershipId),
        sql`lower(${strategyTags.name}) = lower(${name})`,
        isNull(strategyTags.archivedAt),
      ),
    )
  return row
}

export async function insertTag(db: DbOrTx, values: typeof strategyTags.$inferInsert) {
  const [row] = await db.insert(strategyTags).values(values).returning()
  return row!
}

export async function updateTag(db: DbOrTx, id: string, values: Partial<typeof strategyTags.$inferInsert>) {
  const [row] = await db
    .update(strategyTags)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(strategyTags.id, id))
    .returning()
  return row!
}

/** Tag names per node id, for the given nodes (live tags only). */
export async function tagsOfNodes(db: DbOrTx, nodeIds: string[]) {
  if (nodeIds.length === 0) return new Map<string, { id: string; name: string }[]>()
  const rows = await db
    .select({ nodeId: strategyNodeTags.nodeId, id: strategyTags.id, name: strategyTags.name })
    .from(strategyNodeTags)
    .innerJoin(strategyTags, eq(strategyTags.id, strategyNodeTags.tagId))
    .where(and(inArray(strategyNodeTags.nodeId, nodeIds), isNull(strategyTags.archivedAt)))
    .orderBy(asc(strategyTags.name))
  const out = new Map<string, { id: string; name: string }[]>()
  for (const r of rows) out.set(r.nodeId, [...(out.get(r.nodeId) ?? []), { id: r.id, name: r.name }])
  return out
}

/** Tag assignments of a version's nodes, for copying into a new version. */
export async function nodeTagsOfVersion(db: DbOrTx, versionId: string) {
  return db
    .select({ nodeId: strategyNodeTags.nodeId, tagId: strategyNodeTags.tagId })
    .from(strategyNodeTags)
    .innerJoin(strategyNodes, eq(strategyNodes.id, strategyNodeTags.nodeId))
    .where(eq(strategyNodes.versionId, versionId))
}

export async function replaceNodeTags(db: DbOrTx, nodeId: string, tagIds: string[]) {
  await db.delete(strategyNodeTags).where(eq(strategyNodeTags.nodeId, nodeId))
  if (tagIds.length) await db.insert(strategyNodeTags).values(tagIds.map((tagId) => ({ nodeId, tagId })))
}

export async function insertNodeTags(db: DbOrTx, values: { nodeId: string; tagId: string }[]) {
  for (let i = 0; i < values.length; i += 1000)
    await db.insert(strategyNodeTags).values(values.slice(i, i + 1000))
}

// ---- Links between outcomes in different themes ----

export async function listLinks(db: DbOrTx, versionId: string) {
  return db
    .select()
    .from(strategyLinks)
    .where(and(eq(strategyLinks.versionId, versionId), isNull(strategyLinks.archivedAt)))
}

export async function linksOfNode(db: DbOrTx, nodeId: string) {
  return db
    .select()
    .from(strategyLinks)
    .where(
      and(
        or(eq(strategyLinks.fromNodeId, nodeId), eq(strategyLinks.toNodeId, nodeId)),
        isNull(strategyLinks.archivedAt),
      ),
    )
}

export async function findLink(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(strategyLinks)
    .where(and(eq(strategyLinks.partnershipId, partnershipId), eq(strategyLinks.id, id)))
  return row
}

export async function insertLinks(db: DbOrTx, values: (typeof strategyLinks.$inferInsert)[]) {
  if (values.length === 0) return []
  return db.insert(strategyLinks).values(values).returning()
}

/** Archive links as of `at` (the service's clock). */
export async function archiveLinks(db: DbOrTx, ids: string[], at: Date) {
  if (ids.length === 0) return []
  return db
    .update(strategyLinks)
    .set({ archivedAt: at, updatedAt: new Date() })
    .where(inArray(strategyLinks.id, ids))
    .returning()
}

import { and, asc, desc, eq, inArray, isNull, max } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { strategyNodes, strategyVersions } from '../../db/schema/index.ts'
import { compareRefs } from './strategy-tree.ts'

export type VersionRow = typeof strategyVersions.$inferSelect
export type NodeRow = typeof strategyNodes.$inferSelect
export type NodeKind = 'theme' | 'outcome' | 'sub_outcome'

/** What other modules need to know of a node of the current strategy (targets link by `key`). */
export interface CurrentNode {
  key: string
  id: string
  ref: string
  kind: NodeKind
  title: string
  parentId: string | null
}

// ---- Contract used by other modules (agreements/targets): names and shapes are stable. ----

/** The partnership's current strategy version: the latest one not archived. */
export async function currentVersion(db: DbOrTx, partnershipId: string): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(strategyVersions)
    .where(and(eq(strategyVersions.partnershipId, partnershipId), isNull(strategyVersions.archivedAt)))
    .orderBy(desc(strategyVersions.number))
    .limit(1)
  return row
}

const currentShape = {
  key: strategyNodes.key,
  id: strategyNodes.id,
  ref: strategyNodes.ref,
  kind: strategyNodes.kind,
  title: strategyNodes.title,
  parentId: strategyNodes.parentId,
}

/** Live nodes of the current version, in reference order (1, 1.1, 1.2, 1.10, 2…). */
export async function currentNodes(db: DbOrTx, partnershipId: string): Promise<CurrentNode[]> {
  const version = await currentVersion(db, partnershipId)
  return version ? versionNodes(db, version.id) : []
}

/** Live nodes of one version, in reference order, in the shape of the current version's. */
export async function versionNodes(db: DbOrTx, versionId: string): Promise<CurrentNode[]> {
  const rows = await db
    .select(currentShape)
    .from(strategyNodes)
    .where(and(eq(strategyNodes.versionId, versionId), isNull(strategyNodes.archivedAt)))
  return (rows as CurrentNode[]).sort((a, b) => compareRefs(a.ref, b.ref))
}

/**
 * The version the partnership has agreed: the latest signed-off one not archived, else the latest
 * final one; undefined while every version is a draft.
 */
export async function agreedVersion(db: DbOrTx, partnershipId: string): Promise<VersionRow | undefined> {
  const rows = await db
    .select()
    .from(strategyVersions)
    .where(
      and(
        eq(strategyVersions.partnershipId, partnershipId),
        isNull(strategyVersions.archivedAt),
        inArray(strategyVersions.status, ['signed_off', 'final']),
      ),
    )
    .orderBy(desc(strategyVersions.number))
  return rows.find((r) => r.status === 'signed_off') ?? rows[0]
}

/** Live nodes of the current version with the given refs (exact match); unknown refs are absent. */
export async function findNodesByRefs(
  db: DbOrTx,
  partnershipId: string,
  refs: string[],
): Promise<CurrentNode[]> {
  if (refs.length === 0) return []
  const version = await currentVersion(db, partnershipId)
  if (!version) return []
  const rows = await db
    .select(currentShape)
    .from(strategyNodes)
    .where(
      and(
        eq(strategyNodes.versionId, version.id),
        isNull(strategyNodes.archivedAt),
        inArray(strategyNodes.ref, [...new Set(refs)]),
      ),
    )
  return rows as CurrentNode[]
}

// ---- Versions ----

export async function listVersions(
  db: DbOrTx,
  partnershipId: string,
  opts: { includeArchived?: boolean } = {},
) {
  return db
    .select()
    .from(strategyVersions)
    .where(
      and(
        eq(strategyVersions.partnershipId, partnershipId),
        opts.includeArchived ? undefined : isNull(strategyVersions.archivedAt),
      ),
    )
    .orderBy(desc(strategyVersions.number))
}

export async function findVersionByNumber(db: DbOrTx, partnershipId: string, number: number) {
  const [row] = await db
    .select()
    .from(strategyVersions)
    .where(and(eq(strategyVersions.partnershipId, partnershipId), eq(strategyVersions.number, number)))
  return row
}

export async function findVersion(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(strategyVersions)
    .where(and(eq(strategyVersions.partnershipId, partnershipId), eq(strategyVersions.id, id)))
  return row
}

export async function nextVersionNumber(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ n: max(strategyVersions.number) })
    .from(strategyVersions)
    .where(eq(strategyVersions.partnershipId, partnershipId))
  return (row?.n ?? 0) + 1
}

export async function insertVersion(db: DbOrTx, values: typeof strategyVersions.$inferInsert) {
  const [row] = await db.insert(strategyVersions).values(values).returning()
  return row!
}

export async function updateVersion(
  db: DbOrTx,
  id: string,
  values: Partial<typeof strategyVersions.$inferInsert>,
) {
  const [row] = await db
    .update(strategyVersions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(strategyVersions.id, id))
    .returning()
  return row!
}

// ---- Nodes ----

export async function listNodes(db: DbOrTx, versionId: string, opts: { includeArchived?: boolean } = {}) {
  return db
    .select()
    .from(strategyNodes)
    .where(
      and(
        eq(strategyNodes.versionId, versionId),
        opts.includeArchived ? undefined : isNull(strategyNodes.archivedAt),
      ),
    )
    .orderBy(asc(strategyNodes.position), asc(strategyNodes.ref))
}

/** Scoped by partnership: another partnership's node is simply not found. */
export async function findNode(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(strategyNodes)
    .where(and(eq(strategyNodes.partnershipId, partnershipId), eq(strategyNodes.id, id)))
  return row
}

export async function findNodeByRef(db: DbOrTx, versionId: string, ref: string) {
  const [row] = await db
    .select()
    .from(strategyNodes)
    .where(
      and(
        eq(strategyNodes.versionId, versionId),
        eq(strategyNodes.ref, ref),
        isNull(strategyNodes.archivedAt),
      ),
    )
  return row
}

export async function insertNodes(db: DbOrTx, values: (typeof strategyNodes.$inferInsert)[]) {
  if (values.length === 0) return []
  return db.insert(strategyNodes).values(values).returning()
}

export async function updateNode(db: DbOrTx, id: string, values: Partial<typeof strategyNodes.$inferInsert>) {
  const [row] = await db
    .update(strategyNodes)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(strategyNodes.id, id))
    .returning()
  return row!
}

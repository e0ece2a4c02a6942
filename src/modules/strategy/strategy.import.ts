import crypto from 'node:crypto'
import type { DbOrTx } from '../../db/client.ts'
import { lowerFirst } from '../../lib/text.ts'
import type { RowProblem } from '../../workbook/report.ts'
import { audit, type AuditEntry } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import {
  insertNodeTags,
  insertTag,
  listTags,
  replaceNodeTags,
  tagsOfNodes,
} from './strategy-links.queries.ts'
import { buildTree, flatten, parentProblem } from './strategy-tree.ts'
import * as q from './strategy.queries.ts'
import { versionLabel } from './strategy.schema.ts'

/** A row of the workbook's Strategy sheet. Blank optional cells leave an existing node's value as it is. */
export interface StrategyRow {
  row: number
  ref: string
  parentRef: string | null
  kind: q.NodeKind
  title: string
  statement: string | null
  rationale: string | null
  tags: string[]
}

interface Known {
  ref: string
  kind: q.NodeKind
  parentRef: string | null
}

/** The current version and its live nodes by reference. */
async function current(tx: DbOrTx, partnershipId: string) {
  const version = await q.currentVersion(tx, partnershipId)
  const nodes = version ? await q.listNodes(tx, version.id) : []
  return { version, nodes, byRef: new Map(nodes.map((n) => [n.ref, n])) }
}

/**
 * Check the sheet's rows against the current version as it will stand after the import: every
 * parent exists (in the strategy or on the sheet) and is of a higher kind, nothing sits beneath
 * itself, and a changed kind still suits the nodes already beneath it.
 */
export async function checkStrategyRows(
  tx: DbOrTx,
  partnershipId: string,
  rows: StrategyRow[],
): Promise<RowProblem[]> {
  const { version, nodes, byRef } = await current(tx, partnershipId)
  if (version?.status === 'signed_off')
    return [
      {
        message: `${versionLabel(version)} is signed off: start a new version before importing the strategy`,
      },
    ]
  const idToRef = new Map(nodes.map((n) => [n.id, n.ref]))
  const after = new Map<string, Known>()
  for (const n of nodes)
    after.set(n.ref, {
      ref: n.ref,
      kind: n.kind as q.NodeKind,
      parentRef: n.parentId ? (idToRef.get(n.parentId) ?? null) : null,
    })
  for (const r of rows) {
    const existing = after.get(r.ref)
    after.set(r.ref, { ref: r.ref, kind: r.kind, parentRef: r.parentRef ?? existing?.parentRef ?? null })
  }
  const problems: RowProblem[] = []
  const inSheet = new Set(rows.map((r) => r.ref))
  for (const r of rows) {
    const me = after.get(r.ref)!
    const parent = me.parentRef ? after.get(me.parentRef) : undefined
    if (me.parentRef && !parent) {
      problems.push({
        row: r.row,
        column: 'parent_ref',
        message: `${me.parentRef} is not a ref of the strategy or on this sheet`,
      })
      continue
    }
    const wrong = parentProblem(r.kind, parent?.kind ?? null)
    if (wrong) {
      problems.push({ row: r.row, column: me.parentRef ? 'parent_ref' : 'kind', message: lowerFirst(wrong) })
      continue
    }
    // Walk up: coming back to the row itself means a cycle.
    const seen = new Set<string>([r.ref])
    for (let p = parent; p; p = p.parentRef ? after.get(p.parentRef) : undefined) {
      if (seen.has(p.ref)) {
        problems.push({
          row: r.row,
          column: 'parent_ref',
          message: `${me.parentRef} sits beneath ${r.ref}, so ${r.ref} cannot sit under it`,
        })
        break
      }
      seen.add(p.ref)
    }
    const existing = byRef.get(r.ref)
    if (existing && existing.kind !== r.kind)
      for (const child of after.values()) {
        if (child.parentRef !== r.ref || inSheet.has(child.ref)) continue
        const bad = parentProblem(child.kind, r.kind)
        if (bad)
          problems.push({
            row: r.row,
            column: 'kind',
            message: `${child.ref} beneath it: ${lowerFirst(bad)}`,
          })
      }
  }
  return problems
}

/** Depth of a reference in the tree as it will stand, for writing parents first. */
function depthOf(ref: string, parentOf: Map<string, string | null>) {
  let d = 0
  for (let p = parentOf.get(ref); p && d < 1000; p = parentOf.get(p)) d++
  return d
}

/**
 * Write checked rows into the current version (starting version 1 when the partnership has no
 * strategy): rows with a known ref update that node, others are added; tags not yet on the
 * partnership's list are added to it. Nodes not on the sheet are left as they are.
 */
export async function applyStrategyRows(
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  rows: StrategyRow[],
  partnerships: Pick<PartnershipsService, 'find'>,
) {
  const counts = { created: 0, updated: 0, unchanged: 0 }
  const newTags: string[] = []
  if (rows.length === 0) return { counts, newTags }
  let { version, nodes, byRef } = await current(tx, partnershipId)
  const log: AuditEntry[] = []
  if (!version) {
    const p = await partnerships.find(tx, partnershipId)
    version = await q.insertVersion(tx, {
      partnershipId,
      number: 1,
      title: `${p?.name ?? 'The'} Sustainable Community Strategy`,
    })
    log.push({
      partnershipId,
      entityType: 'strategy_version',
      entityId: version.id,
      action: 'create',
      after: version,
    })
    nodes = []
    byRef = new Map()
  }
  const tags = new Map((await listTags(tx, partnershipId)).map((t) => [t.name.toLowerCase(), t.id]))
  for (const name of new Set(rows.flatMap((r) => r.tags))) {
    if (tags.has(name.toLowerCase())) continue
    const tag = await insertTag(tx, { partnershipId, name })
    tags.set(name.toLowerCase(), tag.id)
    newTags.push(name)
    log.push({ partnershipId, entityType: 'strategy_tag', entityId: tag.id, action: 'create', after: tag })
  }
  const currentTags = await tagsOfNodes(
    tx,
    nodes.map((n) => n.id),
  )
  const idOf = new Map(nodes.map((n) => [n.ref, n.id]))
  const refOfId = new Map(nodes.map((n) => [n.id, n.ref]))
  const parentOf = new Map<string, string | null>(
    nodes.map((n) => [n.ref, n.parentId ? (refOfId.get(n.parentId) ?? null) : null]),
  )
  for (const r of rows) parentOf.set(r.ref, r.parentRef ?? parentOf.get(r.ref) ?? null)
  const nextPosition = new Map<string | null, number>()
  for (const n of nodes)
    nextPosition.set(n.parentId, Math.max(nextPosition.get(n.parentId) ?? 0, n.position + 1))
  const position = (parentId: string | null) => {
    const p = nextPosition.get(parentId) ?? 0
    nextPosition.set(parentId, p + 1)
    return p
  }

  // New nodes are written together, parents first (the rows are in depth order), after updates.
  const creates: Parameters<typeof q.insertNodes>[1] = []
  const newTagRows: { nodeId: string; tagId: string }[] = []
  const updates: (() => Promise<void>)[] = []
  const ordered = [...rows].sort(
    (a, b) => depthOf(a.ref, parentOf) - depthOf(b.ref, parentOf) || a.row - b.row,
  )
  for (const r of ordered) {
    const existing = byRef.get(r.ref)
    const parentRef = parentOf.get(r.ref) ?? null
    const parentId = parentRef ? idOf.get(parentRef)! : null
    const tagIds = r.tags.map((t) => tags.get(t.toLowerCase())!)
    if (!existing) {
      const id = crypto.randomUUID()
      creates.push({
        id,
        partnershipId,
        versionId: version.id,
        parentId,
        kind: r.kind,
        ref: r.ref,
        position: position(parentId),
        title: r.title,
        statement: r.statement,
        rationale: r.rationale,
      })
      for (const tagId of tagIds) newTagRows.push({ nodeId: id, tagId })
      idOf.set(r.ref, id)
      log.push({
        partnershipId,
        entityType: 'strategy_node',
        entityId: id,
        action: 'create',
        after: { ...creates.at(-1), tags: r.tags },
      })
      counts.created++
      continue
    }
    const changes: Partial<q.NodeRow> = {}
    if (existing.kind !== r.kind) changes.kind = r.kind
    if (existing.title !== r.title) changes.title = r.title
    if (r.statement !== null && existing.statement !== r.statement) changes.statement = r.statement
    if (r.rationale !== null && existing.rationale !== r.rationale) changes.rationale = r.rationale
    if (existing.parentId !== parentId) {
      changes.parentId = parentId
      changes.position = position(parentId)
    }
    const had = (currentTags.get(existing.id) ?? []).map((t) => t.id).sort()
    const tagsChanged = tagIds.length > 0 && [...tagIds].sort().join() !== had.join()
    if (!Object.keys(changes).length && !tagsChanged) {
      counts.unchanged++
      continue
    }
    // Written after the new nodes: an existing node may move under one of them.
    updates.push(async () => {
      const row = Object.keys(changes).length ? await q.updateNode(tx, existing.id, changes) : existing
      if (tagsChanged) await replaceNodeTags(tx, existing.id, tagIds)
      log.push({
        partnershipId,
        entityType: 'strategy_node',
        entityId: existing.id,
        action: changes.parentId !== undefined ? 'move' : 'update',
        before: { ...existing, tagIds: had },
        after: { ...row, tagIds: tagsChanged ? tagIds : had },
      })
    })
    counts.updated++
  }
  for (let i = 0; i < creates.length; i += 500) await q.insertNodes(tx, creates.slice(i, i + 500))
  await insertNodeTags(tx, newTagRows)
  for (const update of updates) await update()
  await audit(tx, actor, log)
  return { counts, newTags }
}

/** The Strategy sheet's rows, in document order, as the import reads them back. */
export async function strategyExportRows(db: DbOrTx, partnershipId: string) {
  const { nodes } = await current(db, partnershipId)
  const tags = await tagsOfNodes(
    db,
    nodes.map((n) => n.id),
  )
  const refOf = new Map(nodes.map((n) => [n.id, n.ref]))
  return flatten(buildTree(nodes)).map((n) => ({
    ref: n.ref,
    parent_ref: n.parentId ? (refOf.get(n.parentId) ?? null) : null,
    kind: n.kind === 'sub_outcome' ? 'sub-outcome' : n.kind,
    title: n.title,
    statement: n.statement,
    rationale: n.rationale,
    tags: (tags.get(n.id) ?? []).map((t) => t.name).join('; ') || null,
  }))
}

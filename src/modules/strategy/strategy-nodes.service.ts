import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, notFound, validationError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { audit, type AuditEntry } from '../audit/audit.ts'
import type { AuditService } from '../audit/audit.service.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import { archiveLinks, findTag, linksOfNode, replaceNodeTags, tagsOfNodes } from './strategy-links.queries.ts'
import { assertEditable, loadVersion } from './strategy.rules.ts'
import { compareRefs, kindLabel, nextChildRef, parentProblem, subtreeIds } from './strategy-tree.ts'
import * as q from './strategy.queries.ts'
import { strategyPolicy } from './strategy.policy.ts'
import type { NodeCreate, NodeMove, NodeUpdate } from './strategy.schema.ts'

type NodeRow = q.NodeRow

const auditNode = (n: NodeRow, action: string, before: unknown, after: unknown): AuditEntry => ({
  partnershipId: n.partnershipId,
  entityType: 'strategy_node',
  entityId: n.id,
  action,
  before,
  after,
})

/**
 * New references for a node's subtree when the node's own reference becomes `newRef`:
 * descendants numbered under the old reference follow it (`1.7.2` → `2.3.2`).
 */
export function renumberSubtree(nodes: NodeRow[], rootId: string, newRef: string): Map<string, string> {
  const root = nodes.find((n) => n.id === rootId)!
  const ids = subtreeIds(nodes, rootId)
  const out = new Map<string, string>([[rootId, newRef]])
  const prefix = `${root.ref}.`
  for (const n of nodes)
    if (n.id !== rootId && ids.has(n.id) && n.ref.startsWith(prefix))
      out.set(n.id, `${newRef}.${n.ref.slice(prefix.length)}`)
  return out
}

/** References already used by live nodes of the version, after applying planned renames. */
function refClashes(nodes: NodeRow[], renames: Map<string, string>): string[] {
  const seen = new Map<string, number>()
  for (const n of nodes) {
    const ref = renames.get(n.id) ?? n.ref
    seen.set(ref, (seen.get(ref) ?? 0) + 1)
  }
  return [...renames.values()].filter((r) => (seen.get(r) ?? 0) > 1)
}

async function checkTags(db: DbOrTx, partnershipId: string, tagIds: string[]) {
  for (const id of tagIds) {
    const tag = await findTag(db, partnershipId, id)
    if (!tag || tag.archivedAt) throw validationError({ tagIds: 'Choose tags from the list' })
  }
}

export interface StrategyNodesDeps {
  clock: Clock
  /** A node's change history. */
  audit: Pick<AuditService, 'history'>
  /** Who leads an outcome: its lead may change its statement. */
  directory: Pick<DirectoryService, 'mayEdit'>
}

export function createStrategyNodesService(db: Db, deps: StrategyNodesDeps) {
  async function getNode(actor: Actor, partnershipId: string, id: string) {
    authorize(strategyPolicy.read, actor, partnershipId)
    const row = await q.findNode(db, partnershipId, id)
    if (!row) throw notFound('Outcome')
    return row
  }

  async function versionOf(tx: DbOrTx, node: NodeRow) {
    const v = await q.findVersion(tx, node.partnershipId, node.versionId)
    if (!v) throw notFound('Strategy version')
    return v
  }

  /** Managers may change any node; an outcome lead the statement and rationale of what they lead. */
  const mayEditStatement = (actor: Actor, partnershipId: string, nodeId: string) =>
    deps.directory.mayEdit(actor, partnershipId, nodeId)

  const service = {
    getNode,
    mayEditStatement,

    /** Every live node of a version with its tags, in no particular order. */
    async listNodes(
      actor: Actor,
      partnershipId: string,
      number: number,
      opts: { includeArchived?: boolean } = {},
    ) {
      authorize(strategyPolicy.read, actor, partnershipId)
      const version = await loadVersion(db, partnershipId, number)
      const nodes = await q.listNodes(db, version.id, opts)
      const tags = await tagsOfNodes(
        db,
        nodes.map((n) => n.id),
      )
      return nodes.map((n) => ({ ...n, tags: tags.get(n.id) ?? [] }))
    },

    /** A node's change history, newest first; archived nodes keep theirs. */
    async history(actor: Actor, partnershipId: string, id: string) {
      await getNode(actor, partnershipId, id)
      return deps.audit.history(db, partnershipId, { entityType: 'strategy_node', entityId: id }, 50)
    },

    async tagsOf(actor: Actor, partnershipId: string, nodeId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      return (await tagsOfNodes(db, [nodeId])).get(nodeId) ?? []
    },

    async createNode(actor: Actor, partnershipId: string, number: number, input: NodeCreate) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const version = await loadVersion(db, partnershipId, number)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        await assertEditable(tx, version)
        const nodes = await q.listNodes(tx, version.id)
        const parent = input.parentId ? nodes.find((n) => n.id === input.parentId) : undefined
        if (input.parentId && !parent)
          throw validationError({ parentId: 'Choose where it sits from the list' })
        const problem = parentProblem(input.kind, (parent?.kind as q.NodeKind | undefined) ?? null)
        if (problem) throw validationError({ parentId: problem })
        const siblings = nodes.filter((n) => n.parentId === (parent?.id ?? null))
        const taken = new Set(nodes.map((n) => n.ref))
        const ref =
          input.ref ??
          nextChildRef(
            parent?.ref ?? null,
            siblings.map((s) => s.ref),
            taken,
          )
        if (taken.has(ref)) throw validationError({ ref: `Reference ${ref} is already used in this version` })
        await checkTags(tx, partnershipId, input.tagIds)
        const [row] = await q.insertNodes(tx, [
          {
            partnershipId,
            versionId: version.id,
            parentId: parent?.id ?? null,
            kind: input.kind,
            ref,
            position: Math.max(-1, ...siblings.map((s) => s.position)) + 1,
            title: input.title,
            statement: input.statement ?? null,
            rationale: input.rationale ?? null,
          },
        ])
        await replaceNodeTags(tx, row!.id, input.tagIds)
        return { result: row!, audit: auditNode(row!, 'create', null, { ...row, tagIds: input.tagIds }) }
      })
    },

    /** Change a node's reference, wording and tags. A new reference renumbers its subtree. */
    async updateNode(actor: Actor, partnershipId: string, id: string, input: NodeUpdate) {
      authorize(strategyPolicy.read, actor, partnershipId)
      if (!strategyPolicy.edit(actor, partnershipId)) {
        // An outcome lead's change through the same door: the wording only.
        if (!(await mayEditStatement(actor, partnershipId, id))) throw forbidden()
        const before = await getNode(actor, partnershipId, id)
        const tags = ((await tagsOfNodes(db, [id])).get(id) ?? []).map((t) => t.id).sort()
        if (
          input.ref !== before.ref ||
          input.title !== before.title ||
          [...input.tagIds].sort().join() !== tags.join()
        )
          throw forbidden(
            'Outcome leads may change only the statement and rationale of the outcomes they lead',
          )
        return service.updateStatement(actor, partnershipId, id, input)
      }
      const before = await getNode(actor, partnershipId, id)
      if (before.archivedAt) throw validationError({ _form: 'This node is archived' })
      return db.transaction(async (tx) => {
        await assertEditable(tx, await versionOf(tx, before))
        const nodes = await q.listNodes(tx, before.versionId)
        const renames =
          input.ref !== before.ref ? renumberSubtree(nodes, id, input.ref) : new Map<string, string>()
        const clashes = refClashes(nodes, renames)
        if (clashes.length)
          throw validationError({
            ref: `Reference ${clashes.sort(compareRefs).join(', ')} is already used in this version`,
          })
        await checkTags(tx, partnershipId, input.tagIds)
        const beforeTags = ((await tagsOfNodes(tx, [id])).get(id) ?? []).map((t) => t.id)
        const renumbered = await applyRenames(tx, nodes, renames, id)
        const row = await q.updateNode(tx, id, {
          title: input.title,
          statement: input.statement ?? null,
          rationale: input.rationale ?? null,
        })
        await replaceNodeTags(tx, id, input.tagIds)
        await audit(tx, actor, [
          auditNode(row, 'update', { ...before, tagIds: beforeTags }, { ...row, tagIds: input.tagIds }),
          ...renumbered,
        ])
        return row
      })
    },

    /** An outcome lead's edit: the statement and rationale only. */
    async updateStatement(
      actor: Actor,
      partnershipId: string,
      id: string,
      input: { statement?: string | null | undefined; rationale?: string | null | undefined },
    ) {
      authorize(strategyPolicy.read, actor, partnershipId)
      if (!(await mayEditStatement(actor, partnershipId, id))) throw forbidden()
      const before = await getNode(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        await assertEditable(tx, await versionOf(tx, before))
        const row = await q.updateNode(tx, id, {
          statement: input.statement ?? null,
          rationale: input.rationale ?? null,
        })
        return { result: row, audit: auditNode(row, 'update', before, row) }
      })
    },

    /**
     * Move a node under a new parent (or to another place among its siblings). Refuses a parent
     * of the wrong kind and any move into the node's own subtree; the node takes the next free
     * reference under its new parent unless one is given, and its subtree follows.
     */
    async moveNode(actor: Actor, partnershipId: string, id: string, input: NodeMove) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const before = await getNode(actor, partnershipId, id)
      if (before.archivedAt) throw validationError({ _form: 'This node is archived' })
      return db.transaction(async (tx) => {
        await assertEditable(tx, await versionOf(tx, before))
        const nodes = await q.listNodes(tx, before.versionId)
        const parentId = input.parentId ?? null
        const parent = parentId ? nodes.find((n) => n.id === parentId) : undefined
        if (parentId && !parent) throw validationError({ parentId: 'Choose the new parent from the list' })
        const subtree = subtreeIds(nodes, id)
        if (parentId && subtree.has(parentId))
          throw validationError({
            parentId: `A ${kindLabel(before.kind)} cannot move under itself or anything beneath it`,
          })
        const problem = parentProblem(
          before.kind as q.NodeKind,
          (parent?.kind as q.NodeKind | undefined) ?? null,
        )
        if (problem) throw validationError({ parentId: problem })

        const moved = parentId !== before.parentId
        const taken = new Set(nodes.filter((n) => !subtree.has(n.id)).map((n) => n.ref))
        const siblings = nodes
          .filter((n) => n.parentId === parentId && n.id !== id)
          .sort((a, b) => a.position - b.position || compareRefs(a.ref, b.ref))
        const ref =
          input.ref ??
          (moved
            ? nextChildRef(
                parent?.ref ?? null,
                siblings.map((s) => s.ref),
                taken,
              )
            : before.ref)
        const renames = ref !== before.ref ? renumberSubtree(nodes, id, ref) : new Map<string, string>()
        const clashes = refClashes(nodes, renames)
        if (clashes.length)
          throw validationError({
            ref: `Reference ${clashes.sort(compareRefs).join(', ')} is already used in this version`,
          })

        const at = Math.min(input.position ?? siblings.length, siblings.length)
        const order = [...siblings.slice(0, at), before, ...siblings.slice(at)]
        const renumbered = await applyRenames(tx, nodes, renames, id)
        const row = await q.updateNode(tx, id, { parentId, position: at })
        const entries: AuditEntry[] = [auditNode(row, 'move', before, row), ...renumbered]
        for (const [i, n] of order.entries())
          if (n.id !== id && n.position !== i) await q.updateNode(tx, n.id, { position: i })
        if (moved) {
          const old = nodes
            .filter((n) => n.parentId === before.parentId && n.id !== id)
            .sort((a, b) => a.position - b.position || compareRefs(a.ref, b.ref))
          for (const [i, n] of old.entries())
            if (n.position !== i) await q.updateNode(tx, n.id, { position: i })
        }
        await audit(tx, actor, entries)
        return row
      })
    },

    /** Swap a node with its neighbour above or below (the outline's buttons). */
    async reorderNode(actor: Actor, partnershipId: string, id: string, direction: 'up' | 'down') {
      const node = await getNode(actor, partnershipId, id)
      const siblings = (await q.listNodes(db, node.versionId))
        .filter((n) => n.parentId === node.parentId)
        .sort((a, b) => a.position - b.position || compareRefs(a.ref, b.ref))
      const index = siblings.findIndex((n) => n.id === id)
      const target = direction === 'up' ? index - 1 : index + 1
      if (target < 0 || target >= siblings.length) return node
      return service.moveNode(actor, partnershipId, id, {
        parentId: node.parentId,
        position: target,
        ref: node.ref,
      })
    },

    /** Archive a node and everything beneath it, with their links. History is kept. */
    async archiveNode(actor: Actor, partnershipId: string, id: string) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const before = await getNode(actor, partnershipId, id)
      if (before.archivedAt) return before
      return db.transaction(async (tx) => {
        await assertEditable(tx, await versionOf(tx, before))
        const nodes = await q.listNodes(tx, before.versionId)
        const ids = subtreeIds(nodes, id)
        const entries: AuditEntry[] = []
        const now = deps.clock()
        let root = before
        for (const n of nodes.filter((x) => ids.has(x.id))) {
          const row = await q.updateNode(tx, n.id, { archivedAt: now })
          if (n.id === id) root = row
          entries.push(auditNode(row, 'archive', n, row))
        }
        const links = new Map<string, string>()
        for (const nid of ids) for (const l of await linksOfNode(tx, nid)) links.set(l.id, l.id)
        for (const l of await archiveLinks(tx, [...links.keys()], now))
          entries.push({
            partnershipId,
            entityType: 'strategy_link',
            entityId: l.id,
            action: 'archive',
            after: l,
          })
        await audit(tx, actor, entries)
        return root
      })
    },
  }
  return service
}

/**
 * Write planned references in two steps (first to a placeholder) so a subtree whose references
 * shift over each other never trips the unique index half-way. The node `self` is audited by
 * the caller; the rest as renumbered.
 */
async function applyRenames(tx: DbOrTx, nodes: NodeRow[], renames: Map<string, string>, self: string) {
  if (renames.size > 1) for (const nid of renames.keys()) await q.updateNode(tx, nid, { ref: `~${nid}` })
  const entries: AuditEntry[] = []
  for (const [nid, ref] of renames) {
    const n = nodes.find((x) => x.id === nid)!
    const row = await q.updateNode(tx, nid, { ref })
    if (nid !== self) entries.push(auditNode(row, 'renumber', { ref: n.ref }, { ref }))
  }
  return entries
}

export type StrategyNodesService = ReturnType<typeof createStrategyNodesService>

import crypto from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import type { TimetableService } from '../timetable/timetable.service.ts'
import { insertLinks, insertNodeTags, listLinks, nodeTagsOfVersion } from './strategy-links.queries.ts'
import { assertEditable, compare, editability, loadVersion, openToPublicOn } from './strategy.rules.ts'
import { buildTree, flatten } from './strategy-tree.ts'
import * as q from './strategy.queries.ts'
import { strategyPolicy } from './strategy.policy.ts'
import {
  statusRank,
  versionLabel,
  versionStatuses,
  versionStatusLabels,
  type VersionStart,
  type VersionStatus,
  type VersionUpdate,
} from './strategy.schema.ts'

export type { CurrentNode, NodeKind, NodeRow, VersionRow } from './strategy.queries.ts'

export interface StrategyDeps {
  clock: Clock
  /** A new version takes its source's directory entries. */
  directory: Pick<DirectoryService, 'copyEntries'>
  /** Signing a version off waits for the partner sign-offs listed in the timetable. */
  timetable: Pick<TimetableService, 'findSignoffs'>
}

/** A version with what a reader needs to know about it. */
export interface VersionView extends q.VersionRow {
  isCurrent: boolean
  editable: boolean
  /** Why it cannot be changed, when it cannot. */
  lockedReason: string | null
}

async function view(db: DbOrTx, v: q.VersionRow): Promise<VersionView> {
  const current = await q.currentVersion(db, v.partnershipId)
  const lockedReason = await editability(db, v)
  return { ...v, isCurrent: current?.id === v.id, editable: lockedReason === null, lockedReason }
}

/** The status a new version starts in, after its source: the next draft; a new cycle after sign-off. */
export function nextStatus(from: VersionStatus | undefined): VersionStatus {
  if (!from || from === 'signed_off') return 'draft_1'
  if (from === 'final') return 'final'
  return versionStatuses[statusRank(from) + 1]!
}

/**
 * Copy a version's live tree into another version inside the caller's transaction: nodes keep
 * their `key`; tags, links and directory entries follow the new node ids.
 */
async function copyTree(
  tx: DbOrTx,
  actor: Actor,
  directory: StrategyDeps['directory'],
  from: q.VersionRow,
  to: q.VersionRow,
) {
  const nodes = flatten(buildTree(await q.listNodes(tx, from.id)))
  const ids = new Map(nodes.map((n) => [n.id, crypto.randomUUID()]))
  const copies = nodes.map((n) => ({
    id: ids.get(n.id)!,
    partnershipId: to.partnershipId,
    versionId: to.id,
    key: n.key,
    parentId: n.parentId ? (ids.get(n.parentId) ?? null) : null,
    kind: n.kind,
    ref: n.ref,
    position: n.position,
    title: n.title,
    statement: n.statement,
    rationale: n.rationale,
  }))
  for (let i = 0; i < copies.length; i += 500) await q.insertNodes(tx, copies.slice(i, i + 500))
  await insertNodeTags(
    tx,
    (await nodeTagsOfVersion(tx, from.id))
      .filter((t) => ids.has(t.nodeId))
      .map((t) => ({ nodeId: ids.get(t.nodeId)!, tagId: t.tagId })),
  )
  await insertLinks(
    tx,
    (await listLinks(tx, from.id))
      .filter((l) => ids.has(l.fromNodeId) && ids.has(l.toNodeId))
      .map((l) => ({
        partnershipId: to.partnershipId,
        versionId: to.id,
        fromNodeId: ids.get(l.fromNodeId)!,
        toNodeId: ids.get(l.toNodeId)!,
        note: l.note,
      })),
  )
  await directory.copyEntries(tx, from.id, ids)
  await audit(
    tx,
    actor,
    copies.map((c) => ({
      partnershipId: to.partnershipId,
      entityType: 'strategy_node',
      entityId: c.id,
      action: 'copy',
      after: { ...c, copiedFromVersion: from.number },
    })),
  )
  return copies.length
}

export function createStrategyService(db: Db, deps: StrategyDeps) {
  return {
    async listVersions(actor: Actor, partnershipId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      return Promise.all((await q.listVersions(db, partnershipId)).map((v) => view(db, v)))
    },

    /** The current version, or undefined when the partnership has no strategy yet. */
    async current(actor: Actor, partnershipId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      const v = await q.currentVersion(db, partnershipId)
      return v ? view(db, v) : undefined
    },

    /** The current version's live nodes by reference (none without a strategy): what targets link to. */
    async currentNodes(actor: Actor, partnershipId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      return q.currentNodes(db, partnershipId)
    },

    /**
     * The version the partnership has agreed (the latest signed off, else the latest final) with
     * its live nodes: what the public site shows. Undefined while every version is a draft.
     */
    async agreed(actor: Actor, partnershipId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      const version = await q.agreedVersion(db, partnershipId)
      return version ? { version, nodes: await q.versionNodes(db, version.id) } : undefined
    },

    /**
     * What the public site shows of the strategy: the agreed version (`agreed`), else the current
     * draft while it is open to residents today (the partnership chose to show it: `draft` true);
     * undefined when neither.
     */
    async shownToPublic(actor: Actor, partnershipId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      const agreed = await q.agreedVersion(db, partnershipId)
      const current = agreed ? undefined : await q.currentVersion(db, partnershipId)
      const open = current && openToPublicOn(current, ukDate(deps.clock())) ? current : undefined
      const version = agreed ?? open
      return version ? { version, nodes: await q.versionNodes(db, version.id), draft: !agreed } : undefined
    },

    /** For another module's use-case (it has authorised), in its transaction: the current version's live nodes. */
    findCurrentNodes: (tx: DbOrTx, partnershipId: string) => q.currentNodes(tx, partnershipId),

    /** For another module's use-case (it has authorised), in its transaction: current nodes with these refs. */
    findNodesByRefs: (tx: DbOrTx, partnershipId: string, refs: string[]) =>
      q.findNodesByRefs(tx, partnershipId, refs),

    /** For another module's use-case (it has authorised), in its transaction: the current version, if any. */
    findCurrentVersion: (tx: DbOrTx, partnershipId: string) => q.currentVersion(tx, partnershipId),

    async getVersion(actor: Actor, partnershipId: string, number: number) {
      authorize(strategyPolicy.read, actor, partnershipId)
      return view(db, await loadVersion(db, partnershipId, number))
    },

    /**
     * Start a version: a copy of `copyFrom` (default: the current version), or an empty one
     * when there is none or `copyFrom` is 0. Its status follows the source's (draft 1 → draft 2…).
     */
    async startVersion(actor: Actor, partnershipId: string, input: VersionStart) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const current = await q.currentVersion(db, partnershipId)
      const sourceNumber = input.copyFrom ?? current?.number ?? 0
      const source =
        sourceNumber > 0 ? await q.findVersionByNumber(db, partnershipId, sourceNumber) : undefined
      if (sourceNumber > 0 && (!source || source.archivedAt))
        throw validationError({ copyFrom: 'Choose a version to copy from the list' })
      if (input.status === 'signed_off')
        throw validationError({ status: 'A new version cannot start signed off' })
      const title = input.title ?? source?.title ?? current?.title
      if (!title) throw validationError({ title: 'Enter the strategy’s title' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const version = await q.insertVersion(tx, {
          partnershipId,
          number: await q.nextVersionNumber(tx, partnershipId),
          title,
          status: input.status ?? nextStatus(source?.status as VersionStatus | undefined),
          vision: source?.vision ?? null,
          narrative: source?.narrative ?? null,
          basedOnId: source?.id ?? null,
        })
        // The copied nodes are recorded one by one (as copies); the version itself once, below.
        const copied = source ? await copyTree(tx, actor, deps.directory, source, version) : 0
        return {
          result: await view(tx, version),
          audit: {
            entityType: 'strategy_version',
            entityId: version.id,
            action: 'create',
            after: { ...version, copiedFromVersion: source?.number ?? null, nodesCopied: copied },
          },
        }
      })
    },

    async updateVersion(actor: Actor, partnershipId: string, number: number, input: VersionUpdate) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const before = await loadVersion(db, partnershipId, number)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        await assertEditable(tx, before)
        const row = await q.updateVersion(tx, before.id, {
          title: input.title,
          vision: input.vision ?? null,
          narrative: input.narrative ?? null,
        })
        return {
          result: await view(tx, row),
          audit: { entityType: 'strategy_version', entityId: row.id, action: 'update', before, after: row },
        }
      })
    },

    /**
     * Move a version forward in its lifecycle. Signing off needs every partner sign-off listed
     * for the version to be recorded first.
     */
    async setStatus(actor: Actor, partnershipId: string, number: number, status: VersionStatus) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const before = await loadVersion(db, partnershipId, number)
      if (before.status === 'signed_off')
        throw conflict(`${versionLabel(before)} is signed off. Start a new version to make changes.`)
      if (statusRank(status) <= statusRank(before.status))
        throw validationError({
          status: `Choose a status after ${versionStatusLabels[before.status as VersionStatus]}`,
        })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        await assertEditable(tx, before)
        if (status === 'signed_off') {
          const waiting = (await deps.timetable.findSignoffs(tx, partnershipId, before.id)).filter(
            (s) => !s.signedOn,
          )
          if (waiting.length)
            throw validationError({
              status: `Still waiting for sign-off from ${waiting.map((s) => s.body).join(', ')}`,
            })
        }
        const now = deps.clock()
        const row = await q.updateVersion(tx, before.id, {
          status,
          statusChangedAt: now,
          signedOffAt: status === 'signed_off' ? now : null,
        })
        return {
          result: await view(tx, row),
          audit: {
            entityType: 'strategy_version',
            entityId: row.id,
            action: status === 'signed_off' ? 'sign-off' : 'status',
            before,
            after: row,
          },
        }
      })
    },

    /** What changed from version `from` to version `to`, node by node. */
    async compare(actor: Actor, partnershipId: string, from: number, to: number) {
      authorize(strategyPolicy.read, actor, partnershipId)
      const a = await loadVersion(db, partnershipId, from)
      const b = await loadVersion(db, partnershipId, to)
      return compare(db, a, b)
    },

    /** For other modules' pages: the version by number, or the current one; 404 when none. */
    async resolveVersion(actor: Actor, partnershipId: string, number?: number) {
      authorize(strategyPolicy.read, actor, partnershipId)
      if (number) return view(db, await loadVersion(db, partnershipId, number))
      const v = await q.currentVersion(db, partnershipId)
      if (!v) throw notFound('Strategy')
      return view(db, v)
    },
  }
}

export type StrategyService = ReturnType<typeof createStrategyService>

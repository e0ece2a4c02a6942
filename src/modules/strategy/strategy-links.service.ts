import type { Db } from '../../db/client.ts'
import { notFound, validationError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { archiveOnce, mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as lq from './strategy-links.queries.ts'
import { assertEditable } from './strategy.rules.ts'
import { rootOf } from './strategy-tree.ts'
import * as q from './strategy.queries.ts'
import { strategyPolicy } from './strategy.policy.ts'
import type { LinkCreate, TagInput } from './strategy.schema.ts'

export type { LinkRow, TagRow } from './strategy-links.queries.ts'

const duplicateTag = () => validationError({ name: 'A tag with that name already exists' })

/** Cross-cutting tags and the links between outcomes in different themes. */
export function createStrategyLinksService(db: Db, deps: { clock: Clock }) {
  async function getTag(actor: Actor, partnershipId: string, id: string) {
    authorize(strategyPolicy.read, actor, partnershipId)
    const row = await lq.findTag(db, partnershipId, id)
    if (!row) throw notFound('Tag')
    return row
  }

  return {
    async listTags(actor: Actor, partnershipId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      return lq.listTags(db, partnershipId)
    },

    getTag,

    createTag: (actor: Actor, partnershipId: string, input: TagInput) =>
      mutate(db, actor, { partnershipId, rule: strategyPolicy.edit }, async (tx) => {
        if (await lq.findTagByName(tx, partnershipId, input.name)) throw duplicateTag()
        const row = await lq.insertTag(tx, {
          partnershipId,
          name: input.name,
          description: input.description ?? null,
        })
        return {
          result: row,
          audit: { entityType: 'strategy_tag', entityId: row.id, action: 'create', after: row },
        }
      }),

    async updateTag(actor: Actor, partnershipId: string, id: string, input: TagInput) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const before = await getTag(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const clash = await lq.findTagByName(tx, partnershipId, input.name)
        if (clash && clash.id !== id) throw duplicateTag()
        const row = await lq.updateTag(tx, id, { name: input.name, description: input.description ?? null })
        return {
          result: row,
          audit: { entityType: 'strategy_tag', entityId: id, action: 'update', before, after: row },
        }
      })
    },

    /** Archived tags disappear from nodes' lists; the assignments stay for history. */
    async archiveTag(actor: Actor, partnershipId: string, id: string) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const before = await getTag(actor, partnershipId, id)
      return archiveOnce(
        db,
        actor,
        { partnershipId, entityType: 'strategy_tag', entityId: id },
        before,
        (tx) => lq.updateTag(tx, id, { archivedAt: deps.clock() }),
      )
    },

    /** Links touching a node, each with the node at the other end. */
    async linksOf(actor: Actor, partnershipId: string, nodeId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      const node = await q.findNode(db, partnershipId, nodeId)
      if (!node) throw notFound('Outcome')
      const nodes = new Map((await q.listNodes(db, node.versionId)).map((n) => [n.id, n]))
      return (await lq.linksOfNode(db, nodeId)).flatMap((l) => {
        const other = nodes.get(l.fromNodeId === nodeId ? l.toNodeId : l.fromNodeId)
        return other ? [{ link: l, other }] : []
      })
    },

    async listLinks(actor: Actor, partnershipId: string, versionId: string) {
      authorize(strategyPolicy.read, actor, partnershipId)
      return lq.listLinks(db, versionId)
    },

    /**
     * Link an outcome to a related outcome in another theme (cross-cutting work). Both must be
     * live outcomes or sub-outcomes of the same version; a pair is linked once.
     */
    async addLink(actor: Actor, partnershipId: string, fromNodeId: string, input: LinkCreate) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const from = await q.findNode(db, partnershipId, fromNodeId)
      if (!from || from.archivedAt) throw notFound('Outcome')
      const version = await q.findVersion(db, partnershipId, from.versionId)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        await assertEditable(tx, version!)
        const nodes = await q.listNodes(tx, from.versionId)
        const byId = new Map(nodes.map((n) => [n.id, n]))
        const to = byId.get(input.toNodeId)
        if (!to) throw validationError({ toNodeId: 'Choose the related outcome from the list' })
        if (from.kind === 'theme' || to.kind === 'theme')
          throw validationError({ toNodeId: 'Link outcomes or sub-outcomes, not themes' })
        if (rootOf(byId, from.id) === rootOf(byId, to.id))
          throw validationError({ toNodeId: 'Choose an outcome in another theme' })
        const existing = await lq.linksOfNode(tx, from.id)
        if (existing.some((l) => l.fromNodeId === to.id || l.toNodeId === to.id))
          throw validationError({ toNodeId: `${from.ref} is already linked to ${to.ref}` })
        const [row] = await lq.insertLinks(tx, [
          {
            partnershipId,
            versionId: from.versionId,
            fromNodeId: from.id,
            toNodeId: to.id,
            note: input.note ?? null,
          },
        ])
        return {
          result: row!,
          audit: {
            entityType: 'strategy_link',
            entityId: row!.id,
            action: 'create',
            after: { ...row, fromRef: from.ref, toRef: to.ref },
          },
        }
      })
    },

    async removeLink(actor: Actor, partnershipId: string, linkId: string) {
      authorize(strategyPolicy.edit, actor, partnershipId)
      const before = await lq.findLink(db, partnershipId, linkId)
      if (!before) throw notFound('Link')
      if (before.archivedAt) return before
      const version = await q.findVersion(db, partnershipId, before.versionId)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        await assertEditable(tx, version!)
        const [row] = await lq.archiveLinks(tx, [linkId], deps.clock())
        return {
          result: row!,
          audit: { entityType: 'strategy_link', entityId: linkId, action: 'archive', before, after: row },
        }
      })
    },
  }
}

export type StrategyLinksService = ReturnType<typeof createStrategyLinksService>

import { notFound } from '../../errors.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as q from './targets.queries.ts'
import { targetPolicy } from './targets.policy.ts'
import type { TargetDeps } from './targets.service.ts'
import * as w from './targets.write.ts'

/**
 * Publishing a target on the public site (#16) is not a change to what was agreed: it takes a new
 * version that copies the current one with only `published` changed, at any negotiation status
 * (an agreed target too, without a revision). Audited; the same choice again changes nothing.
 */
export function createPublishUseCases(deps: TargetDeps) {
  const { db, view } = deps
  return {
    async setPublished(actor: Actor, partnershipId: string, id: string, published: boolean) {
      authorize(targetPolicy.edit, actor, partnershipId)
      const v = await view(actor, partnershipId, id)
      if (v.target.archivedAt) throw notFound('Target')
      if (v.version.published === published) return v.version
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const { id: _id, targetId: _t, version: _v, recordedAt: _r, supersededAt: _s, ...kept } = v.version
        const version = await q.appendVersion(
          tx,
          v.target.id,
          {
            ...kept,
            published,
            // Not a revision: the version history says why it was recorded.
            isRevision: false,
            reason: published ? 'Published on the public site' : 'Taken off the public site',
            ...w.recorder(actor),
          },
          deps.clock(),
        )
        return {
          result: version,
          audit: {
            entityType: 'target',
            entityId: v.target.id,
            action: published ? 'publish' : 'unpublish',
            before: { version: v.version },
            after: { version },
          },
        }
      })
    },
  }
}

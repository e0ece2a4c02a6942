import { validationError } from '../../errors.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as nq from './negotiation.queries.ts'
import * as q from './targets.queries.ts'
import { targetPolicy } from './targets.policy.ts'
import type { CommentInput } from './targets.schema.ts'
import type { TargetDeps } from './targets.service.ts'
import * as w from './targets.write.ts'

const author = (actor: Actor, partnershipId: string) => ({
  authorUserId: actor.userId,
  authorName: actor.label,
  authorRole: actor.roles.get(partnershipId) ?? (actor.kind === 'system' ? 'system' : null),
})

/** The negotiation log between the partnership and the government office, and agreeing a target. */
export function createNegotiationUseCases({ db, view }: TargetDeps) {
  return {
    async comments(actor: Actor, partnershipId: string, id: string) {
      await view(actor, partnershipId, id)
      return nq.listComments(db, id)
    },

    /** Add a dated comment, with evidence (a web address) if given. */
    async comment(actor: Actor, partnershipId: string, id: string, input: CommentInput) {
      authorize(targetPolicy.comment, actor, partnershipId)
      const v = await view(actor, partnershipId, id)
      if (v.target.archivedAt) throw validationError({ body: 'This target is archived' })
      return db.transaction(async (tx) => {
        const row = await nq.insertComment(tx, {
          partnershipId,
          targetId: id,
          kind: input.evidenceUrl ? 'evidence' : 'comment',
          body: input.body,
          evidenceUrl: input.evidenceUrl ?? null,
          ...author(actor, partnershipId),
        })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'target_comment',
          entityId: row.id,
          action: 'create',
          after: row,
        })
        return row
      })
    },

    /**
     * Agree a target for the government: a new version with status agreed, who and when, and an
     * entry in the log. A placeholder can be agreed once its elements are settled.
     */
    async agree(actor: Actor, partnershipId: string, id: string, input: { comment?: string | null } = {}) {
      authorize(targetPolicy.agree, actor, partnershipId)
      const v = await view(actor, partnershipId, id)
      if (v.target.archivedAt) throw validationError({ _form: 'This target is archived' })
      if (v.version.status === 'agreed')
        throw validationError({ _form: `${v.indicator.code} is already agreed; revise it to change it` })
      return db.transaction(async (tx) => {
        const at = new Date()
        const { id: _id, targetId: _t, version: _v, recordedAt: _r, supersededAt: _s, ...rest } = v.version
        const version = await q.appendVersion(
          tx,
          id,
          {
            ...rest,
            status: 'agreed',
            placeholderElements: null,
            reason: null,
            isRevision: false,
            agreedBy: actor.label,
            agreedByUserId: actor.userId,
            agreedOn: w.ukToday(),
            ...w.recorder(actor),
          },
          at,
        )
        const comment = await nq.insertComment(tx, {
          partnershipId,
          targetId: id,
          kind: 'agreed',
          body:
            input.comment ||
            `Agreed${v.version.status === 'placeholder' ? ' (placeholder elements settled)' : ''}.`,
          createdAt: at,
          ...author(actor, partnershipId),
        })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'target',
          entityId: id,
          action: 'agree',
          before: { version: v.version },
          after: { version, comment },
        })
        return version
      })
    },
  }
}

import type { DbOrTx } from '../../db/client.ts'
import { validationError } from '../../errors.ts'
import { ukDate } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { listed, missingForAgreement } from './negotiation.rules.ts'
import * as nq from './negotiation.queries.ts'
import { outcomeKeysFor } from './outcomes.queries.ts'
import { trajectoriesFor } from './trajectories.queries.ts'
import * as q from './targets.queries.ts'
import type { TargetView } from './targets.queries.ts'
import { targetPolicy } from './targets.policy.ts'
import type { CommentInput } from './targets.schema.ts'
import type { TargetDeps } from './targets.service.ts'
import * as w from './targets.write.ts'

const author = (actor: Actor, partnershipId: string) => ({
  authorUserId: actor.userId,
  authorName: actor.label,
  authorRole: actor.roles.get(partnershipId) ?? (actor.kind === 'system' ? 'system' : null),
})

/** What each of these targets lacks before it can be agreed (targetId → missing, complete ones left out). */
export async function missingFor(db: DbOrTx, views: TargetView[]) {
  const ids = views.map((v) => v.target.id)
  const [trajectories, outcomes] = await Promise.all([trajectoriesFor(db, ids), outcomeKeysFor(db, ids)])
  const counts = new Map<string, number>()
  for (const t of trajectories) counts.set(t.targetId, (counts.get(t.targetId) ?? 0) + 1)
  const result = new Map<string, string[]>()
  for (const v of views) {
    const missing = missingForAgreement({
      version: v.version,
      indicator: v.indicator,
      trajectoryValues: counts.get(v.target.id) ?? 0,
      outcomes: outcomes.get(v.target.id)?.length ?? 0,
    })
    if (missing.length) result.set(v.target.id, missing)
  }
  return result
}

/**
 * Inside a transaction that has just made a target agreed (the edit form or the API setting status
 * agreed): refuse, rolling it back, when the target as it now stands is incomplete.
 */
export async function refuseIncompleteAgreement(tx: DbOrTx, partnershipId: string, id: string) {
  const v = await q.findTargetView(tx, partnershipId, id)
  const missing = v && (await missingFor(tx, [v])).get(id)
  if (missing)
    throw validationError({
      status: `The ${v.indicator.code} target cannot be agreed until it has ${listed(missing)}`,
    })
}

/** The negotiation log between the partnership and the government office, and agreeing a target. */
export function createNegotiationUseCases({ db, view, clock }: TargetDeps) {
  return {
    /**
     * The agreement's agreed targets that are incomplete (loaded as agreed by an import, or agreed
     * before agreeing needed a complete target), with what each lacks.
     */
    async incompleteAgreed(actor: Actor, partnershipId: string, agreementId: string) {
      authorize(targetPolicy.read, actor, partnershipId)
      const views = await q.listTargets(db, partnershipId, agreementId, { status: 'agreed' })
      const missing = await missingFor(db, views)
      return views
        .filter((v) => missing.has(v.target.id))
        .map((v) => ({ ...v, missing: missing.get(v.target.id)! }))
    },

    async comments(actor: Actor, partnershipId: string, id: string) {
      await view(actor, partnershipId, id)
      return nq.listComments(db, id)
    },

    /** Add a dated comment, with evidence (a web address) if given. */
    async comment(actor: Actor, partnershipId: string, id: string, input: CommentInput) {
      authorize(targetPolicy.comment, actor, partnershipId)
      const v = await view(actor, partnershipId, id)
      if (v.target.archivedAt) throw validationError({ body: 'This target is archived' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await nq.insertComment(tx, {
          partnershipId,
          targetId: id,
          kind: input.evidenceUrl ? 'evidence' : 'comment',
          body: input.body,
          evidenceUrl: input.evidenceUrl ?? null,
          ...author(actor, partnershipId),
        })
        return {
          result: row,
          audit: { entityType: 'target_comment', entityId: row.id, action: 'create', after: row },
        }
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
      const missing = (await missingFor(db, [v])).get(id)
      if (missing)
        throw validationError({
          _form: `The ${v.indicator.code} target cannot be agreed until it has ${listed(missing)}`,
        })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const at = clock()
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
            agreedOn: ukDate(at),
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
        return {
          result: version,
          audit: {
            entityType: 'target',
            entityId: id,
            action: 'agree',
            before: { version: v.version },
            after: { version, comment },
          },
        }
      })
    },
  }
}

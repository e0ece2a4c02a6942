import { notFound, validationError, type FieldErrors } from '../../errors.ts'
import { ukDate } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as nq from './negotiation.queries.ts'
import { listed } from './negotiation.rules.ts'
import { missingFor } from './negotiation.service.ts'
import * as q from './targets.queries.ts'
import { targetPolicy } from './targets.policy.ts'
import { designatedLimitProblem } from './targets.rules.ts'
import type { TargetRevision } from './targets.schema.ts'
import type { TargetDeps } from './targets.service.ts'
import { setTrajectoryIn } from './trajectories.service.ts'
import * as tq from './trajectories.queries.ts'
import * as w from './targets.write.ts'

/**
 * The LAA refresh: an agreed target changes only by a revision that records why, who agreed it
 * for the government and when. Old versions stay, and reports as at an earlier date use them.
 */
export function createRevisionUseCases(deps: TargetDeps) {
  const { db, view, liveAgreement } = deps

  return {
    /** Every version of the target, newest first, each with the trajectory in force when it was recorded. */
    async revisions(actor: Actor, partnershipId: string, id: string) {
      await view(actor, partnershipId, id)
      const versions = await q.listVersions(db, id)
      return Promise.all(
        versions.map(async (version) => ({
          version,
          trajectory: await tq.trajectoriesFor(db, [id], version.recordedAt),
        })),
      )
    },

    async revise(actor: Actor, partnershipId: string, id: string, input: TargetRevision) {
      authorize(targetPolicy.revise, actor, partnershipId)
      if (input.agreedOn > ukDate(deps.clock()))
        throw validationError({ agreedOn: 'The date agreed cannot be in the future' })
      const v = await view(actor, partnershipId, id)
      if (v.target.archivedAt) throw notFound('Target')
      if (v.version.status !== 'agreed')
        throw validationError({
          _form: `${v.indicator.code} is not agreed yet: change it directly while it is under negotiation`,
        })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const agreement = await liveAgreement(tx, partnershipId, v.target.agreementId)
        const errors: FieldErrors = {}
        await deps.agreements.lock(tx, agreement.id)
        if (input.kind === 'designated') {
          const problem = designatedLimitProblem(await q.countDesignated(tx, agreement.id, id))
          if (problem) errors.kind = problem
        }
        const outcomes = await w.resolveOutcomeRefs(deps, tx, partnershipId, input.outcomeRefs)
        if (outcomes.error) errors.outcomeRefs = outcomes.error
        const baseline = w.baselinePeriod(input.baselinePeriod, errors)
        if (Object.keys(errors).length) throw validationError(errors)

        const at = deps.clock()
        // The trajectory's change is audited on its own (revise-trajectory), before the revision.
        const trajectory = input.trajectory
          ? await setTrajectoryIn(deps, tx, actor, partnershipId, v, agreement, input.trajectory, {
              revising: true,
              at,
            })
          : null
        const outcomesChanged = await w.writeOutcomes(tx, id, outcomes.keys ?? [], at)
        const values = w.versionValues({ ...input, status: 'agreed' }, baseline, v.version)
        if (w.sameVersion(v.version, values) && !outcomesChanged && !trajectory)
          throw validationError({
            _form: 'Nothing has changed: a revision must change the target or its trajectory',
          })
        // An agreed target stays complete: a revision may not drop its baseline, trajectory or outcomes.
        const missing = (await missingFor(tx, [{ ...v, version: { ...v.version, ...values } }])).get(id)
        if (missing)
          throw validationError({
            _form: `The revised ${v.indicator.code} target would lack ${listed(missing)}: an agreed target needs them`,
          })
        const version = await q.appendVersion(
          tx,
          id,
          {
            ...values,
            isRevision: true,
            reason: input.reason,
            agreedBy: input.agreedBy,
            agreedByUserId: null,
            agreedOn: input.agreedOn,
            ...w.recorder(actor),
          },
          at,
        )
        const comment = await nq.insertComment(tx, {
          partnershipId,
          targetId: id,
          kind: 'revised',
          body: `Revised (version ${version.version}), agreed by ${input.agreedBy} on ${input.agreedOn}: ${input.reason}`,
          authorUserId: actor.userId,
          authorName: actor.label,
          authorRole: actor.roles.get(partnershipId) ?? null,
          createdAt: at,
        })
        await deps.assessments.refreshForTarget(tx, id)
        return {
          result: version,
          audit: {
            entityType: 'target',
            entityId: id,
            action: 'revise',
            before: { version: v.version },
            after: { version, comment, trajectory: trajectory?.after },
          },
        }
      })
    },
  }
}

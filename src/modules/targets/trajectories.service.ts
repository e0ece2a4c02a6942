import type { DbOrTx } from '../../db/client.ts'
import { validationError } from '../../errors.ts'
import type { AgreementRow } from '../agreements/agreements.service.ts'
import { mutate, type Change } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { TargetView } from './targets.queries.ts'
import { sameTrajectory, trajectoryChangeIsRevision } from './targets.rules.ts'
import { targetPolicy } from './targets.policy.ts'
import type { TrajectoryRowInput } from './targets.schema.ts'
import type { TargetDeps, TargetWriteDeps } from './targets.service.ts'
import * as tq from './trajectories.queries.ts'
import * as w from './targets.write.ts'

type TrajectoryOptions = {
  merge?: boolean
  prefix?: string
  revising?: boolean
  /** Set by the import that created the target: recording an agreement, not changing one. */
  initial?: boolean
  at?: Date
}

/**
 * Set a target's trajectory inside the caller's transaction: what changed (null when nothing did)
 * and its audit event. `merge` keeps rows the input does not mention (a workbook re-import);
 * otherwise the input is the whole trajectory.
 */
async function trajectoryChange(
  deps: TargetWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  v: TargetView,
  agreement: AgreementRow,
  rows: TrajectoryRowInput[],
  opts: TrajectoryOptions = {},
): Promise<Change<Awaited<ReturnType<typeof w.writeTrajectory>>>> {
  const checked = await w.checkTrajectoryFor(
    deps,
    tx,
    partnershipId,
    rows,
    {
      code: v.indicator.code,
      frequency: v.indicator.frequency,
      startYear: agreement.startYear,
      endYear: agreement.endYear,
      placeId: v.target.placeId,
    },
    opts.prefix,
  )
  if (Object.keys(checked.errors).length) throw validationError(checked.errors)
  let next = checked.rows
  if (opts.merge) {
    const given = new Set(next.map((r) => `${r.placeId ?? ''}|${r.period}`))
    const current = await tq.trajectoriesFor(tx, [v.target.id])
    next = [
      ...current
        .filter((r) => !given.has(`${r.placeId ?? ''}|${r.period}`))
        .map((r) => ({
          period: r.period,
          periodType: r.periodType as 'year',
          periodStart: r.periodStart,
          placeId: r.placeId,
          value: r.value,
        })),
      ...next,
    ]
  }
  if (v.version.status === 'agreed' && !opts.revising && !opts.initial) {
    // The first trajectory of an agreed target is loaded as it was agreed; once it has one,
    // changing it is a revision (the refresh).
    const current = await tq.trajectoriesFor(tx, [v.target.id])
    if (trajectoryChangeIsRevision(v.version.status, current)) {
      if (sameTrajectory(current, next)) return { result: null, audit: null }
      throw validationError({
        _form: `${v.indicator.code} is agreed and already has a trajectory: change it by revising the target (the refresh), with the reason and the government office’s agreement`,
      })
    }
  }
  const at = opts.at ?? deps.clock()
  const change = await w.writeTrajectory(tx, actor, v.target.id, next, at)
  if (!change) return { result: null, audit: null }
  await deps.assessments.refreshForTarget(tx, v.target.id)
  return {
    result: change,
    audit: {
      entityType: 'target',
      entityId: v.target.id,
      action: opts.revising ? 'revise-trajectory' : 'trajectory',
      before: { trajectory: change.before },
      after: { trajectory: change.after },
    },
  }
}

/**
 * Set a target's trajectory inside the caller's transaction, audited there (null when nothing
 * changed). Module-internal: the caller (a revision, the Trajectories sheet's importer) has
 * authorised.
 */
export const setTrajectoryIn = async (
  deps: TargetWriteDeps,
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  v: TargetView,
  agreement: AgreementRow,
  rows: TrajectoryRowInput[],
  opts: TrajectoryOptions = {},
) =>
  w.audited(
    tx,
    actor,
    partnershipId,
    await trajectoryChange(deps, tx, actor, partnershipId, v, agreement, rows, opts),
  )

export function createTrajectoryUseCases(deps: TargetDeps) {
  const { db, view, liveAgreement } = deps
  return {
    /** Replace a target's whole trajectory (every place). */
    async setTrajectory(actor: Actor, partnershipId: string, id: string, rows: TrajectoryRowInput[]) {
      authorize(targetPolicy.edit, actor, partnershipId)
      const v = await view(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const agreement = await liveAgreement(tx, partnershipId, v.target.agreementId)
        const { audit } = await trajectoryChange(deps, tx, actor, partnershipId, v, agreement, rows)
        return { result: await tq.trajectoriesFor(tx, [id]), audit }
      })
    },

    /** The trajectory as it stands, or stood at `at`. */
    async trajectory(actor: Actor, partnershipId: string, id: string, opts: { at?: Date } = {}) {
      await view(actor, partnershipId, id)
      return tq.trajectoriesFor(db, [id], opts.at)
    },
  }
}

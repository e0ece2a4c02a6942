import type { DbOrTx } from '../../db/client.ts'
import { validationError } from '../../errors.ts'
import type { AgreementRow } from '../agreements/agreements.queries.ts'
import { refreshForTarget } from '../assessments/assessments.refresh.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { TargetView } from './targets.queries.ts'
import { sameTrajectory, trajectoryChangeIsRevision } from './targets.rules.ts'
import { targetPolicy } from './targets.policy.ts'
import type { TrajectoryRowInput } from './targets.schema.ts'
import type { TargetDeps } from './targets.service.ts'
import * as tq from './trajectories.queries.ts'
import * as w from './targets.write.ts'

/**
 * Set a target's trajectory inside the caller's transaction. `merge` keeps rows the input does
 * not mention (a workbook re-import); otherwise the input is the whole trajectory. Returns
 * null when nothing changed. Module-internal: the caller (setTrajectory, a revision, the
 * Trajectories sheet's importer) has authorised.
 */
export async function setTrajectoryIn(
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  v: TargetView,
  agreement: AgreementRow,
  rows: TrajectoryRowInput[],
  opts: {
    merge?: boolean
    prefix?: string
    revising?: boolean
    /** Set by the import that created the target: recording an agreement, not changing one. */
    initial?: boolean
    at?: Date
  } = {},
) {
  const checked = await w.checkTrajectoryFor(
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
      if (sameTrajectory(current, next)) return null
      throw validationError({
        _form: `${v.indicator.code} is agreed and already has a trajectory: change it by revising the target (the refresh), with the reason and the government office’s agreement`,
      })
    }
  }
  const at = opts.at ?? new Date()
  const change = await w.writeTrajectory(tx, actor, v.target.id, next, at)
  if (!change) return null
  await audit(tx, actor, {
    partnershipId,
    entityType: 'target',
    entityId: v.target.id,
    action: opts.revising ? 'revise-trajectory' : 'trajectory',
    before: { trajectory: change.before },
    after: { trajectory: change.after },
  })
  await refreshForTarget(tx, v.target.id)
  return change
}

export function createTrajectoryUseCases({ db, view, liveAgreement }: TargetDeps) {
  return {
    /** Replace a target's whole trajectory (every place). */
    async setTrajectory(actor: Actor, partnershipId: string, id: string, rows: TrajectoryRowInput[]) {
      authorize(targetPolicy.edit, actor, partnershipId)
      const v = await view(actor, partnershipId, id)
      return db.transaction(async (tx) => {
        const agreement = await liveAgreement(tx, partnershipId, v.target.agreementId)
        await setTrajectoryIn(tx, actor, partnershipId, v, agreement, rows)
        return tq.trajectoriesFor(tx, [id])
      })
    },

    /** The trajectory as it stands, or stood at `at`. */
    async trajectory(actor: Actor, partnershipId: string, id: string, opts: { at?: Date } = {}) {
      await view(actor, partnershipId, id)
      return tq.trajectoriesFor(db, [id], opts.at)
    },
  }
}

import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { computeCoverage } from './coverage.ts'
import * as oq from './outcomes.queries.ts'
import * as q from './targets.queries.ts'
import { targetPolicy } from './targets.policy.ts'
import type { TargetDeps } from './targets.service.ts'

export function createCoverageUseCases({ db, liveAgreement, strategy }: TargetDeps) {
  return {
    /** How the agreement's targets cover the current strategy's outcomes (as at `at` for the targets). */
    async coverage(actor: Actor, partnershipId: string, agreementId: string, opts: { at?: Date } = {}) {
      authorize(targetPolicy.read, actor, partnershipId)
      const agreement = await liveAgreement(db, partnershipId, agreementId)
      const [nodes, rows] = await Promise.all([
        strategy.findCurrentNodes(db, partnershipId),
        q.listTargets(db, partnershipId, agreementId, opts),
      ])
      const keys = await oq.outcomeKeysFor(
        db,
        rows.map((r) => r.target.id),
        opts.at,
      )
      return {
        agreement,
        ...computeCoverage(
          nodes,
          rows.map((r) => ({
            id: r.target.id,
            code: r.indicator.code,
            title: r.indicator.title,
            kind: r.version.kind,
            status: r.version.status,
            outcomeKeys: keys.get(r.target.id) ?? [],
          })),
        ),
      }
    },
  }
}

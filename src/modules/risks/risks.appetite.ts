import type { Db } from '../../db/client.ts'
import { notFound } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as q from './risks.queries.ts'
import { riskPolicy } from './risks.policy.ts'
import type { AppetiteInput } from './risks.schema.ts'

/** The board's risk appetite by category: composed into the risks service. */
export function createAppetiteUseCases(db: Db, deps: { clock: Clock }) {
  return {
    async appetites(actor: Actor, partnershipId: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      return q.listAppetites(db, partnershipId)
    },

    /** Set (or change) the board's appetite for a category. */
    setAppetite: (actor: Actor, partnershipId: string, input: AppetiteInput) =>
      mutate(db, actor, { partnershipId, rule: riskPolicy.setAppetite }, async (tx) => {
        const before = await q.findAppetite(tx, partnershipId, input.category)
        const setBy = actor.label
        const setAt = deps.clock()
        if (before && before.maxScore === input.maxScore && before.category === input.category)
          return { result: before, audit: null }
        const row = before
          ? await q.updateAppetite(tx, before.id, {
              category: input.category,
              maxScore: input.maxScore,
              setBy,
              setAt,
            })
          : await q.insertAppetite(tx, {
              partnershipId,
              category: input.category,
              maxScore: input.maxScore,
              setBy,
              setAt,
            })
        return {
          result: row,
          audit: {
            entityType: 'risk_appetite',
            entityId: row.id,
            action: before ? 'update' : 'create',
            ...(before ? { before } : {}),
            after: row,
          },
        }
      }),

    async removeAppetite(actor: Actor, partnershipId: string, id: string) {
      authorize(riskPolicy.setAppetite, actor, partnershipId)
      const before = await q.findAppetiteById(db, partnershipId, id)
      if (!before || before.archivedAt) throw notFound('Risk appetite')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updateAppetite(tx, id, { archivedAt: deps.clock() })
        return {
          result: row,
          audit: { entityType: 'risk_appetite', entityId: id, action: 'archive', before, after: row },
        }
      })
    },
  }
}

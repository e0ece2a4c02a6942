import type { Db } from '../../db/client.ts'
import { forbidden, notFound, validationError } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { byPeriodDesc, same, type CommentaryCore, type CommentaryDeps } from './commentary.core.ts'
import { commentaryPolicy } from './commentary.policy.ts'
import * as q from './commentary.queries.ts'
import type { ProgressInput } from './commentary.schema.ts'

/**
 * Outcome leads' progress and gaps for their outcomes and sub-outcomes (003 §11), versioned like
 * commentary; and an outcome page's panel.
 */
export function createProgressUseCases(db: Db, deps: CommentaryDeps, core: CommentaryCore) {
  const { leadsByKey, mine, mayWriteOutcome, outcomes } = core

  return {
    /** The outcomes and sub-outcomes of the current strategy, each with its outcome lead's name. */
    async outcomes(actor: Actor, partnershipId: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const [nodes, leads] = await Promise.all([outcomes(partnershipId), leadsByKey(partnershipId)])
      return [...nodes.values()].map((n) => ({ ...n, lead: leads.get(n.key) ?? null }))
    },

    /** The outcomes and sub-outcomes the signed-in user leads. */
    async outcomesLedBy(actor: Actor, partnershipId: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const [nodes, leads, people] = await Promise.all([
        outcomes(partnershipId),
        leadsByKey(partnershipId),
        mine(actor, partnershipId),
      ])
      return [...nodes.values()].filter((n) => {
        const l = leads.get(n.key)
        return l && people.includes(l.personId)
      })
    },

    async outcome(actor: Actor, partnershipId: string, outcomeKey: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const node = (await outcomes(partnershipId)).get(outcomeKey)
      if (!node) throw notFound('Outcome')
      return { ...node, lead: (await leadsByKey(partnershipId)).get(outcomeKey) ?? null }
    },

    /** Progress and gaps (of one outcome, one period), as they stand or stood at `at`, newest period first. */
    async progress(
      actor: Actor,
      partnershipId: string,
      opts: { outcomeKey?: string; period?: string; at?: Date } = {},
    ) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const rows = await q.progressAt(db, partnershipId, {
        ...(opts.outcomeKey ? { outcomeKeys: [opts.outcomeKey] } : {}),
        period: opts.period,
        at: opts.at,
      })
      return byPeriodDesc(rows)
    },

    async progressHistory(actor: Actor, partnershipId: string, outcomeKey: string, period: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      return q.progressHistory(db, partnershipId, outcomeKey, period)
    },

    /** An outcome page's panel: its progress (newest period first) and its targets' latest commentary. */
    async forOutcome(actor: Actor, partnershipId: string, outcomeKey: string, opts: { at?: Date } = {}) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const progress = byPeriodDesc(
        await q.progressAt(db, partnershipId, { outcomeKeys: [outcomeKey], at: opts.at }),
      )
      const list = await q.liveTargets(db, partnershipId)
      const keys = await deps.targets.findOutcomeKeys(
        db,
        list.map((t) => t.id),
      )
      const mineT = list.filter((t) => (keys.get(t.id) ?? []).includes(outcomeKey))
      const rows = byPeriodDesc(
        await q.commentariesAt(db, partnershipId, { targetIds: mineT.map((t) => t.id), at: opts.at }),
      )
      return {
        progress,
        targets: mineT.map((t) => ({ target: t, latest: rows.find((r) => r.targetId === t.id) ?? null })),
      }
    },

    /** Write an outcome's progress and gaps for a period (versioned like commentary). */
    async recordProgress(actor: Actor, partnershipId: string, outcomeKey: string, input: ProgressInput) {
      authorize(commentaryPolicy.write, actor, partnershipId)
      const node = isUuid(outcomeKey) ? (await outcomes(partnershipId)).get(outcomeKey) : undefined
      if (!node)
        throw validationError({ outcomeKey: 'Choose an outcome or sub-outcome of the current strategy' })
      if (!(await mayWriteOutcome(actor, partnershipId, outcomeKey)))
        throw forbidden(
          `Only the outcome lead of ${node.ref}, performance officers and administrators may report its progress`,
        )
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const now = deps.clock()
        const before = await q.currentProgress(tx, partnershipId, outcomeKey, input.period)
        if (before && before.progress === input.progress && same(before.gaps, input.gaps))
          return { result: before, audit: null }
        if (before) await q.supersedeProgress(tx, before.id, now)
        const row = await q.insertProgress(tx, {
          partnershipId,
          outcomeKey,
          period: input.period,
          progress: input.progress,
          gaps: input.gaps ?? null,
          authorUserId: actor.userId,
          authorLabel: actor.label,
          recordedAt: now,
        })
        return {
          result: row,
          audit: {
            entityType: 'outcome_progress',
            entityId: row.id,
            action: before ? 'update' : 'create',
            before: before ?? null,
            after: { ...row, outcomeRef: node.ref },
          },
        }
      })
    },
  }
}

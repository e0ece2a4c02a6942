import type { Db } from '../../db/client.ts'
import { notFound, validationError, type FieldErrors } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import { archiveOnce, mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { MoneyDeps } from './money.deps.ts'
import { parseInput } from './money.input.ts'
import { moneyPolicy } from './money.policy.ts'
import * as q from './money.commissioning.queries.ts'
import { commissioningInput, noticeEndsOn, type CommissioningInput } from './money.commissioning.schema.ts'
import { findStream, organisationNames } from './money.spend.queries.ts'

export type { DecisionRow } from './money.commissioning.queries.ts'

const entityType = 'commissioning_decision'
/** A service is one however its name is spaced or capitalised. */
const serviceKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase()

/**
 * Commissioning decisions (000 §8-10): commission, continue, give notice (with its notice period
 * and the day it ends) or de-commission a funded service, with the reason and the outcome it
 * serves. A log: each decision is a row; a service's standing is its latest decision.
 */
export function createCommissioningUseCases(
  db: Db,
  deps: Pick<MoneyDeps, 'clock' | 'organisations' | 'strategy'>,
) {
  /** Decisions with the names a reader needs: provider, stream, outcome. */
  async function named(partnershipId: string, rows: q.DecisionRow[]) {
    const nodes = new Map((await deps.strategy.findCurrentNodes(db, partnershipId)).map((n) => [n.key, n]))
    const names = await organisationNames(db, [...new Set(rows.flatMap((r) => r.providerId ?? []))])
    const streams = new Map<string, string>()
    for (const id of new Set(rows.flatMap((r) => r.streamId ?? [])))
      streams.set(id, (await findStream(db, partnershipId, id))?.ref ?? '')
    return rows.map((r) => {
      const node = r.outcomeKey ? nodes.get(r.outcomeKey) : undefined
      return {
        ...r,
        provider: r.providerId ? (names.get(r.providerId) ?? null) : null,
        streamRef: r.streamId ? (streams.get(r.streamId) ?? null) : null,
        outcome: node ? { ref: node.ref, title: node.title } : null,
      }
    })
  }

  return {
    /**
     * Record a decision about a funded service. Refused, naming the field and writing nothing: no
     * reason, notice without its months (or months without notice), an outcome not of the current
     * strategy, a provider, stream or allocation not of the partnership (or an allocation of
     * another stream than the one named).
     */
    async recordCommissioningDecision(actor: Actor, partnershipId: string, raw: CommissioningInput) {
      authorize(moneyPolicy.write, actor, partnershipId)
      const input = parseInput(commissioningInput, raw)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const errors: FieldErrors = {}
        const nodes = await deps.strategy.findCurrentNodes(tx, partnershipId)
        if (!nodes.some((n) => n.key === input.outcomeKey))
          errors.outcomeKey = 'Choose an outcome of the current strategy'
        if (input.providerId) {
          const org = await deps.organisations.find(tx, partnershipId, input.providerId)
          if (!org || org.archivedAt)
            errors.providerId = 'Choose the provider from the partnership’s organisations'
        }
        if (input.streamId && !(await findStream(tx, partnershipId, input.streamId)))
          errors.streamId = 'Choose a funding stream of this partnership'
        if (input.allocationId) {
          const a = await q.findAllocation(tx, partnershipId, input.allocationId)
          if (!a) errors.allocationId = 'Choose an allocation of this partnership'
          else if (input.streamId && a.streamId !== input.streamId)
            errors.allocationId = 'The allocation is from another funding stream than the one named'
        }
        if (Object.keys(errors).length) throw validationError(errors)
        const row = await q.insertDecision(tx, {
          partnershipId,
          service: input.service.replace(/\s+/g, ' '),
          providerId: input.providerId,
          streamId: input.streamId,
          allocationId: input.allocationId,
          outcomeKey: input.outcomeKey,
          decision: input.decision,
          noticeMonths: input.noticeMonths,
          noticeEndsOn:
            input.noticeMonths === null ? null : noticeEndsOn(input.decidedOn, input.noticeMonths),
          reason: input.reason,
          decidedOn: input.decidedOn,
          decidedBy: actor.label,
        })
        return { result: row, audit: { entityType, entityId: row.id, action: 'create', after: row } }
      })
    },

    /** Each funded service with its latest decision (and how many it has had), by service name. */
    async commissionedServices(actor: Actor, partnershipId: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const rows = await named(partnershipId, await q.listDecisions(db, partnershipId))
      const byService = new Map<string, { latest: (typeof rows)[number]; decisions: number }>()
      for (const r of rows) {
        const key = serviceKey(r.service)
        const seen = byService.get(key)
        if (seen) seen.decisions++
        else byService.set(key, { latest: r, decisions: 1 })
      }
      return [...byService.values()]
        .map((s) => ({ service: s.latest.service, latest: s.latest, decisions: s.decisions }))
        .sort((a, b) => a.service.localeCompare(b.service))
    },

    /** A service's decisions, newest first. */
    async serviceDecisions(actor: Actor, partnershipId: string, service: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const rows = (await q.listDecisions(db, partnershipId)).filter(
        (r) => serviceKey(r.service) === serviceKey(service),
      )
      return named(partnershipId, rows)
    },

    /** Archive a decision recorded in error (it leaves the log; the audit keeps it). */
    async archiveCommissioningDecision(actor: Actor, partnershipId: string, id: string) {
      authorize(moneyPolicy.write, actor, partnershipId)
      const before = isUuid(id) ? await q.findDecision(db, partnershipId, id) : undefined
      if (!before) throw notFound('Commissioning decision')
      return archiveOnce(db, actor, { partnershipId, entityType, entityId: id }, before, (tx) =>
        q.archiveDecision(tx, id, deps.clock()),
      )
    },
  }
}

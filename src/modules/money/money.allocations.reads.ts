import type { Db, DbOrTx } from '../../db/client.ts'
import { notFound } from '../../errors.ts'
import { sumPence } from '../../lib/money.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as aq from './money.allocations.queries.ts'
import { withPaysFor, type AllocationView } from './money.allocations.views.ts'
import type { MoneyDeps } from './money.deps.ts'
import { moneyPolicy } from './money.policy.ts'
import { recipientTotals, streamYears, unpassed } from './money.reconcile.ts'
import * as sq from './money.streams.queries.ts'

/** A first-level allocation with what it passed on and what is left of it. */
export interface AllocationWithOnward extends AllocationView {
  onward: AllocationView[]
  /** What the recipient has not passed on, in pence. */
  retained: number
}

/** Nest onward allocations under the allocation they were passed on from (any depth flattened under the first level). */
function nest(views: AllocationView[], all: aq.AllocationWithNames[]): AllocationWithOnward[] {
  const firstLevelOf = (v: AllocationView) => {
    let cur: aq.AllocationWithNames | undefined = v
    const byId = new Map(all.map((a) => [a.id, a]))
    for (let i = 0; cur?.parentAllocationId && i < all.length; i++) cur = byId.get(cur.parentAllocationId)
    return cur?.id
  }
  const top = views.filter((v) => !v.parentAllocationId)
  return top.map((t) => ({
    ...t,
    onward: views.filter((v) => v.parentAllocationId && firstLevelOf(v) === t.id),
    retained: unpassed(t, all),
  }))
}

/** The reads of allocations: by stream and year with what is unallocated, by recipient, and those paying for nothing linked. */
export function createAllocationReads(db: Db, deps: MoneyDeps) {
  const views = async (tx: DbOrTx, partnershipId: string, filter: { year?: string | null } = {}) => {
    const all = await aq.listAllocations(tx, partnershipId, { year: filter.year })
    return { all, views: await withPaysFor(tx, deps, partnershipId, all) }
  }

  return {
    /** The live allocations (one stream, year or recipient if told), each naming what it pays for. */
    async listAllocations(
      actor: Actor,
      partnershipId: string,
      filter: { streamId?: string; year?: string | null; recipientId?: string } = {},
    ) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const { views: all } = await views(db, partnershipId, filter)
      return all.filter(
        (v) =>
          (!filter.streamId || v.streamId === filter.streamId) &&
          (!filter.recipientId || v.recipientId === filter.recipientId),
      )
    },

    /** One allocation, naming what it pays for, with the onward allocations passed on from it. */
    async getAllocation(actor: Actor, partnershipId: string, id: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const row = await aq.findAllocation(db, partnershipId, id)
      if (!row || row.archivedAt) throw notFound('Allocation')
      const { views: all } = await views(db, partnershipId, { year: row.year })
      const self = all.find((v) => v.id === id)!
      const onward = all.filter((v) => v.parentAllocationId === id)
      return { ...self, onward, left: row.amountPence - sumPence(onward.map((o) => o.amountPence)) }
    },

    /**
     * A stream's money for a year: its budget, allocated, unallocated (shown, never hidden) and its
     * first-level allocations, each with its onward allocations and what the recipient retained.
     */
    async streamAllocations(actor: Actor, partnershipId: string, streamId: string, year: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const stream = await sq.findStream(db, partnershipId, streamId)
      if (!stream || stream.archivedAt) throw notFound('Funding stream')
      const budget = await sq.currentBudget(db, streamId, year)
      const { all, views: v } = await views(db, partnershipId, { year })
      const mine = all.filter((a) => a.streamId === streamId)
      const [money] = streamYears(budget ? [budget] : [], mine)
      return {
        stream,
        year,
        budget: money?.budget ?? 0,
        hasBudget: !!budget,
        allocated: money?.allocated ?? 0,
        unallocated: money?.unallocated ?? 0,
        allocations: nest(
          v.filter((a) => a.streamId === streamId),
          mine,
        ),
      }
    },

    /**
     * Each recipient's money (one year if told): first-level allocations received, passed on,
     * retained and received onward, with its allocations; and the totals, which equal the streams'.
     */
    async allocationsByRecipient(actor: Actor, partnershipId: string, opts: { year?: string | null } = {}) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const { all, views: v } = await views(db, partnershipId, opts)
      const totals = recipientTotals(all)
      const name = new Map(all.map((a) => [a.recipientId, a.recipientName]))
      const recipients = totals
        .map((t) => ({
          ...t,
          recipientName: name.get(t.recipientId) ?? '',
          allocations: v.filter((a) => a.recipientId === t.recipientId),
        }))
        .sort((a, b) => a.recipientName.localeCompare(b.recipientName))
      return {
        recipients,
        totals: {
          allocated: sumPence(totals.map((t) => t.allocated)),
          passedOn: sumPence(totals.map((t) => t.passedOn)),
          onwardReceived: sumPence(totals.map((t) => t.onwardReceived)),
        },
      }
    },

    /** Allocations that pay for nothing linked (no target, outcome or action, nor one inherited): shown, not hidden. */
    async unlinkedAllocations(actor: Actor, partnershipId: string, opts: { year?: string | null } = {}) {
      authorize(moneyPolicy.read, actor, partnershipId)
      return (await views(db, partnershipId, opts)).views.filter((a) => !a.paysFor)
    },

    /** For sheets and exports (they have authorised), in their transaction: the live allocations, named. */
    findAllocations: async (tx: DbOrTx, partnershipId: string, filter: { year?: string | null } = {}) =>
      (await views(tx, partnershipId, filter)).views,

    /** For spend (it has authorised), in its transaction: a live allocation of the partnership. */
    findAllocation: async (tx: DbOrTx, partnershipId: string, id: string) => {
      const row = await aq.findAllocation(tx, partnershipId, id)
      return row && !row.archivedAt ? row : undefined
    },
  }
}

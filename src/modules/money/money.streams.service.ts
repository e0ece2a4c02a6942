import type { Db, DbOrTx, Tx } from '../../db/client.ts'
import { conflict, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { formatPounds, penceFromPounds } from '../../lib/money.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as aq from './money.allocations.queries.ts'
import type { MoneyDeps } from './money.deps.ts'
import { parseInput } from './money.input.ts'
import { moneyPolicy } from './money.policy.ts'
import { streamYears, type StreamYear } from './money.reconcile.ts'
import * as q from './money.streams.queries.ts'
import {
  budgetInput,
  streamInput,
  type BudgetInput,
  type StreamData,
  type StreamInput,
} from './money.streams.schema.ts'

export type { BudgetRow, StreamRow, StreamWithNames } from './money.streams.queries.ts'

/** A stream in the tree: its budgets per year (with allocated and unallocated) and its component streams. */
export interface StreamNode extends q.StreamWithNames {
  years: StreamYear[]
  /** For a reward stream: the reward grant earned now (the assessment's total payable), in pence. */
  rewardEarned: number | null
  children: StreamNode[]
}

/**
 * Funding streams (002 §2, §18-19, §23): the Area Based Grant and the grants it absorbed, aligned
 * and pooled money, the reward grant and pump-priming; each stream's budget per financial year,
 * versioned (a change supersedes the row, the history stays).
 */
export function createStreamUseCases(db: Db, deps: MoneyDeps) {
  /** The parent and accountable body of a stream, and its ref, checked: every problem named by field. */
  async function checkStream(tx: DbOrTx, partnershipId: string, data: StreamData, selfId?: string) {
    const errors: FieldErrors = {}
    if (data.parentId) {
      const streams = new Map((await q.listStreams(tx, partnershipId)).map((s) => [s.id, s]))
      if (!streams.has(data.parentId))
        errors.parentId = 'Choose a funding stream of this partnership from the list'
      else if (selfId) {
        // Walk up from the new parent: meeting the stream itself would make a loop.
        let cur: string | null = data.parentId
        for (let i = 0; cur && i <= streams.size; i++) {
          if (cur === selfId) {
            errors.parentId = 'A stream cannot be part of itself or of one of its own component streams'
            break
          }
          cur = streams.get(cur)?.parentId ?? null
        }
      }
    }
    if (data.accountableOrganisationId) {
      const org = await deps.organisations.find(tx, partnershipId, data.accountableOrganisationId)
      if (!org || org.archivedAt)
        errors.accountableOrganisationId = 'Choose the accountable body from the partnership’s organisations'
    }
    const clash = await q.findStreamByRef(tx, partnershipId, data.ref)
    if (clash && clash.id !== selfId)
      errors.ref = `${clash.ref} is already the reference of another funding stream`
    if (Object.keys(errors).length) throw validationError(errors)
  }

  const columns = (data: StreamData) => ({
    ref: data.ref,
    name: data.name,
    source: data.source,
    kind: data.kind,
    ringFenced: data.ringFenced,
    spendType: data.spendType,
    parentId: data.parentId,
    accountableOrganisationId: data.accountableOrganisationId,
    purpose: data.purpose,
    notes: data.notes ?? null,
  })

  async function liveStream(tx: DbOrTx, partnershipId: string, id: string) {
    const row = await q.findStream(tx, partnershipId, id)
    if (!row || row.archivedAt) throw notFound('Funding stream')
    return row
  }

  /** Budget, allocated and unallocated for every stream-year of the partnership (one read each). */
  async function allYears(tx: DbOrTx, partnershipId: string) {
    const [budgets, allocations] = [
      await q.currentBudgets(tx, partnershipId),
      await aq.listAllocations(tx, partnershipId),
    ]
    return streamYears(budgets, allocations)
  }

  /** The reward grant earned now, in pence: the assessment's total payable (the dashboard's summary). */
  async function rewardEarned(actor: Actor, partnershipId: string) {
    const summary = await deps.dashboard.summary(actor, partnershipId, { at: deps.clock() })
    return penceFromPounds(summary.rewardTotal)
  }

  function createIn(conn: Db | Tx, actor: Actor, partnershipId: string, data: StreamData) {
    return mutate(conn, actor, { partnershipId }, async (tx) => {
      await checkStream(tx, partnershipId, data)
      const row = await q.insertStream(tx, { partnershipId, ...columns(data) })
      return {
        result: row,
        audit: { entityType: 'funding_stream', entityId: row.id, action: 'create', after: row },
      }
    })
  }

  function updateIn(conn: Db | Tx, actor: Actor, partnershipId: string, id: string, data: StreamData) {
    return mutate(conn, actor, { partnershipId }, async (tx) => {
      const before = await liveStream(tx, partnershipId, id)
      await checkStream(tx, partnershipId, data, id)
      const next = columns(data)
      const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== before[k])
      if (!changed) return { result: { row: before, changed: false }, audit: null }
      const row = await q.updateStream(tx, id, next)
      return {
        result: { row, changed: true },
        audit: { entityType: 'funding_stream', entityId: id, action: 'update', before, after: row },
      }
    })
  }

  function setBudgetIn(
    conn: Db | Tx,
    actor: Actor,
    partnershipId: string,
    streamId: string,
    data: { year: string; amount: number },
    opts: { deferCheck?: boolean } = {},
  ) {
    return mutate(conn, actor, { partnershipId }, async (tx) => {
      const stream = await liveStream(tx, partnershipId, streamId)
      await aq.lockStream(tx, streamId)
      const before = await q.currentBudget(tx, streamId, data.year)
      if (before && before.amountPence === data.amount)
        return { result: { row: before, changed: false }, audit: null }
      const allocated = opts.deferCheck ? 0 : await aq.allocatedFrom(tx, streamId, data.year)
      if (data.amount < allocated)
        throw validationError({
          amount: `${formatPounds(allocated)} is already allocated from ${stream.ref} in ${data.year}: the budget cannot be less`,
        })
      const now = deps.clock()
      if (before) await q.supersedeBudget(tx, before.id, now)
      const row = await q.insertBudget(tx, {
        partnershipId,
        streamId,
        year: data.year,
        amountPence: data.amount,
        recordedAt: now,
        recordedBy: actor.label,
      })
      return {
        result: { row, changed: true },
        audit: {
          entityType: 'stream_budget',
          entityId: streamId,
          action: before ? 'update' : 'create',
          before: before ?? null,
          after: row,
        },
      }
    })
  }

  return {
    /** The live streams by ref, each with its accountable body's name. */
    async listStreams(actor: Actor, partnershipId: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      return q.listStreams(db, partnershipId)
    },

    /**
     * The streams as a tree (component grants under their parent), each with every year's budget,
     * allocated and unallocated (or one year's), and beside a reward stream the reward grant earned.
     */
    async streamTree(actor: Actor, partnershipId: string, opts: { year?: string | null } = {}) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const streams = await q.listStreams(db, partnershipId)
      const years = (await allYears(db, partnershipId)).filter((y) => !opts.year || y.year === opts.year)
      const earned = streams.some((s) => s.purpose === 'reward')
        ? await rewardEarned(actor, partnershipId)
        : null
      const nodes = new Map<string, StreamNode>(
        streams.map((s) => [
          s.id,
          {
            ...s,
            years: years.filter((y) => y.streamId === s.id),
            rewardEarned: s.purpose === 'reward' ? earned : null,
            children: [],
          },
        ]),
      )
      const roots: StreamNode[] = []
      for (const n of nodes.values()) {
        const parent = n.parentId ? nodes.get(n.parentId) : undefined
        if (parent) parent.children.push(n)
        else roots.push(n)
      }
      return roots
    },

    /** One stream with its years (budget, allocated, unallocated) and its budgets' history. */
    async getStream(actor: Actor, partnershipId: string, id: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const stream = await liveStream(db, partnershipId, id)
      const years = (await allYears(db, partnershipId)).filter((y) => y.streamId === id)
      const history = await q.budgetHistory(db, id)
      const rewardEarnedNow = stream.purpose === 'reward' ? await rewardEarned(actor, partnershipId) : null
      return { ...stream, years, budgetHistory: history, rewardEarned: rewardEarnedNow }
    },

    async createStream(actor: Actor, partnershipId: string, input: StreamInput) {
      authorize(moneyPolicy.write, actor, partnershipId)
      return createIn(db, actor, partnershipId, parseInput(streamInput, input))
    },

    async updateStream(actor: Actor, partnershipId: string, id: string, input: StreamInput) {
      authorize(moneyPolicy.write, actor, partnershipId)
      return (await updateIn(db, actor, partnershipId, id, parseInput(streamInput, input))).row
    },

    /**
     * For the Funding sheet, inside the import's transaction (it has authorised): create the stream
     * of that ref, or change it (the same values again change nothing). Audited as the forms are.
     */
    async saveStreamByRefTx(tx: Tx, actor: Actor, partnershipId: string, input: StreamInput) {
      const data = parseInput(streamInput, input)
      const before = await q.findStreamByRef(tx, partnershipId, data.ref)
      if (!before)
        return { row: await createIn(tx, actor, partnershipId, data), created: true, changed: true }
      return { ...(await updateIn(tx, actor, partnershipId, before.id, data)), created: false }
    },

    /** Archive a stream: refused while it has component streams or live allocations (move or archive them first). */
    async archiveStream(actor: Actor, partnershipId: string, id: string) {
      return mutate(db, actor, { partnershipId, rule: moneyPolicy.write }, async (tx) => {
        const before = await liveStream(tx, partnershipId, id)
        const { children, allocations } = await q.dependentsOf(tx, id)
        if (children)
          throw conflict(`${before.ref} has ${children} component stream(s): archive them or move them first`)
        if (allocations)
          throw conflict(`${before.ref} has ${allocations} allocation(s): archive them before the stream`)
        const row = await q.updateStream(tx, id, { archivedAt: deps.clock() })
        return {
          result: row,
          audit: { entityType: 'funding_stream', entityId: id, action: 'archive', before, after: row },
        }
      })
    },

    /**
     * Set a stream's budget for a financial year (0 or more, in pounds and pence). Versioned: the
     * current row is superseded and the new one recorded; the same amount again writes nothing. A
     * budget below what is already allocated from the stream that year is refused, naming `amount`.
     */
    async setBudget(actor: Actor, partnershipId: string, streamId: string, input: BudgetInput) {
      authorize(moneyPolicy.write, actor, partnershipId)
      const data = parseInput(budgetInput, input)
      return (await setBudgetIn(db, actor, partnershipId, streamId, data)).row
    },

    /**
     * For the Budgets sheet, inside the import's transaction (it has authorised): set a stream's
     * budget for a year as `setBudget` does. With `deferCheck` a budget below what is allocated is
     * let through: the sheet checks allocations against budgets once every money sheet is applied.
     */
    async setBudgetTx(
      tx: Tx,
      actor: Actor,
      partnershipId: string,
      streamId: string,
      input: BudgetInput,
      opts: { deferCheck?: boolean } = {},
    ) {
      return setBudgetIn(tx, actor, partnershipId, streamId, parseInput(budgetInput, input), opts)
    },

    /** Every version of a stream's budgets, by year then oldest first. */
    async budgetHistory(actor: Actor, partnershipId: string, streamId: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      await liveStream(db, partnershipId, streamId)
      return q.budgetHistory(db, streamId)
    },

    /** For sheets and spend (they have authorised), in their transaction: the live streams. */
    findStreams: (tx: DbOrTx, partnershipId: string) => q.listStreams(tx, partnershipId),

    /** For sheets and spend, in their transaction: a live stream by ref. */
    findStreamByRef: (tx: DbOrTx, partnershipId: string, ref: string) =>
      q.findStreamByRef(tx, partnershipId, ref),

    /** For sheets and exports, in their transaction: every stream's current budgets (by ref, then year). */
    findBudgets: (tx: DbOrTx, partnershipId: string) => q.currentBudgets(tx, partnershipId),

    /** For spend (it has authorised), in its transaction: a stream's current budget for a year, if set. */
    findBudget: (tx: DbOrTx, streamId: string, year: string) => q.currentBudget(tx, streamId, year),

    /** For sheets and exports, in their transaction: budget, allocated and unallocated per stream-year. */
    findStreamYears: (tx: DbOrTx, partnershipId: string) => allYears(tx, partnershipId),
  }
}

import type { Db, DbOrTx, Tx } from '../../db/client.ts'
import { conflict, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { formatPounds, sumPence } from '../../lib/money.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import {
  allocationCreate,
  allocationUpdate,
  type AllocationCreate,
  type AllocationCreateInput,
  type AllocationUpdate,
  type AllocationUpdateInput,
} from './money.allocations.schema.ts'
import * as aq from './money.allocations.queries.ts'
import * as vq from './money.versions.queries.ts'
import { createAllocationReads } from './money.allocations.reads.ts'
import type { MoneyDeps } from './money.deps.ts'
import { parseInput } from './money.input.ts'
import { moneyPolicy } from './money.policy.ts'
import { notSignedError, protocolStanding } from './money.protocol.service.ts'
import * as sq from './money.streams.queries.ts'

export type { AllocationRow } from './money.allocations.queries.ts'
export type { AllocationView, PaysFor } from './money.allocations.views.ts'

/** Where an allocation's money comes from: a stream's budget for a year, or (onward) another allocation. */
interface Source {
  streamId: string
  streamRef: string
  year: string
  parent: aq.AllocationRow | null
}

/** With `deferBudgetCheck`, a first-level allocation is not checked against its budget here (the sheet checks later). */
export interface MoneyCheck {
  deferBudgetCheck?: boolean
}

/**
 * Allocations (002 §24): money from a stream for a year to a first-level recipient, for a target,
 * an outcome or an action; onward allocations by a recipient to other bodies (the first-level
 * recipient stays accountable). A stream's first-level allocations for a year never exceed its
 * budget; a recipient's onward allocations never exceed what it was allocated. Funds are released
 * only to a recipient that has signed the current financial protocol.
 */
export function createAllocationUseCases(db: Db, deps: MoneyDeps) {
  /** What it pays for, the recipient and the profile, checked: every problem named by field. */
  async function checkFields(tx: DbOrTx, partnershipId: string, data: AllocationUpdate, errors: FieldErrors) {
    const recipient = await deps.organisations.find(tx, partnershipId, data.recipientId)
    if (!recipient || recipient.archivedAt)
      errors.recipientId = 'Choose the recipient from the partnership’s organisations'
    let subject = {
      targetId: null as string | null,
      outcomeKey: null as string | null,
      actionId: null as string | null,
    }
    if (data.paysFor) {
      const [kind, id] = data.paysFor.split(':') as ['target' | 'outcome' | 'action', string]
      if (kind === 'target') {
        if (await aq.findTarget(tx, partnershipId, id)) subject = { ...subject, targetId: id }
        else errors.paysFor = 'Choose a target of this partnership from the list'
      } else if (kind === 'outcome') {
        const nodes = await deps.strategy.findCurrentNodes(tx, partnershipId)
        if (nodes.some((n) => n.key === id)) subject = { ...subject, outcomeKey: id }
        else errors.paysFor = 'Choose a theme or outcome of the current strategy from the list'
      } else if (await deps.delivery.actionSubject(tx, partnershipId, id))
        subject = { ...subject, actionId: id }
      else errors.paysFor = 'Choose an action of this partnership’s delivery plans from the list'
    }
    if (data.profile) {
      const total = sumPence(data.profile)
      if (total !== data.amount)
        errors.profile = `The quarters add up to ${formatPounds(total)}, not the amount of ${formatPounds(data.amount)}`
    }
    return { recipientName: recipient?.name ?? '', subject }
  }

  /** The money check, with the stream locked: the budget (first-level) or the parent allocation (onward). */
  async function checkMoney(
    tx: DbOrTx,
    source: Source,
    amount: number,
    recipientName: string,
    selfId?: string,
    opts: MoneyCheck = {},
  ) {
    await aq.lockStream(tx, source.streamId)
    if (source.parent) {
      const parent = (await aq.findAllocation(tx, source.parent.partnershipId, source.parent.id))!
      const passed = (await aq.passedOnFrom(tx, parent.id, selfId)).total
      const left = parent.amountPence - passed
      if (amount > left)
        throw validationError({
          amount: `Only ${formatPounds(left)} of the ${formatPounds(parent.amountPence)} allocated is left to pass on: ${formatPounds(amount)} is more`,
        })
    } else if (!opts.deferBudgetCheck) {
      // (Deferred: the Allocations sheet checks its stream-years against the budgets at the end of the import.)
      const budget = await sq.currentBudget(tx, source.streamId, source.year)
      if (!budget)
        throw validationError({
          year: `${source.streamRef} has no budget for ${source.year}: set the budget first`,
        })
      const allocated = await aq.allocatedFrom(tx, source.streamId, source.year, selfId)
      const left = budget.amountPence - allocated
      if (amount > left)
        throw validationError({
          amount: `Only ${formatPounds(left)} of ${source.streamRef}’s ${source.year} budget of ${formatPounds(budget.amountPence)} is unallocated: ${formatPounds(amount)} to ${recipientName} is more`,
        })
    }
    if (selfId) {
      const passed = await aq.passedOnFrom(tx, selfId)
      if (passed.count && amount < passed.total)
        throw validationError({
          amount: `${formatPounds(passed.total)} of it is already passed on to other bodies: the amount cannot be less`,
        })
    }
  }

  const columns = (
    data: AllocationUpdate,
    subject: { targetId: string | null; outcomeKey: string | null; actionId: string | null },
  ) => ({
    recipientId: data.recipientId,
    amountPence: data.amount,
    ...subject,
    ref: data.ref ?? null,
    title: data.title ?? null,
    notes: data.notes ?? null,
    profile: data.profile,
    awardedOn: data.awardedOn,
  })

  async function liveAllocation(tx: DbOrTx, partnershipId: string, id: string) {
    const row = await aq.findAllocation(tx, partnershipId, id)
    if (!row || row.archivedAt) throw notFound('Allocation')
    return row
  }

  /** The stream and year (from the input, or the parent's for an onward allocation), checked. */
  async function sourceOf(
    tx: DbOrTx,
    partnershipId: string,
    input: { streamId?: string | null; year?: string | null; parentAllocationId?: string | null },
    errors: FieldErrors,
  ): Promise<Source | null> {
    if (input.parentAllocationId) {
      const parent = await aq.findAllocation(tx, partnershipId, input.parentAllocationId)
      if (!parent || parent.archivedAt) {
        errors.parentAllocationId = 'Choose a live allocation of this partnership to pass it on from'
        return null
      }
      if (input.streamId && input.streamId !== parent.streamId)
        errors.streamId = 'An onward allocation comes from the stream of the allocation it is passed on from'
      if (input.year && input.year !== parent.year)
        errors.year = `An onward allocation is for the year of the allocation it is passed on from (${parent.year})`
      const stream = await sq.findStream(tx, partnershipId, parent.streamId)
      return { streamId: parent.streamId, streamRef: stream?.ref ?? '', year: parent.year, parent }
    }
    if (!input.year) errors.year = 'Enter the financial year, like 2008/09'
    if (!input.streamId) {
      errors.streamId = 'Choose the funding stream from the list'
      return null
    }
    const stream = await sq.findStream(tx, partnershipId, input.streamId)
    if (!stream || stream.archivedAt) {
      errors.streamId = 'Choose a funding stream of this partnership from the list'
      return null
    }
    return input.year ? { streamId: stream.id, streamRef: stream.ref, year: input.year, parent: null } : null
  }

  function createIn(
    conn: Db | Tx,
    actor: Actor,
    partnershipId: string,
    data: AllocationCreate,
    opts: MoneyCheck = {},
  ) {
    return mutate(conn, actor, { partnershipId }, async (tx) => {
      const errors: FieldErrors = {}
      const source = await sourceOf(tx, partnershipId, data, errors)
      const { recipientName, subject } = await checkFields(tx, partnershipId, data, errors)
      if (Object.keys(errors).length || !source) throw validationError(errors)
      await checkMoney(tx, source, data.amount, recipientName, undefined, opts)
      const row = await aq.insertAllocation(tx, {
        partnershipId,
        streamId: source.streamId,
        year: source.year,
        parentAllocationId: source.parent?.id ?? null,
        ...columns(data, subject),
      })
      await vq.recordAllocationVersion(tx, row, row.createdAt)
      return {
        result: row,
        audit: { entityType: 'allocation', entityId: row.id, action: 'create', after: row },
      }
    })
  }

  function updateIn(
    conn: Db | Tx,
    actor: Actor,
    partnershipId: string,
    id: string,
    data: AllocationUpdate,
    opts: MoneyCheck = {},
  ) {
    return mutate(conn, actor, { partnershipId }, async (tx) => {
      const before = await liveAllocation(tx, partnershipId, id)
      const errors: FieldErrors = {}
      const source = await sourceOf(tx, partnershipId, before, errors)
      const { recipientName, subject } = await checkFields(tx, partnershipId, data, errors)
      // Released funds went to the recipient that signed: another recipient is another allocation.
      if (before.releasedAt && data.recipientId !== before.recipientId)
        errors.recipientId =
          'The funds have been released to this recipient: archive it and allocate again instead'
      if (Object.keys(errors).length || !source) throw validationError(errors)
      const next = columns(data, subject)
      const changed = (Object.keys(next) as (keyof typeof next)[]).some(
        (k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]),
      )
      if (!changed) return { result: { row: before, changed: false }, audit: null }
      await checkMoney(tx, source, data.amount, recipientName, id, opts)
      const row = await aq.updateAllocation(tx, id, next)
      await vq.recordAllocationVersion(tx, row, row.updatedAt)
      return {
        result: { row, changed: true },
        audit: { entityType: 'allocation', entityId: id, action: 'update', before, after: row },
      }
    })
  }

  return {
    ...createAllocationReads(db, deps),

    /**
     * Allocate money from a stream for a year to a first-level recipient, or (with
     * `parentAllocationId`) pass part of an allocation on to another body. Refused, naming the
     * field and writing nothing: a recipient that is not an organisation of the partnership, an
     * amount over what is unallocated (or left to pass on), a year without a budget, three
     * decimals, what it pays for not the partnership's, quarters not adding up to the amount.
     */
    async createAllocation(actor: Actor, partnershipId: string, input: AllocationCreateInput) {
      authorize(moneyPolicy.write, actor, partnershipId)
      return createIn(db, actor, partnershipId, parseInput(allocationCreate, input))
    },

    /**
     * Change an allocation's recipient, amount, what it pays for, profile or notes (its stream,
     * year and parent stay). The same checks as making one; and never below what it has passed on.
     */
    async updateAllocation(actor: Actor, partnershipId: string, id: string, input: AllocationUpdateInput) {
      authorize(moneyPolicy.write, actor, partnershipId)
      return (await updateIn(db, actor, partnershipId, id, parseInput(allocationUpdate, input))).row
    },

    /** For the Allocations sheet, inside the import's transaction (it has authorised): `createAllocation`. */
    async createAllocationTx(
      tx: Tx,
      actor: Actor,
      partnershipId: string,
      input: AllocationCreateInput,
      opts: MoneyCheck = {},
    ) {
      return createIn(tx, actor, partnershipId, parseInput(allocationCreate, input), opts)
    },

    /** For the Allocations sheet, inside the import's transaction: `updateAllocation`, saying whether it changed. */
    async updateAllocationTx(
      tx: Tx,
      actor: Actor,
      partnershipId: string,
      id: string,
      input: AllocationUpdateInput,
      opts: MoneyCheck = {},
    ) {
      return updateIn(tx, actor, partnershipId, id, parseInput(allocationUpdate, input), opts)
    },

    /** For sheets and exports, in their transaction: the live allocations with stream and recipient names. */
    findAllocations: (tx: DbOrTx, partnershipId: string) => aq.listAllocations(tx, partnershipId),

    /** For sheets, in their transaction: a stream's live first-level allocations for a year, in pence. */
    allocatedFromTx: (tx: DbOrTx, streamId: string, year: string) => aq.allocatedFrom(tx, streamId, year),

    /** Archive an allocation: its money returns to the stream (or to the allocation it came from). Refused while it has live onward allocations. */
    async archiveAllocation(actor: Actor, partnershipId: string, id: string) {
      authorize(moneyPolicy.write, actor, partnershipId)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const before = await liveAllocation(tx, partnershipId, id)
        const onward = await aq.passedOnFrom(tx, id)
        if (onward.count)
          throw conflict(`This allocation has ${onward.count} onward allocation(s): archive them first`)
        const row = await aq.updateAllocation(tx, id, { archivedAt: deps.clock() })
        return {
          result: row,
          audit: { entityType: 'allocation', entityId: id, action: 'archive', before, after: row },
        }
      })
    },

    /**
     * Release a first-level allocation's funds: only when its recipient has signed the current
     * financial protocol (else 422 "… has not signed the financial protocol (version N)"). Who and
     * when are recorded; releasing again writes nothing.
     */
    async releaseAllocation(actor: Actor, partnershipId: string, id: string) {
      authorize(moneyPolicy.release, actor, partnershipId)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const before = await liveAllocation(tx, partnershipId, id)
        if (before.parentAllocationId)
          throw validationError({
            parentAllocationId:
              'An onward allocation is paid by the recipient that passes it on: release its first-level allocation',
          })
        if (before.releasedAt) return { result: before, audit: null }
        const standing = await protocolStanding(tx, partnershipId, before.recipientId)
        if (!standing.signed) {
          const org = await deps.organisations.find(tx, partnershipId, before.recipientId)
          throw notSignedError(org?.name ?? 'The recipient', standing)
        }
        const row = await aq.updateAllocation(tx, id, { releasedAt: deps.clock(), releasedBy: actor.label })
        return {
          result: row,
          audit: {
            entityType: 'allocation',
            entityId: id,
            action: 'release',
            before,
            after: { ...row, protocolVersion: standing.version },
          },
        }
      })
    },
  }
}

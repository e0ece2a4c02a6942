import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { requestPolicy } from './requests.policy.ts'
import * as q from './requests.queries.ts'
import {
  requestStatusLabels,
  type CommentsInput,
  type RequestDecisionInput,
  type RequestInput,
  type RequestStatus,
} from './requests.schema.ts'

export type { RequestRow } from './requests.queries.ts'

export interface RequestsDeps {
  clock: Clock
  /** A request names an outcome by its stable key; its ref and title come from the current strategy. */
  strategy: Pick<StrategyService, 'findCurrentNodes'>
}

const entityType = 'flexibility_request'

/** A request with the outcome it names, as the current strategy has it. */
export type RequestView = q.RequestRow & { outcomeRef: string | null; outcomeTitle: string | null }

export function createRequestsService(db: Db, deps: RequestsDeps) {
  const { clock } = deps

  async function outcomeIndex(tx: DbOrTx, partnershipId: string) {
    return new Map((await deps.strategy.findCurrentNodes(tx, partnershipId)).map((n) => [n.key, n]))
  }

  async function withOutcomes(
    tx: DbOrTx,
    partnershipId: string,
    rows: q.RequestRow[],
  ): Promise<RequestView[]> {
    const index = rows.some((r) => r.outcomeKey)
      ? await outcomeIndex(tx, partnershipId)
      : new Map<string, { ref: string; title: string }>()
    return rows.map((r) => {
      const node = r.outcomeKey ? index.get(r.outcomeKey) : undefined
      return { ...r, outcomeRef: node?.ref ?? null, outcomeTitle: node?.title ?? null }
    })
  }

  async function load(tx: DbOrTx, partnershipId: string, id: string) {
    const row = await q.findRequest(tx, partnershipId, id)
    if (!row) throw notFound('Request')
    return row
  }

  /** Refuse a move the request's status does not allow, saying what it is and what may be done. */
  function refuseMove(row: q.RequestRow, allowedFrom: RequestStatus[], doing: string): void {
    if (allowedFrom.includes(row.status as RequestStatus)) return
    const is = requestStatusLabels[row.status as RequestStatus]?.toLowerCase() ?? row.status
    throw conflict(
      `${row.ref} is ${is}: only a request that is ${allowedFrom.map((s) => requestStatusLabels[s].toLowerCase()).join(' or ')} can be ${doing}.`,
    )
  }

  async function checkInput(tx: DbOrTx, partnershipId: string, input: RequestInput, exceptId?: string) {
    const same = await q.findRequestByRef(tx, partnershipId, input.ref)
    if (same && same.id !== exceptId)
      throw validationError({ ref: `${same.ref} is already the reference of “${same.title}”` })
    if (input.outcomeKey) {
      const node = (await outcomeIndex(tx, partnershipId)).get(input.outcomeKey)
      if (!node || node.kind === 'theme')
        throw validationError({ outcomeKey: 'Choose the outcome from the list' })
    }
  }

  /** A decision date: a real day, not before it was submitted and not after today. */
  function checkDecidedOn(row: q.RequestRow, decidedOn: string) {
    const today = ukDate(clock())
    if (decidedOn > today) throw validationError({ decidedOn: 'Date decided must be today or in the past' })
    if (row.submittedAt && decidedOn < ukDate(row.submittedAt))
      throw validationError({
        decidedOn: `Date decided must be on or after the date it was submitted (${ukDate(row.submittedAt)})`,
      })
  }

  const service = {
    async list(
      actor: Actor,
      partnershipId: string,
      opts: { status?: string | undefined; outcomeKey?: string | undefined } = {},
    ) {
      authorize(requestPolicy.read, actor, partnershipId)
      return withOutcomes(db, partnershipId, await q.listRequests(db, partnershipId, opts))
    },

    async get(actor: Actor, partnershipId: string, id: string): Promise<RequestView> {
      authorize(requestPolicy.read, actor, partnershipId)
      const [view] = await withOutcomes(db, partnershipId, [await load(db, partnershipId, id)])
      return view!
    },

    /** The requests for an outcome (for the outcome's page). */
    forOutcome: (actor: Actor, partnershipId: string, outcomeKey: string) =>
      service.list(actor, partnershipId, { outcomeKey }),

    /** The outcomes a request may name: the current strategy's outcomes and sub-outcomes. */
    async outcomeChoices(actor: Actor, partnershipId: string) {
      authorize(requestPolicy.read, actor, partnershipId)
      return (await deps.strategy.findCurrentNodes(db, partnershipId)).filter((n) => n.kind !== 'theme')
    },

    /** For another module's use-case (it has authorised), in its transaction: one live request. */
    find: (tx: DbOrTx, partnershipId: string, id: string) => q.findRequest(tx, partnershipId, id),

    create: (actor: Actor, partnershipId: string, input: RequestInput) =>
      mutate(db, actor, { partnershipId, rule: requestPolicy.manage }, async (tx) => {
        await checkInput(tx, partnershipId, input)
        const row = await q.insertRequest(tx, { partnershipId, ...input, status: 'draft' })
        return { result: row, audit: { entityType, entityId: row.id, action: 'create', after: row } }
      }),

    /** Change a request's details, while it is a draft or awaiting a decision. */
    update: (actor: Actor, partnershipId: string, id: string, input: RequestInput) =>
      mutate(db, actor, { partnershipId, rule: requestPolicy.manage }, async (tx) => {
        const before = await load(tx, partnershipId, id)
        refuseMove(before, ['draft', 'submitted'], 'changed')
        await checkInput(tx, partnershipId, input, id)
        const row = await q.updateRequest(tx, id, input, clock())
        return { result: row, audit: { entityType, entityId: id, action: 'update', before, after: row } }
      }),

    /** Send a draft to the government office: it needs its business case. */
    submit: (actor: Actor, partnershipId: string, id: string) =>
      mutate(db, actor, { partnershipId, rule: requestPolicy.manage }, async (tx) => {
        const before = await load(tx, partnershipId, id)
        refuseMove(before, ['draft'], 'submitted')
        if (!before.businessCase)
          throw validationError(
            { businessCase: 'Add the business case before submitting the request' },
            `${before.ref} has no business case yet`,
          )
        const row = await q.updateRequest(tx, id, { status: 'submitted', submittedAt: clock() }, clock())
        return { result: row, audit: { entityType, entityId: id, action: 'submit', before, after: row } }
      }),

    /** The partnership withdraws a request not yet decided. */
    withdraw: (actor: Actor, partnershipId: string, id: string) =>
      mutate(db, actor, { partnershipId, rule: requestPolicy.manage }, async (tx) => {
        const before = await load(tx, partnershipId, id)
        refuseMove(before, ['draft', 'submitted'], 'withdrawn')
        const row = await q.updateRequest(tx, id, { status: 'withdrawn' }, clock())
        return { result: row, audit: { entityType, entityId: id, action: 'withdraw', before, after: row } }
      }),

    /** The government office records the department's answer to a submitted request. */
    decide: (actor: Actor, partnershipId: string, id: string, input: RequestDecisionInput) =>
      mutate(db, actor, { partnershipId, rule: requestPolicy.decide }, async (tx) => {
        const before = await load(tx, partnershipId, id)
        refuseMove(before, ['submitted'], 'agreed or refused')
        checkDecidedOn(before, input.decidedOn)
        const row = await q.updateRequest(
          tx,
          id,
          { status: input.status, decision: input.decision, decidedOn: input.decidedOn },
          clock(),
        )
        return { result: row, audit: { entityType, entityId: id, action: input.status, before, after: row } }
      }),

    /** The government office's comments on a request (blank clears them); not once withdrawn. */
    comment: (actor: Actor, partnershipId: string, id: string, input: CommentsInput) =>
      mutate(db, actor, { partnershipId, rule: requestPolicy.comment }, async (tx) => {
        const before = await load(tx, partnershipId, id)
        refuseMove(before, ['draft', 'submitted', 'agreed', 'refused'], 'commented on')
        const goComments = input.goComments ?? null
        if (goComments === before.goComments) return { result: before, audit: null }
        const row = await q.updateRequest(tx, id, { goComments }, clock())
        return { result: row, audit: { entityType, entityId: id, action: 'comment', before, after: row } }
      }),
  }
  return service
}

export type RequestsService = ReturnType<typeof createRequestsService>

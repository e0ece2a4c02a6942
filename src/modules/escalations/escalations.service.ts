import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, forbidden, isAppError, notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { parseForm } from '../../lib/forms.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { RequestsService } from '../requests/requests.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import { escalationPolicy } from './escalations.policy.ts'
import * as q from './escalations.queries.ts'
import {
  escalationInput,
  escalationStatusLabels,
  type DecisionInput,
  type EscalationInput,
  type EscalationStatus,
  type SubjectType,
} from './escalations.schema.ts'

export type { EscalationRow } from './escalations.queries.ts'

/** What an escalation is about, in words, and its page under /p/:slug (when it has one). */
export interface Subject {
  label: string
  path: string | null
}

/**
 * How another module names one of its records for the escalation log: null when the id is not a
 * live record of that partnership. Called inside the escalating use-case (it has authorised).
 */
export type SubjectResolver = (db: DbOrTx, partnershipId: string, id: string) => Promise<Subject | null>

export interface EscalationsDeps {
  clock: Clock
  targets: Pick<TargetsService, 'get'>
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  requests: Pick<RequestsService, 'find'>
  /**
   * Resolvers for subjects of the delivery modules (plan, action, improvement_plan, risk), wired
   * in createServices once they offer one. A subject type without a resolver is taken on trust
   * (its id is a uuid) and shown without a name.
   */
  resolvers?: Partial<Record<SubjectType, SubjectResolver>>
}

const entityType = 'escalation'

export type EscalationView = q.EscalationRow & {
  subject: Subject | null
  statusLabel: string
}

export function createEscalationsService(db: Db, deps: EscalationsDeps) {
  const { clock } = deps

  /** The subject of an escalation, or null when it is not (or no longer) one of the partnership's. */
  async function describe(
    actor: Actor,
    tx: DbOrTx,
    partnershipId: string,
    type: string,
    id: string | null,
    nodes?: Map<string, { id: string; ref: string; title: string; kind: string }>,
  ): Promise<Subject | null> {
    if (!id) return null
    switch (type) {
      case 'target':
        try {
          const t = await deps.targets.get(actor, partnershipId, id)
          const place = t.place ? ` (${t.place.name})` : ''
          return { label: `${t.indicator.code} ${t.indicator.title}${place}`, path: `/targets/${id}` }
        } catch (e) {
          if (isAppError(e) && e.status === 404) return null
          throw e
        }
      case 'outcome': {
        const index = nodes ?? (await outcomeNodes(tx, partnershipId))
        const node = index.get(id)
        return node ? { label: `${node.ref} ${node.title}`, path: `/strategy/nodes/${node.id}` } : null
      }
      case 'request': {
        const r = await deps.requests.find(tx, partnershipId, id)
        return r ? { label: `${r.ref} ${r.title}`, path: `/requests/${r.id}` } : null
      }
      default: {
        const resolve = deps.resolvers?.[type as SubjectType]
        return resolve ? resolve(tx, partnershipId, id) : null
      }
    }
  }

  async function outcomeNodes(tx: DbOrTx, partnershipId: string) {
    return new Map((await deps.strategy.findCurrentNodes(tx, partnershipId)).map((n) => [n.key, n]))
  }

  async function views(
    actor: Actor,
    partnershipId: string,
    rows: q.EscalationRow[],
  ): Promise<EscalationView[]> {
    const nodes = rows.some((r) => r.subjectType === 'outcome')
      ? await outcomeNodes(db, partnershipId)
      : undefined
    return Promise.all(
      rows.map(async (r) => ({
        ...r,
        subject: await describe(actor, db, partnershipId, r.subjectType, r.subjectId, nodes),
        statusLabel: escalationStatusLabels[r.status as EscalationStatus] ?? r.status,
      })),
    )
  }

  async function load(tx: DbOrTx, partnershipId: string, id: string) {
    const row = await q.findEscalation(tx, partnershipId, id)
    if (!row) throw notFound('Escalation')
    return row
  }

  function mustBeOpen(row: q.EscalationRow, doing: string) {
    if (row.status !== 'open')
      throw conflict(
        `“${row.title}” is ${escalationStatusLabels[row.status as EscalationStatus]?.toLowerCase() ?? row.status}: only an escalation awaiting a decision can be ${doing}.`,
      )
  }

  const service = {
    /** The escalation log: every escalation, or those of one status. */
    async list(
      actor: Actor,
      partnershipId: string,
      opts: {
        status?: string | undefined
        subjectType?: string | undefined
        subjectId?: string | undefined
      } = {},
    ) {
      authorize(escalationPolicy.read, actor, partnershipId)
      return views(actor, partnershipId, await q.listEscalations(db, partnershipId, opts))
    },

    async get(actor: Actor, partnershipId: string, id: string) {
      authorize(escalationPolicy.read, actor, partnershipId)
      const [view] = await views(actor, partnershipId, [await load(db, partnershipId, id)])
      return view!
    },

    /** What the board has still to decide (for a board member's home page). */
    awaitingDecision: (actor: Actor, partnershipId: string) =>
      service.list(actor, partnershipId, { status: 'open' }),

    /** Escalations about a target (for the target's page). */
    forTarget: (actor: Actor, partnershipId: string, targetId: string) =>
      service.list(actor, partnershipId, { subjectType: 'target', subjectId: targetId }),

    /** Escalations about an outcome, by its stable key (for the outcome's page). */
    forOutcome: (actor: Actor, partnershipId: string, outcomeKey: string) =>
      service.list(actor, partnershipId, { subjectType: 'outcome', subjectId: outcomeKey }),

    /** For another module (it has authorised), in its transaction: open escalations about a record. */
    openForSubject: (tx: DbOrTx, partnershipId: string, subjectId: string) =>
      q.openForSubject(tx, partnershipId, subjectId),

    /** What a subject is, for the escalation form (null: not one of the partnership's). */
    async subject(actor: Actor, partnershipId: string, type: SubjectType, id: string | null) {
      authorize(escalationPolicy.read, actor, partnershipId)
      return describe(actor, db, partnershipId, type, id)
    },

    /**
     * Escalate something to the board with a question. Other modules call it with their record
     * (`{ subjectType: 'risk', subjectId, title, question }`); the input is checked here too.
     */
    async escalate(actor: Actor, partnershipId: string, raw: EscalationInput | Record<string, unknown>) {
      authorize(escalationPolicy.raise, actor, partnershipId)
      const parsed = parseForm(escalationInput, raw)
      if (!parsed.ok) throw validationError(parsed.errors)
      const input = parsed.data
      if (input.subjectType === 'other') input.subjectId = null
      else if (!input.subjectId)
        throw validationError({ subjectId: 'Choose what is escalated from the list' })
      else if (
        (['target', 'outcome', 'request'].includes(input.subjectType) ||
          deps.resolvers?.[input.subjectType]) &&
        !(await describe(actor, db, partnershipId, input.subjectType, input.subjectId))
      )
        throw validationError({
          subjectId: 'Choose what is escalated from the list: that record is not one of this partnership’s',
        })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const same = await q.findOpenDuplicate(
          tx,
          partnershipId,
          input.subjectType,
          input.subjectId,
          input.title,
        )
        if (same)
          throw conflict(`“${same.title}” is already awaiting the board’s decision`, {
            title: 'An escalation with this title about the same thing is already awaiting a decision',
          })
        const row = await q.insertEscalation(tx, {
          partnershipId,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          title: input.title,
          question: input.question,
          raisedBy: actor.label,
          raisedByUserId: actor.userId,
          raisedAt: clock(),
          status: 'open',
        })
        return { result: row, audit: { entityType, entityId: row.id, action: 'create', after: row } }
      })
    },

    /** The board's decision: who recorded it and when, what it is, and the meeting's date if known. */
    decide: (actor: Actor, partnershipId: string, id: string, input: DecisionInput) =>
      mutate(db, actor, { partnershipId, rule: escalationPolicy.decide }, async (tx) => {
        const before = await load(tx, partnershipId, id)
        mustBeOpen(before, 'decided')
        if (input.decidedOn) {
          if (input.decidedOn > ukDate(clock()))
            throw validationError({ decidedOn: 'Meeting date must be today or in the past' })
          if (input.decidedOn < ukDate(before.raisedAt))
            throw validationError({
              decidedOn: `Meeting date must be on or after the day it was escalated (${ukDate(before.raisedAt)})`,
            })
        }
        const row = await q.updateEscalation(
          tx,
          id,
          {
            status: 'decided',
            decision: input.decision,
            decidedBy: actor.label,
            decidedByUserId: actor.userId,
            decidedAt: clock(),
            decidedOn: input.decidedOn,
          },
          clock(),
        )
        return { result: row, audit: { entityType, entityId: id, action: 'decide', before, after: row } }
      }),

    /** Withdraw an escalation still awaiting a decision: whoever raised it, or a performance officer. */
    withdraw: (actor: Actor, partnershipId: string, id: string) =>
      mutate(db, actor, { partnershipId, rule: escalationPolicy.withdraw }, async (tx) => {
        const before = await load(tx, partnershipId, id)
        if (!service.mayWithdraw(actor, partnershipId, { ...before, status: 'open' }))
          throw forbidden('Only whoever raised an escalation, or a performance officer, may withdraw it')
        mustBeOpen(before, 'withdrawn')
        const row = await q.updateEscalation(tx, id, { status: 'withdrawn' }, clock())
        return { result: row, audit: { entityType, entityId: id, action: 'withdraw', before, after: row } }
      }),

    /** Whether the actor may withdraw this escalation (the page shows the button only then). */
    mayWithdraw(
      actor: Actor,
      partnershipId: string,
      row: Pick<q.EscalationRow, 'raisedByUserId' | 'status'>,
    ) {
      if (row.status !== 'open') return false
      if (escalationPolicy.withdrawAny(actor, partnershipId)) return true
      return (
        escalationPolicy.withdraw(actor, partnershipId) &&
        !!actor.userId &&
        row.raisedByUserId === actor.userId
      )
    },
  }
  return service
}

export type EscalationsService = ReturnType<typeof createEscalationsService>

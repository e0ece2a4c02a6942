import type { Db } from '../../db/client.ts'
import { conflict, notFound, validationError } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import { formatPeriod, parsePeriod, tryParsePeriod } from '../../periods/index.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { findOrganisation, listOrganisations } from '../organisations/organisations.queries.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import { valuePolicy } from '../values/values.policy.ts'
import { valuesForPeriod } from '../values/values.queries.ts'
import { roundPolicy } from './rounds.policy.ts'
import * as q from './rounds.queries.ts'
import { createReminderUseCase } from './reminders.ts'
import {
  completeness,
  defaultWindow,
  itemKey,
  outstanding,
  periodsForYear,
  roundState,
  ukToday,
  type RoundState,
} from './rounds.rules.ts'
import type { ExceptionInput, GenerateYearInput, RoundWindowInput } from './rounds.schema.ts'

export interface RoundsDeps {
  outbox: OutboxService
  /** The current time; tests pass a fixed one. */
  clock?: () => Date
  /** Where people reach Goldthread (`BASE_URL`), for the links in reminders. */
  baseUrl?: string
}

export type RoundWithState = q.RoundRow & { state: RoundState }

/** Collection rounds: their windows, exceptions, what they expect and how complete they are. */
export function createRoundsService(db: Db, deps: RoundsDeps) {
  const today = () => ukToday((deps.clock ?? (() => new Date()))())
  const withState = (r: q.RoundRow, day = today()): RoundWithState => ({ ...r, state: roundState(r, day) })

  async function get(actor: Actor, partnershipId: string, id: string) {
    authorize(roundPolicy.read, actor, partnershipId)
    const row = isUuid(id) ? await q.findRound(db, partnershipId, id) : undefined
    if (!row) throw notFound('Collection round')
    return withState(row)
  }

  /**
   * Every value the round expects, with the value entered for it (if any). Items of indicators
   * nobody is responsible for have a null organisation.
   */
  async function items(partnershipId: string, period: string) {
    const [expected, values] = await Promise.all([
      q.expectedForPeriod(db, partnershipId, period),
      valuesForPeriod(db, partnershipId, period),
    ])
    const byKey = new Map(values.map((v) => [itemKey(v), v]))
    return {
      expected,
      values,
      rows: expected.map((e) => ({ ...e, value: byKey.get(itemKey(e)) ?? null })),
    }
  }

  async function orgNames(partnershipId: string) {
    const orgs = await listOrganisations(db, partnershipId, { includeArchived: true })
    return new Map(orgs.map((o) => [o.id, o.name]))
  }

  return {
    today,
    items,

    async list(actor: Actor, partnershipId: string) {
      authorize(roundPolicy.read, actor, partnershipId)
      const day = today()
      return (await q.listRounds(db, partnershipId)).map((r) => withState(r, day))
    },

    get,

    /** Add one round for a period, with its window (default: opens the day after the period ends). */
    async create(actor: Actor, partnershipId: string, input: RoundWindowInput & { period: string }) {
      authorize(roundPolicy.manage, actor, partnershipId)
      const parsed = tryParsePeriod(input.period)
      if (!parsed.ok) throw validationError({ period: parsed.error })
      const period = formatPeriod(parsed.period)
      return db.transaction(async (tx) => {
        if (await q.findRoundByPeriod(tx, partnershipId, period))
          throw validationError({ period: `There is already a round for ${period}` })
        const [row] = await q.insertRounds(tx, [
          {
            partnershipId,
            period,
            periodType: parsed.period.type,
            opensOn: input.opensOn,
            dueOn: input.dueOn,
          },
        ])
        await audit(tx, actor, {
          partnershipId,
          entityType: 'collection_round',
          entityId: row!.id,
          action: 'create',
          after: row,
        })
        return withState(row!)
      })
    },

    /**
     * Create the rounds of a financial year from the frequencies of the indicators that have
     * targets: 4 quarterly rounds, 12 monthly, 1 annual, as needed. Rounds that exist are kept.
     */
    async generateYear(actor: Actor, partnershipId: string, input: GenerateYearInput) {
      authorize(roundPolicy.manage, actor, partnershipId)
      const parsed = tryParsePeriod(input.year)
      if (!parsed.ok || parsed.period.type !== 'year')
        throw validationError({ year: 'Enter the financial year, like 2008/09' })
      const year = parsed.period.year
      return db.transaction(async (tx) => {
        const periods = periodsForYear(year, await q.targetFrequencies(tx, partnershipId, year))
        if (periods.length === 0)
          throw validationError({
            year: `No targets ask for values in ${formatPeriod(parsed.period)}: add targets whose indicators have a frequency first`,
          })
        const existing = new Set((await q.listRounds(tx, partnershipId)).map((r) => r.period))
        const rows = await q.insertRounds(
          tx,
          periods
            .filter((p) => !existing.has(p))
            .map((p) => ({
              partnershipId,
              period: p,
              periodType: parsePeriod(p).type,
              ...defaultWindow(p, input.dueWeeks),
            })),
        )
        if (rows.length)
          await audit(
            tx,
            actor,
            rows.map((r) => ({
              partnershipId,
              entityType: 'collection_round',
              entityId: r.id,
              action: 'create',
              after: r,
            })),
          )
        return { created: rows.map((r) => withState(r)), skipped: periods.length - rows.length }
      })
    },

    async updateWindow(actor: Actor, partnershipId: string, id: string, input: RoundWindowInput) {
      authorize(roundPolicy.manage, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      return db.transaction(async (tx) => {
        const row = await q.updateRound(tx, id, { opensOn: input.opensOn, dueOn: input.dueOn })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'collection_round',
          entityId: id,
          action: 'update',
          before,
          after: row,
        })
        return withState(row)
      })
    },

    async exceptions(actor: Actor, partnershipId: string, roundId: string) {
      await get(actor, partnershipId, roundId)
      const day = today()
      return (await q.listExceptions(db, roundId)).map((r) => ({
        ...r.exception,
        organisation: r.organisation,
        active: !r.exception.revokedAt && r.exception.grantedUntil >= day,
      }))
    },

    /** Let one organisation enter values late in a round, until a date, for a reason. */
    async grantException(actor: Actor, partnershipId: string, roundId: string, input: ExceptionInput) {
      authorize(roundPolicy.manage, actor, partnershipId)
      const round = await get(actor, partnershipId, roundId)
      const org = await findOrganisation(db, partnershipId, input.organisationId)
      if (!org || org.archivedAt)
        throw validationError({ organisationId: 'Choose the organisation from the list' })
      if (input.grantedUntil < round.dueOn)
        throw validationError({ grantedUntil: `The exception must run past the due date, ${round.dueOn}` })
      return db.transaction(async (tx) => {
        const row = await q.insertException(tx, {
          roundId,
          organisationId: org.id,
          grantedUntil: input.grantedUntil,
          reason: input.reason,
          grantedByUserId: actor.userId,
        })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'round_exception',
          entityId: row.id,
          action: 'create',
          after: { ...row, organisation: org.name, period: round.period },
        })
        return row
      })
    },

    async revokeException(actor: Actor, partnershipId: string, roundId: string, exceptionId: string) {
      authorize(roundPolicy.manage, actor, partnershipId)
      await get(actor, partnershipId, roundId)
      const before = isUuid(exceptionId) ? await q.findException(db, roundId, exceptionId) : undefined
      if (!before) throw notFound('Exception')
      if (before.revokedAt) throw conflict('This exception was already withdrawn')
      return db.transaction(async (tx) => {
        const row = await q.revokeException(tx, exceptionId)
        await audit(tx, actor, {
          partnershipId,
          entityType: 'round_exception',
          entityId: exceptionId,
          action: 'revoke',
          before,
          after: row,
        })
        return row
      })
    },

    /**
     * Completeness and timeliness per organisation, and (once the round has closed) the overdue
     * list: every expected value not yet submitted or approved.
     */
    async completeness(actor: Actor, partnershipId: string, roundId: string) {
      const round = await get(actor, partnershipId, roundId)
      const [{ expected, values }, names] = await Promise.all([
        items(partnershipId, round.period),
        orgNames(partnershipId),
      ])
      const name = (id: string | null) =>
        id ? (names.get(id) ?? 'Unknown organisation') : 'No responsible organisation'
      const rows = completeness(expected, values)
        .map((r) => ({ ...r, organisation: name(r.organisationId) }))
        .sort((a, b) => a.organisation.localeCompare(b.organisation))
      const totals = rows.reduce(
        (t, r) => {
          for (const k of [
            'expected',
            'entered',
            'submitted',
            'approved',
            'returned',
            'late',
            'missing',
          ] as const)
            t[k] += r[k]
          return t
        },
        { expected: 0, entered: 0, submitted: 0, approved: 0, returned: 0, late: 0, missing: 0 },
      )
      const owed = outstanding(expected, values).map((o) => ({
        ...o,
        organisation: name(o.organisationId),
        valueId: values.find((v) => v.indicatorId === o.indicatorId && v.placeId === o.placeId)?.id ?? null,
      }))
      const byKey = new Map(values.map((v) => [itemKey(v), v]))
      const awaitingApproval = expected.flatMap((e) => {
        const v = byKey.get(itemKey(e))
        return v?.status === 'submitted'
          ? [
              {
                ...e,
                status: v.status,
                late: v.late,
                value: v.value,
                commentary: v.commentary,
                organisation: name(e.organisationId),
                valueId: v.id,
              },
            ]
          : []
      })
      return {
        round,
        rows,
        totals,
        outstanding: owed,
        overdue: round.state === 'closed' ? owed : [],
        awaitingApproval,
      }
    },

    /**
     * "My returns": what the actor's organisation owes in rounds open today or in which it has an
     * exception. Managers see every organisation's, or one organisation's when asked.
     */
    async returns(actor: Actor, partnershipId: string, opts: { organisationId?: string | null } = {}) {
      authorize(valuePolicy.enterSome, actor, partnershipId)
      const isManager = roundPolicy.manage(actor, partnershipId)
      const own = actor.organisations?.get(partnershipId) ?? null
      const organisationId = isManager ? (opts.organisationId ?? null) : own
      if (!isManager && !organisationId) return { organisationId: null, rounds: [] }
      const day = today()
      const all = (await q.listRounds(db, partnershipId)).map((r) => withState(r, day))
      const excepted = await q.roundsWithActiveExceptions(db, partnershipId, organisationId, day)
      const exceptionFor = new Map(excepted.map((e) => [e.round.id, e.exception]))
      const rounds = all.filter((r) => r.state === 'open' || exceptionFor.has(r.id))
      const out = []
      for (const round of rounds) {
        const { rows } = await items(partnershipId, round.period)
        const mine = rows.filter((r) => !organisationId || r.organisationId === organisationId)
        if (mine.length === 0) continue
        out.push({ round, exception: exceptionFor.get(round.id) ?? null, items: mine })
      }
      return { organisationId, rounds: out }
    },

    ...createReminderUseCase(db, { outbox: deps.outbox, items, baseUrl: deps.baseUrl ?? '' }),
  }
}

export type RoundsService = ReturnType<typeof createRoundsService>

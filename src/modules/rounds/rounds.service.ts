import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { isUuid } from '../../lib/fields.ts'
import { formatPeriod, parsePeriod, tryParsePeriod } from '../../periods/index.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import { valuePolicy } from '../values/values.policy.ts'
import { roundPolicy } from './rounds.policy.ts'
import * as q from './rounds.queries.ts'
import { createReminderUseCase } from './rounds.reminders.ts'
import {
  completeness,
  defaultWindow,
  itemKey,
  outstanding,
  periodsForYear,
  roundState,
  type RoundState,
} from './rounds.rules.ts'
import type { ExceptionInput, GenerateYearInput, RoundWindowInput } from './rounds.schema.ts'

export interface RoundsDeps {
  outbox: OutboxService
  organisations: OrganisationsService
  clock: Clock
  /** Where people reach Goldthread (`BASE_URL`), for the links in reminders. */
  baseUrl?: string
}

export type RoundRow = q.RoundRow
export type ExceptionRow = q.ExceptionRow
export type ExpectedRow = q.ExpectedRow
export type RoundWithState = RoundRow & { state: RoundState }

/** The round of a period as a provider entering a value meets it, on a day. */
export interface WindowInfo {
  round: RoundRow | null
  state: RoundState | null
  /** Exception letting the organisation enter late, if it has one running. */
  exception: ExceptionRow | null
}

const entityType = 'collection_round'

/** Collection rounds: their windows, exceptions, what they expect and how complete they are. */
export function createRoundsService(db: Db, deps: RoundsDeps) {
  const today = () => ukDate(deps.clock())
  const withState = (r: RoundRow, day = today()): RoundWithState => ({ ...r, state: roundState(r, day) })

  /** The partnership's round, or 404 (a malformed id is simply not found). */
  async function load(tx: DbOrTx, partnershipId: string, id: string) {
    const row = isUuid(id) ? await q.findRound(tx, partnershipId, id) : undefined
    if (!row) throw notFound('Collection round')
    return row
  }

  async function get(actor: Actor, partnershipId: string, id: string) {
    authorize(roundPolicy.read, actor, partnershipId)
    return withState(await load(db, partnershipId, id))
  }

  /**
   * Every value the round expects, with the value entered for it (if any). Items of indicators
   * nobody is responsible for have a null organisation.
   */
  async function items(partnershipId: string, period: string, at?: Date) {
    const [expected, values] = await Promise.all([
      q.expectedForPeriod(db, partnershipId, period),
      at ? q.valuesForPeriodAt(db, partnershipId, period, at) : q.valuesForPeriod(db, partnershipId, period),
    ])
    const byKey = new Map(values.map((v) => [itemKey(v), v]))
    return {
      expected,
      values,
      rows: expected.map((e) => ({ ...e, value: byKey.get(itemKey(e)) ?? null })),
    }
  }

  async function orgNames(partnershipId: string) {
    const orgs = await deps.organisations.findAll(db, partnershipId, { includeArchived: true })
    return new Map(orgs.map((o) => [o.id, o.name]))
  }

  return {
    today,
    items,

    /**
     * For the values module, inside its use-case (it has authorised): the values the
     * partnership's targets ask for in a period.
     */
    expected: (tx: DbOrTx, partnershipId: string, period: string) =>
      q.expectedForPeriod(tx, partnershipId, period),

    /**
     * For the values module (it has authorised): the round of `period` on `day`, its state, and
     * the exception letting `organisationId` enter late once it has closed.
     */
    async window(
      tx: DbOrTx,
      partnershipId: string,
      period: string,
      organisationId: string | null,
      day: string,
    ): Promise<WindowInfo> {
      const round = (await q.findRoundByPeriod(tx, partnershipId, period)) ?? null
      if (!round) return { round: null, state: null, exception: null }
      const state = roundState(round, day)
      const exception =
        state === 'closed' && organisationId
          ? ((await q.activeException(tx, round.id, organisationId, day)) ?? null)
          : null
      return { round, state, exception }
    },

    /** For the values module (it has authorised): who makes an organisation's returns, to tell them. */
    providerEmails: (tx: DbOrTx, partnershipId: string, organisationId: string) =>
      q.providerEmails(tx, partnershipId, organisationId),

    /**
     * For the values module's load of a history of returns, inside its transaction (it has
     * authorised): record an exception as it was granted then. No checks; the load is audited.
     */
    recordException: (tx: DbOrTx, exception: q.ExceptionInsert) => q.insertException(tx, exception),

    async list(actor: Actor, partnershipId: string) {
      authorize(roundPolicy.read, actor, partnershipId)
      const day = today()
      return (await q.listRounds(db, partnershipId)).map((r) => withState(r, day))
    },

    get,

    /** Add one round for a period, with its window (default: opens the day after the period ends). */
    create: (actor: Actor, partnershipId: string, input: RoundWindowInput & { period: string }) =>
      mutate(db, actor, { partnershipId, rule: roundPolicy.manage }, async (tx) => {
        const parsed = tryParsePeriod(input.period)
        if (!parsed.ok) throw validationError({ period: parsed.error })
        const period = formatPeriod(parsed.period)
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
        return {
          result: withState(row!),
          audit: { entityType, entityId: row!.id, action: 'create', after: row },
        }
      }),

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
              entityType,
              entityId: r.id,
              action: 'create',
              after: r,
            })),
          )
        return { created: rows.map((r) => withState(r)), skipped: periods.length - rows.length }
      })
    },

    updateWindow: (actor: Actor, partnershipId: string, id: string, input: RoundWindowInput) =>
      mutate(db, actor, { partnershipId, rule: roundPolicy.manage }, async (tx) => {
        const before = withState(await load(tx, partnershipId, id))
        const row = await q.updateRound(tx, id, {
          opensOn: input.opensOn,
          dueOn: input.dueOn,
          updatedAt: deps.clock(),
        })
        return {
          result: withState(row),
          audit: { entityType, entityId: id, action: 'update', before, after: row },
        }
      }),

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
    grantException: (actor: Actor, partnershipId: string, roundId: string, input: ExceptionInput) =>
      mutate(db, actor, { partnershipId, rule: roundPolicy.manage }, async (tx) => {
        const round = await load(tx, partnershipId, roundId)
        const org = await deps.organisations.find(tx, partnershipId, input.organisationId)
        if (!org || org.archivedAt)
          throw validationError({ organisationId: 'Choose the organisation from the list' })
        if (input.grantedUntil < round.dueOn)
          throw validationError({ grantedUntil: `The exception must run past the due date, ${round.dueOn}` })
        const row = await q.insertException(tx, {
          roundId,
          organisationId: org.id,
          grantedUntil: input.grantedUntil,
          reason: input.reason,
          grantedByUserId: actor.userId,
        })
        return {
          result: row,
          audit: {
            entityType: 'round_exception',
            entityId: row.id,
            action: 'create',
            after: { ...row, organisation: org.name, period: round.period },
          },
        }
      }),

    revokeException: (actor: Actor, partnershipId: string, roundId: string, exceptionId: string) =>
      mutate(db, actor, { partnershipId, rule: roundPolicy.manage }, async (tx) => {
        await load(tx, partnershipId, roundId)
        const before = isUuid(exceptionId) ? await q.findException(tx, roundId, exceptionId) : undefined
        if (!before) throw notFound('Exception')
        if (before.revokedAt) throw conflict('This exception was already withdrawn')
        const row = await q.revokeException(tx, exceptionId, deps.clock())
        return {
          result: row,
          audit: {
            entityType: 'round_exception',
            entityId: exceptionId,
            action: 'revoke',
            before,
            after: row,
          },
        }
      }),

    /**
     * Completeness and timeliness per organisation, and (once the round has closed) the overdue
     * list: every expected value not yet submitted or approved (as at `at`, when given).
     */
    async completeness(actor: Actor, partnershipId: string, roundId: string, opts: { at?: Date } = {}) {
      const now = await get(actor, partnershipId, roundId)
      // As at a moment (reports): the round's state on that day and each value as it stood then.
      const round = opts.at ? withState(now, ukDate(opts.at)) : now
      const [{ expected, values }, names] = await Promise.all([
        items(partnershipId, round.period, opts.at),
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

    ...createReminderUseCase(db, {
      outbox: deps.outbox,
      organisations: deps.organisations,
      clock: deps.clock,
      items,
      baseUrl: deps.baseUrl ?? '',
    }),
  }
}

export type RoundsService = ReturnType<typeof createRoundsService>

import crypto from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { isUuid } from '../../lib/fields.ts'
import { comparePeriods, financialYearOf, yearLabel } from '../../periods/index.ts'
import { mutate } from '../audit/mutation.ts'
import { systemActor, type Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import { commentaryPolicy } from './commentary.policy.ts'
import * as q from './commentary.queries.ts'
import type { CommentaryInput, ProgressInput } from './commentary.schema.ts'

export type { CommentaryRow, ProgressRow, RequestWithNames, TargetInfo } from './commentary.queries.ts'

export interface CommentaryDeps {
  clock: Clock
  /** The outcomes a target serves (by key). */
  targets: Pick<TargetsService, 'findOutcomeKeys'>
  /** Who leads each outcome, and which people records are a signed-in user's. */
  directory: Pick<DirectoryService, 'list' | 'findPeopleOfUser'>
  /** The current strategy's outcomes and sub-outcomes. */
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  outbox: OutboxService
  /** Where people reach Goldthread (`BASE_URL`), for the links in messages. */
  baseUrl?: string
}

/** Days an outcome lead has to write commentary once asked. */
export const COMMENTARY_DAYS = 14
/** A request is asked for when its round closed no more than this many days ago (older rounds: by hand). */
export const REQUEST_WINDOW_DAYS = 14
/** Reminders of an open request: a week apart, at most three. */
export const REMINDER_EVERY_DAYS = 7
export const MAX_REMINDERS = 3

const DAY = 86_400_000
const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? null) === (b ?? null)

/** How a target is named to people: `NI 135 Carers receiving needs assessment (Leicestershire)`. */
export const targetLabel = (t: Pick<q.TargetInfo, 'code' | 'title' | 'placeName'>) =>
  `${t.code} ${t.title}${t.placeName ? ` (${t.placeName})` : ''}`

export type RequestStatus = 'open' | 'overdue' | 'fulfilled'
export const requestStatus = (r: q.RequestRow, today: string): RequestStatus =>
  r.fulfilledAt ? 'fulfilled' : r.dueOn && r.dueOn < today ? 'overdue' : 'open'

interface Lead {
  personId: string
  name: string
  email: string | null
}

/**
 * Write (or change) one target's commentary for a period inside the caller's transaction (it has
 * authorised): a change supersedes the current row; the same text changes nothing. Fulfils the
 * requests for it either way. Module-internal: the service and the Commentary sheet.
 */
export async function writeCommentaryIn(
  tx: DbOrTx,
  now: Date,
  actor: Actor,
  t: Pick<q.TargetInfo, 'id' | 'partnershipId'>,
  input: CommentaryInput,
) {
  const before = await q.currentCommentary(tx, t.id, input.period)
  await q.fulfilRequests(tx, t.id, input.period, now)
  if (
    before &&
    before.commentary === input.commentary &&
    same(before.actions, input.actions) &&
    same(before.supportNeeded, input.supportNeeded)
  )
    return { row: before, changed: false as const }
  if (before) await q.supersedeCommentary(tx, before.id, now)
  const row = await q.insertCommentary(tx, {
    partnershipId: t.partnershipId,
    targetId: t.id,
    period: input.period,
    commentary: input.commentary,
    actions: input.actions ?? null,
    supportNeeded: input.supportNeeded ?? null,
    authorUserId: actor.userId,
    authorLabel: actor.label,
    recordedAt: now,
  })
  return { row, before, changed: true as const }
}

/**
 * Commentary each period: for every target, the lead officer's account (what is happening, what is
 * being done, what support is needed), and outcome leads' progress and gaps for their outcomes
 * and sub-outcomes (003 §11). Both are versioned. When a collection round closes, commentary is
 * asked of each target's outcome lead through the outbox, with reminders; writing it fulfils
 * the request.
 */
export function createCommentaryService(db: Db, deps: CommentaryDeps) {
  const today = () => ukDate(deps.clock())
  const reader = systemActor('commentary')
  const baseUrl = deps.baseUrl ?? ''

  /** The outcome lead (a person) of each outcome and sub-outcome of the current strategy, by key. */
  async function leadsByKey(partnershipId: string) {
    const out = new Map<string, Lead>()
    if ((await deps.strategy.findCurrentNodes(db, partnershipId)).length === 0) return out
    const { rows } = await deps.directory.list(reader, partnershipId)
    for (const r of rows) {
      const lead = r.roles.outcome_lead
      if (lead?.type === 'person') out.set(r.key, { personId: lead.id, name: lead.name, email: lead.email })
    }
    return out
  }

  /** The people records of the signed-in user here. */
  async function mine(actor: Actor, partnershipId: string): Promise<string[]> {
    if (!actor.userId) return []
    return deps.directory.findPeopleOfUser(db, partnershipId, actor.userId)
  }

  /** The outcome leads of a target: of each outcome it serves. */
  async function leadsOfTargets(partnershipId: string, targetIds: string[]) {
    const [keys, leads] = await Promise.all([
      deps.targets.findOutcomeKeys(db, targetIds),
      leadsByKey(partnershipId),
    ])
    return new Map(
      targetIds.map((id) => {
        const found = new Map<string, Lead>()
        for (const k of keys.get(id) ?? []) {
          const lead = leads.get(k)
          if (lead) found.set(lead.personId, lead)
        }
        return [id, [...found.values()]]
      }),
    )
  }

  async function mayWriteTarget(actor: Actor, partnershipId: string, targetId: string) {
    if (manager(actor, partnershipId)) return true
    if (!commentaryPolicy.write(actor, partnershipId)) return false
    const [people, leads] = await Promise.all([
      mine(actor, partnershipId),
      leadsOfTargets(partnershipId, [targetId]),
    ])
    return (leads.get(targetId) ?? []).some((l) => people.includes(l.personId))
  }

  async function mayWriteOutcome(actor: Actor, partnershipId: string, outcomeKey: string) {
    if (manager(actor, partnershipId)) return true
    if (!commentaryPolicy.write(actor, partnershipId)) return false
    const [people, leads] = await Promise.all([mine(actor, partnershipId), leadsByKey(partnershipId)])
    const lead = leads.get(outcomeKey)
    return !!lead && people.includes(lead.personId)
  }

  async function loadTarget(tx: DbOrTx, partnershipId: string, id: string) {
    const t = isUuid(id) ? await q.findTarget(tx, partnershipId, id) : undefined
    if (!t) throw notFound('Target')
    return t
  }

  /** The outcomes and sub-outcomes of the current strategy (no themes), by key. */
  async function outcomes(partnershipId: string) {
    const nodes = await deps.strategy.findCurrentNodes(db, partnershipId)
    return new Map(nodes.filter((n) => n.kind !== 'theme').map((n) => [n.key, n]))
  }

  const byPeriodDesc = <T extends { period: string }>(rows: T[]) =>
    [...rows].sort((a, b) => comparePeriods(b.period, a.period))

  function checkPeriod(t: q.TargetInfo, period: string) {
    const year = financialYearOf(period).year
    if (year < t.startYear || year > t.endYear)
      throw validationError({
        period: `${period} is outside ${t.agreementName} (${yearLabel(t.startYear)} to ${yearLabel(t.endYear)})`,
      })
  }

  async function ownPlaceGss(tx: DbOrTx, partnershipId: string, t: q.TargetInfo) {
    return t.placeGss ?? (await q.areaOf(tx, partnershipId))?.gss ?? null
  }

  const writeCommentary = (tx: DbOrTx, actor: Actor, t: q.TargetInfo, input: CommentaryInput) =>
    writeCommentaryIn(tx, deps.clock(), actor, t, input)

  /**
   * Who is asked for a round's commentary: its year's targets and their outcome leads. Read before
   * the transaction opens (an embedded database serves one statement at a time).
   */
  async function planRequests(partnershipId: string, round: q.RoundInfo) {
    const year = financialYearOf(round.period).year
    const list = (await q.liveTargets(db, partnershipId)).filter(
      (t) => t.startYear <= year && t.endYear >= year,
    )
    const leads = await leadsOfTargets(
      partnershipId,
      list.map((t) => t.id),
    )
    return { list, leads }
  }

  /** Ask for the commentary of one round, inside a transaction; the requests added and messages recorded. */
  async function requestIn(
    tx: DbOrTx,
    partnership: { id: string; slug: string; name: string },
    round: q.RoundInfo,
    requestedAt: Date,
    { list, leads }: Awaited<ReturnType<typeof planRequests>>,
  ) {
    const dueOn = addDays(ukDate(requestedAt), COMMENTARY_DAYS)
    const added = await q.insertRequests(
      tx,
      list.flatMap((t) =>
        (leads.get(t.id) ?? []).map((l) => ({
          partnershipId: partnership.id,
          roundId: round.id,
          targetId: t.id,
          personId: l.personId,
          requestedAt,
          dueOn,
        })),
      ),
    )
    const byId = new Map(list.map((t) => [t.id, t]))
    const perPerson = new Map<string, { lead: Lead; targets: q.TargetInfo[] }>()
    for (const r of added) {
      const lead = (leads.get(r.targetId) ?? []).find((l) => l.personId === r.personId)!
      const entry = perPerson.get(r.personId) ?? { lead, targets: [] }
      entry.targets.push(byId.get(r.targetId)!)
      perPerson.set(r.personId, entry)
    }
    let messages = 0
    const base = `${baseUrl}/p/${partnership.slug}`
    for (const { lead, targets } of perPerson.values()) {
      if (!lead.email) continue
      const lines = targets.map(
        (t) =>
          `- ${targetLabel(t)}\n  ${base}/commentary/targets/${t.id}?period=${encodeURIComponent(round.period)}`,
      )
      const recorded = await deps.outbox.recordIn(tx, {
        partnershipId: partnership.id,
        kind: 'commentary-request',
        dedupeKey: `commentary-request:${round.id}:${lead.personId}`,
        to: [lead.email],
        subject: `Commentary for ${round.period}: ${plural(targets.length, 'target')} for ${partnership.name}`,
        body: [
          `Dear ${lead.name},`,
          ``,
          `The ${round.period} collection round for ${partnership.name} has closed. As outcome lead, please write the commentary for ${targets.length === 1 ? 'this target' : 'these targets'} by ${dueOn}: what is happening, what is being done, and what support is needed.`,
          ``,
          ...lines,
          ``,
          `Everything asked of you is under "Commentary asked of me": ${base}/commentary/asked`,
          ``,
          `${partnership.name} performance team`,
        ].join('\n'),
        roundId: round.id,
      })
      if (recorded) messages++
    }
    return { requests: added.length, people: perPerson.size, messages }
  }

  return {
    today,
    mayWriteTarget,
    mayWriteOutcome,

    /** One target of the partnership with its indicator, place and agreement (404 otherwise). */
    async target(actor: Actor, partnershipId: string, id: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const t = await loadTarget(db, partnershipId, id)
      return { ...t, placeGss: await ownPlaceGss(db, partnershipId, t) }
    },

    /** The partnership's live targets (for the index), each with its current commentary for a period. */
    async overview(actor: Actor, partnershipId: string, period: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const year = financialYearOf(period).year
      const list = (await q.liveTargets(db, partnershipId)).filter(
        (t) => t.startYear <= year && t.endYear >= year,
      )
      const rows = await q.commentariesAt(db, partnershipId, { period })
      const byTarget = new Map(rows.map((r) => [r.targetId, r]))
      return list.map((t) => ({ target: t, commentary: byTarget.get(t.id) ?? null }))
    },

    /** The periods with a round or a commentary, newest first (to choose from). */
    async periods(actor: Actor, partnershipId: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const [rounds, rows] = await Promise.all([
        q.listRounds(db, partnershipId),
        q.commentariesAt(db, partnershipId, {}),
      ])
      const day = today()
      const set = new Set([
        ...rounds.filter((r) => r.opensOn <= day).map((r) => r.period),
        ...rows.map((r) => r.period),
      ])
      return [...set].sort((a, b) => comparePeriods(b, a))
    },

    /** Every period's commentary of a target as it stands (or stood at `at`), newest period first. */
    async forTarget(actor: Actor, partnershipId: string, targetId: string, opts: { at?: Date } = {}) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      await loadTarget(db, partnershipId, targetId)
      return byPeriodDesc(await q.commentariesAt(db, partnershipId, { targetIds: [targetId], at: opts.at }))
    },

    /** The target's commentary for its latest period with one (as at `at`), or null: the target page's panel. */
    async latestForTarget(actor: Actor, partnershipId: string, targetId: string, opts: { at?: Date } = {}) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      await loadTarget(db, partnershipId, targetId)
      const rows = byPeriodDesc(
        await q.commentariesAt(db, partnershipId, { targetIds: [targetId], at: opts.at }),
      )
      return rows[0] ?? null
    },

    /**
     * For reports (they have authorised and chosen the targets): the commentary of these targets
     * valid at `at` (current without), of one period or every period, newest period first.
     */
    findForTargets: async (
      tx: DbOrTx,
      partnershipId: string,
      targetIds: string[],
      opts: { at?: Date; period?: string } = {},
    ) => byPeriodDesc(await q.commentariesAt(tx, partnershipId, { targetIds, ...opts })),

    /** Commentary across the partnership (filtered by target and period), as it stands or stood at `at`. */
    async list(
      actor: Actor,
      partnershipId: string,
      opts: { targetId?: string; period?: string; at?: Date } = {},
    ) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const rows = byPeriodDesc(
        await q.commentariesAt(db, partnershipId, {
          ...(opts.targetId ? { targetIds: [opts.targetId] } : {}),
          period: opts.period,
          at: opts.at,
        }),
      )
      const targets = new Map(
        (await q.liveTargets(db, partnershipId, [...new Set(rows.map((r) => r.targetId))])).map((t) => [
          t.id,
          t,
        ]),
      )
      const area = await q.areaOf(db, partnershipId)
      return rows.map((r) => {
        const t = targets.get(r.targetId)
        return { ...r, indicatorCode: t?.code ?? '', placeGss: t ? (t.placeGss ?? area?.gss ?? null) : null }
      })
    },

    /** Every version of a target's commentary for a period, newest first. */
    async history(actor: Actor, partnershipId: string, targetId: string, period: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      await loadTarget(db, partnershipId, targetId)
      return q.commentaryHistory(db, targetId, period)
    },

    /**
     * Write a target's commentary for a period: a change supersedes the current row (its history
     * stays); the same text again changes nothing. Fulfils the requests for it.
     */
    async record(actor: Actor, partnershipId: string, targetId: string, input: CommentaryInput) {
      authorize(commentaryPolicy.write, actor, partnershipId)
      const t = isUuid(targetId) ? await q.findTarget(db, partnershipId, targetId) : undefined
      if (!t) throw validationError({ targetId: 'Choose a target of this partnership' })
      checkPeriod(t, input.period)
      if (!(await mayWriteTarget(actor, partnershipId, t.id)))
        throw forbidden(
          `Only the outcome lead of ${t.code}, performance officers and administrators may write its commentary`,
        )
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const w = await writeCommentary(tx, actor, t, input)
        return {
          result: w.row,
          audit: w.changed
            ? {
                entityType: 'commentary',
                entityId: w.row.id,
                action: w.before ? 'update' : 'create',
                before: w.before ?? null,
                after: { ...w.row, indicatorCode: t.code },
              }
            : null,
        }
      })
    },

    /** For the Commentary sheet, inside the import's transaction (it has authorised). */
    writeIn: (tx: DbOrTx, actor: Actor, t: q.TargetInfo, input: CommentaryInput) =>
      writeCommentary(tx, actor, t, input),

    // ---- Outcome progress ----

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

    // ---- Requests ----

    /** Requests of the partnership (of one round), with the target each is about. */
    async requests(actor: Actor, partnershipId: string, opts: { roundId?: string; mine?: boolean } = {}) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const personIds = opts.mine ? await mine(actor, partnershipId) : undefined
      const rows = await q.listRequests(db, partnershipId, {
        ...(opts.roundId ? { roundId: opts.roundId } : {}),
        ...(personIds ? { personIds } : {}),
      })
      const targets = new Map(
        (await q.liveTargets(db, partnershipId, [...new Set(rows.map((r) => r.request.targetId))])).map(
          (t) => [t.id, t],
        ),
      )
      const day = today()
      return rows.map((r) => ({
        ...r,
        target: targets.get(r.request.targetId) ?? null,
        status: requestStatus(r.request, day),
      }))
    },

    /** "Commentary asked of me": the signed-in user's requests not yet fulfilled. */
    async askedOf(actor: Actor, partnershipId: string) {
      authorize(commentaryPolicy.read, actor, partnershipId)
      const personIds = await mine(actor, partnershipId)
      const rows = await q.listRequests(db, partnershipId, { personIds, open: true })
      const targets = new Map(
        (await q.liveTargets(db, partnershipId, [...new Set(rows.map((r) => r.request.targetId))])).map(
          (t) => [t.id, t],
        ),
      )
      const day = today()
      return rows
        .filter((r) => targets.has(r.request.targetId))
        .map((r) => ({
          ...r,
          target: targets.get(r.request.targetId)!,
          status: requestStatus(r.request, day),
        }))
    },

    /** Rounds that have closed, newest first (a manager asks for their commentary). */
    async closedRounds(actor: Actor, partnershipId: string) {
      authorize(commentaryPolicy.manage, actor, partnershipId)
      const day = today()
      return (await q.listRounds(db, partnershipId)).filter((r) => r.dueOn < day)
    },

    /**
     * Ask each target's outcome lead for the commentary of a closed round: one request per target
     * and lead (asking again adds only what is missing) and one message per lead through the
     * outbox. The rounds' closing run calls it as the system; a manager may call it for any
     * closed round.
     */
    async requestForRound(actor: Actor, partnershipId: string, roundId: string) {
      authorize(commentaryPolicy.manage, actor, partnershipId)
      const round = isUuid(roundId) ? await q.findRound(db, partnershipId, roundId) : undefined
      if (!round) throw validationError({ roundId: 'Choose a collection round of this partnership' })
      if (round.dueOn >= today())
        throw validationError({
          roundId: `The ${round.period} round closes after ${round.dueOn}: commentary is asked for once it has closed`,
        })
      const partnership = (await q.partnershipRow(db, partnershipId))!
      const plan = await planRequests(partnershipId, round)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const result = await requestIn(tx, partnership, round, deps.clock(), plan)
        return {
          result: { ...result, period: round.period },
          audit: result.requests
            ? {
                entityType: 'commentary_request',
                entityId: round.id,
                action: 'request',
                after: { period: round.period, ...result },
              }
            : null,
        }
      })
    },

    /**
     * The hourly run (and the CLI's `reminders send`): ask for the commentary of rounds that
     * closed in the last fortnight, and remind outcome leads of requests still open a week on
     * (weekly, at most three times). A repeated run sends nothing twice.
     */
    async sendDue(now: Date = deps.clock(), opts: { partnershipId?: string } = {}) {
      const day = ukDate(now)
      let requested = 0
      let reminded = 0
      const system = systemActor('commentary requests')
      for (const { round, partnership } of await q.roundsClosedBetween(
        db,
        addDays(day, -REQUEST_WINDOW_DAYS),
        day,
        opts.partnershipId,
      )) {
        const plan = await planRequests(partnership.id, round)
        const r = await mutate(db, system, { partnershipId: partnership.id }, async (tx) => {
          const result = await requestIn(tx, partnership, round, now, plan)
          return {
            result,
            audit: result.requests
              ? {
                  entityType: 'commentary_request',
                  entityId: round.id,
                  action: 'request',
                  after: { period: round.period, ...result },
                }
              : null,
          }
        })
        requested += r.messages
      }
      const open = await q.openRequestsBefore(
        db,
        new Date(now.getTime() - REMINDER_EVERY_DAYS * DAY),
        opts.partnershipId,
      )
      const due = open.filter(
        (r) =>
          r.request.reminders < MAX_REMINDERS &&
          (!r.request.lastRemindedAt ||
            r.request.lastRemindedAt.getTime() <= now.getTime() - REMINDER_EVERY_DAYS * DAY),
      )
      const groups = new Map<string, typeof due>()
      for (const r of due) {
        const k = `${r.partnership.id}|${r.request.personId}`
        groups.set(k, [...(groups.get(k) ?? []), r])
      }
      for (const list of groups.values()) {
        const first = list[0]!
        const p = first.partnership
        const targets = new Map(
          (
            await q.liveTargets(
              db,
              p.id,
              list.map((r) => r.request.targetId),
            )
          ).map((t) => [t.id, t]),
        )
        const live = list.filter((r) => targets.has(r.request.targetId))
        if (live.length === 0 || !first.personEmail) continue
        const base = `${baseUrl}/p/${p.slug}`
        const digest = crypto
          .createHash('sha256')
          .update(
            live
              .map((r) => `${r.request.id}:${r.request.reminders}`)
              .sort()
              .join(','),
          )
          .digest('hex')
          .slice(0, 32)
        const added = await db.transaction(async (tx) => {
          const ok = await deps.outbox.recordIn(tx, {
            partnershipId: p.id,
            kind: 'commentary-reminder',
            dedupeKey: `commentary-reminder:${first.request.personId}:${digest}`,
            to: [first.personEmail!],
            subject: `Reminder: commentary on ${plural(live.length, 'target')} for ${p.name}`,
            body: [
              `Dear ${first.personName},`,
              ``,
              `Your commentary is still awaited on:`,
              ``,
              ...live.map(
                (r) =>
                  `- ${r.period}: ${targetLabel(targets.get(r.request.targetId)!)}${r.request.dueOn ? ` (due ${r.request.dueOn})` : ''}\n  ${base}/commentary/targets/${r.request.targetId}?period=${encodeURIComponent(r.period)}`,
              ),
              ``,
              `Everything asked of you is under "Commentary asked of me": ${base}/commentary/asked`,
              ``,
              `${p.name} performance team`,
            ].join('\n'),
          })
          await q.markReminded(
            tx,
            live.map((r) => r.request.id),
            now,
          )
          return ok
        })
        if (added) reminded++
      }
      const delivery = await deps.outbox.deliver()
      return { requested, reminded, ...delivery }
    },
  }
}

export type CommentaryService = ReturnType<typeof createCommentaryService>

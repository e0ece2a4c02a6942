import crypto from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.ts'
import { validationError } from '../../errors.ts'
import { ukDate } from '../../lib/clock.ts'
import { isUuid } from '../../lib/fields.ts'
import { financialYearOf } from '../../periods/index.ts'
import { mutate } from '../audit/mutation.ts'
import { systemActor, type Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import {
  COMMENTARY_DAYS,
  MAX_REMINDERS,
  REMINDER_EVERY_DAYS,
  REQUEST_WINDOW_DAYS,
  requestStatus,
  targetLabel,
  type CommentaryCore,
  type CommentaryDeps,
  type Lead,
} from './commentary.core.ts'
import { commentaryPolicy } from './commentary.policy.ts'
import * as q from './commentary.queries.ts'

const DAY = 86_400_000
const addDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * Commentary requests: when a collection round closes, commentary is asked of each target's
 * outcome lead through the outbox, with reminders; writing it fulfils the request.
 */
export function createRequestUseCases(db: Db, deps: CommentaryDeps, core: CommentaryCore) {
  const { today, baseUrl, mine, leadsOfTargets } = core

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

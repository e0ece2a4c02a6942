import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, notFound, validationError } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import { comparePeriods, financialYearOf, yearLabel } from '../../periods/index.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { byPeriodDesc, createCommentaryCore, same, type CommentaryDeps } from './commentary.core.ts'
import { commentaryPolicy } from './commentary.policy.ts'
import { createProgressUseCases } from './commentary.progress.ts'
import * as q from './commentary.queries.ts'
import { createRequestUseCases } from './commentary.requests.ts'
import type { CommentaryInput } from './commentary.schema.ts'

export type { CommentaryRow, ProgressRow, RequestWithNames, TargetInfo } from './commentary.queries.ts'
export {
  COMMENTARY_DAYS,
  MAX_REMINDERS,
  REMINDER_EVERY_DAYS,
  REQUEST_WINDOW_DAYS,
  requestStatus,
  targetLabel,
  type CommentaryDeps,
  type RequestStatus,
} from './commentary.core.ts'

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
  const published = input.published ?? before?.published ?? false
  if (
    before &&
    before.commentary === input.commentary &&
    same(before.actions, input.actions) &&
    same(before.supportNeeded, input.supportNeeded) &&
    before.published === published
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
    published,
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
  const core = createCommentaryCore(db, deps)
  const { today, mayWriteTarget, mayWriteOutcome } = core

  async function loadTarget(tx: DbOrTx, partnershipId: string, id: string) {
    const t = isUuid(id) ? await q.findTarget(tx, partnershipId, id) : undefined
    if (!t) throw notFound('Target')
    return t
  }

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

    ...createProgressUseCases(db, deps, core),

    ...createRequestUseCases(db, deps, core),
  }
}

export type CommentaryService = ReturnType<typeof createCommentaryService>

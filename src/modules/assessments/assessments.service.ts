import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, notFound, validationError } from '../../errors.ts'
import { systemClock, type Clock } from '../../lib/clock.ts'
import { parseAsAt } from '../../periods/index.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { flagsOf } from './assessments.flags.ts'
import { assessmentPolicy } from './assessments.policy.ts'
import * as q from './assessments.queries.ts'
import { storedAfter, type FeedAfter } from './assessments.feed.queries.ts'
import {
  assessTarget,
  reassessGroup,
  reassessIn,
  refreshForStage,
  refreshForTargets,
  refreshForValue,
} from './assessments.refresh.ts'

export type { AssessmentFilter, ShownRow, StoredAssessment } from './assessments.queries.ts'
export type { TargetFlag } from './assessments.flags.ts'
export { isStoredKey, type StoredSince } from './assessments.feed.queries.ts'

/**
 * Called in the transaction that changed a partnership's stored assessments (and after every
 * reassessment), once per partnership: how another module (improvement plans) follows the flags
 * without the assessments module knowing it.
 */
export type StoredChangeListener = (tx: DbOrTx, partnershipId: string) => Promise<void>

/** Partnerships reassessed per transaction by `reassessAll`. */
const PER_TRANSACTION = 10

const shown = (d: Date) => d.toISOString().replace('.000Z', 'Z')

/**
 * The moment an `as-at` parameter names, checked against the partnership: not before it was
 * set up, not after `now` (the service's clock; the system clock for a caller without one).
 * Undefined for "now".
 */
export async function resolveAsAt(
  db: DbOrTx,
  partnershipId: string,
  text: string | undefined | null,
  now: Date = systemClock(),
): Promise<Date | undefined> {
  if (text === undefined || text === null || text.trim() === '') return undefined
  let at: Date
  try {
    at = parseAsAt(text)
  } catch (e) {
    throw validationError({ 'as-at': (e as Error).message })
  }
  if (at.getTime() > now.getTime())
    throw validationError({ 'as-at': `${shown(at)} is in the future: give a date up to today` })
  const created = await q.partnershipCreatedAt(db, partnershipId)
  if (!created) throw notFound('Partnership')
  if (at < created)
    throw validationError({
      'as-at': `${shown(at)} is before the partnership was set up in Goldthread (${shown(created)}): nothing was known then`,
    })
  return at
}

/**
 * Stored assessments: reading them as at a moment, keeping them in step with the values and
 * targets they derive from (inside those modules' transactions), and rebuilding them.
 */
export function createAssessmentsService(db: Db, deps: { clock: Clock }) {
  const asAt = (partnershipId: string, text: string | undefined | null) =>
    resolveAsAt(db, partnershipId, text, deps.clock())

  const listeners: StoredChangeListener[] = []
  async function notify(tx: DbOrTx, partnershipIds: readonly string[]) {
    for (const listener of listeners) for (const id of partnershipIds) await listener(tx, id)
  }
  /** After a refresh: the listeners, when it changed any stored row. */
  async function changed<R extends { changed: number; closed: number }>(
    tx: DbOrTx,
    partnershipIds: readonly string[] | (() => Promise<string[]>),
    result: R,
  ) {
    if (listeners.length > 0 && (result.changed > 0 || result.closed > 0))
      await notify(tx, typeof partnershipIds === 'function' ? await partnershipIds() : partnershipIds)
    return result
  }

  const reassess = (actor: Actor, partnershipId: string) =>
    mutate(db, actor, { partnershipId, rule: assessmentPolicy.reassess }, async (tx) => {
      const result = await reassessIn(tx, partnershipId, deps.clock())
      await notify(tx, [partnershipId])
      return {
        result,
        audit: { entityType: 'assessments', entityId: partnershipId, action: 'reassess', after: result },
      }
    })

  return {
    asAt,

    /** Stored assessments as at a moment (now without one); never computed on request. */
    async list(actor: Actor, partnershipId: string, filter: q.AssessmentFilter = {}) {
      authorize(assessmentPolicy.read, actor, partnershipId)
      return q.listStored(db, partnershipId, filter)
    },

    /**
     * For each (target, place, period) of these targets, the latest stored version made from
     * approved values only that had a figure, current or since replaced: what a provisional row
     * (made from a value awaiting approval) stood at when last approved. A key with none is absent.
     */
    async latestApprovedRows(actor: Actor, partnershipId: string, targetIds: string[]) {
      authorize(assessmentPolicy.read, actor, partnershipId)
      return q.latestApprovedRows(db, partnershipId, targetIds)
    },

    /** The changes feed: stored assessments after a position, oldest first; none provisional. */
    async storedAfter(
      actor: Actor,
      partnershipId: string,
      after: FeedAfter | undefined,
      limit: number,
      before: string | null = null,
    ) {
      authorize(assessmentPolicy.read, actor, partnershipId)
      return storedAfter(db, partnershipId, after, limit, before)
    },

    /**
     * For the dashboard (it has authorised and chosen the partnership's targets): the stored row
     * each target shows at each of these places, as at a moment (see `shownRows`).
     */
    findShownRows: (
      tx: DbOrTx,
      targetIds: string[],
      placeIds: string[],
      opts: { at?: Date; period?: string },
    ) => q.shownRows(tx, targetIds, placeIds, opts),

    /**
     * For the values module, in the transaction that changed a value (it has authorised): the
     * stored assessments of every target of its indicator, recomputed now.
     */
    refreshForValue: async (tx: DbOrTx, key: { partnershipId: string; indicatorId: string }) =>
      changed(tx, [key.partnershipId], await refreshForValue(tx, key, deps.clock())),

    /** For a bulk import of values, in its transaction: the targets of the indicators staged, each once. */
    refreshForStage: async (tx: DbOrTx, partnershipId: string, stage: string) =>
      changed(tx, [partnershipId], await refreshForStage(tx, partnershipId, stage, deps.clock())),

    /** For the targets module, in the transaction that changed a target: its assessments, recomputed now. */
    refreshForTarget: async (tx: DbOrTx, targetId: string) =>
      changed(
        tx,
        () => q.partnershipsOfTargets(tx, [targetId]),
        await refreshForTargets(tx, [targetId], deps.clock()),
      ),

    /**
     * Register a module's follow-up to changed stored assessments (see `StoredChangeListener`):
     * it runs inside the changing transaction, so it commits or rolls back with it.
     */
    onStoredChange(listener: StoredChangeListener) {
      listeners.push(listener)
    },

    /**
     * For another module's use-case (it has authorised): the partnership's live targets as
     * flagged for an improvement plan now (red two periods running, read at each target's own
     * place as the dashboard reads it), with the red periods that raised the flag.
     */
    findFlags: async (tx: DbOrTx, partnershipId: string) => flagsOf(await q.ownPlaceRows(tx, partnershipId)),

    /**
     * Compute a target's assessments as the system knew things at `at` without storing them:
     * the check that the stored history is a faithful cache.
     */
    async recompute(actor: Actor, partnershipId: string, targetId: string, at?: Date) {
      authorize(assessmentPolicy.read, actor, partnershipId)
      const r = await assessTarget(db, targetId, at)
      if (!r.target || r.target.target.partnershipId !== partnershipId) throw notFound('Target')
      return r.rows
    },

    /** Rebuild every stored assessment of the partnership from the data (`goldthread reassess`). */
    reassess,

    /**
     * Rebuild the stored assessments of every live partnership (`goldthread reassess --all`),
     * PER_TRANSACTION partnerships per transaction: few round trips, bounded memory and locks.
     * Each partnership gets its own audit event. System administrators only.
     */
    async reassessAll(actor: Actor) {
      if (actor.kind !== 'system' && !actor.isSystemAdmin) throw forbidden()
      const ids = await q.livePartnershipIds(db)
      const total = { partnerships: ids.length, targets: 0, changed: 0, closed: 0 }
      for (let i = 0; i < ids.length; i += PER_TRANSACTION) {
        await db.transaction(async (tx) => {
          const group = ids.slice(i, i + PER_TRANSACTION)
          for (const [partnershipId, counts] of await reassessGroup(tx, group, deps.clock())) {
            await notify(tx, [partnershipId])
            await audit(tx, actor, {
              partnershipId,
              entityType: 'assessments',
              entityId: partnershipId,
              action: 'reassess',
              after: counts,
            })
            total.targets += counts.targets
            total.changed += counts.changed
            total.closed += counts.closed
          }
        })
      }
      return total
    },
  }
}

export type AssessmentsService = ReturnType<typeof createAssessmentsService>

import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import type { AssessmentsService } from '../assessments/assessments.service.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import type { IndicatorsService } from '../indicators/indicators.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { OutboxService } from '../outbox/outbox.service.ts'
import type { PlacesService } from '../places/places.service.ts'
import type { RoundsService } from '../rounds/rounds.service.ts'
import { createApprovalUseCases } from './values.approval.ts'
import { changed, entityType, ValueConflictError } from './values.events.ts'
import {
  createEntryContext,
  loadView,
  resolveLookup,
  windowProblem,
  type ResolvedKey,
  type ValueLookup,
} from './values.entry-context.ts'
import { valuePolicy } from './values.policy.ts'
import * as q from './values.queries.ts'
import { approvedVersionsAfter, type FeedAfter } from './values.feed.queries.ts'
import {
  resolveFigures,
  type ValueAction,
  type ValueFigures,
  type ValueKeyInput,
  type ValueStatus,
} from './values.schema.ts'

export { ValueConflictError }

export type { ValueRow, ValueVersionRow, ValueView } from './values.queries.ts'
export { isApprovedKey, type ApprovedVersion } from './values.feed.queries.ts'

export interface ValuesDeps {
  outbox: OutboxService
  clock: Clock
  rounds: RoundsService
  organisations: OrganisationsService
  indicators: IndicatorsService
  places: PlacesService
  assessments: AssessmentsService
}

type SaveInput = ValueFigures & { version: number; submit?: boolean }

/** Data values: entry, submission, approval, return and reopening, each a new version in the history. */
export function createValuesService(db: Db, deps: ValuesDeps) {
  const today = () => ukDate(deps.clock())
  const ctx = createEntryContext(deps)

  async function conflictWith(tx: DbOrTx, valueId: string) {
    const [row, history] = await Promise.all([q.findValueRow(tx, valueId), q.listValueVersions(tx, valueId)])
    return new ValueConflictError(row!, history.at(-1)?.recordedBy ?? null)
  }

  /**
   * Append the version row of a change, in the change's transaction, and bring the stored
   * assessments it feeds into step. (The change's audit event is the caller's: `changed`.)
   */
  async function recordVersion(
    tx: DbOrTx,
    actor: Actor,
    after: q.ValueRow,
    action: ValueAction,
    reason: string | null = null,
  ) {
    await q.insertValueVersion(tx, {
      valueId: after.id,
      version: after.version,
      value: after.value,
      numerator: after.numerator,
      denominator: after.denominator,
      commentary: after.commentary,
      status: after.status,
      action,
      reason,
      late: after.late,
      recordedByUserId: actor.userId,
      recordedBy: actor.label,
    })
    // Stored assessments change in the same transaction as the value they derive from.
    await deps.assessments.refreshForValue(tx, after)
  }

  /** Who may enter this value, and whether the round's window lets them now. */
  async function checkEntry(actor: Actor, partnershipId: string, k: ResolvedKey) {
    const org = k.indicator.responsibleOrganisationId
    if (!valuePolicy.enter(actor, partnershipId, org)) {
      const name = await ctx.organisationName(db, partnershipId, org)
      throw forbidden(
        name
          ? `${k.indicator.code} is reported by ${name}: you can only enter values for your own organisation’s indicators`
          : `${k.indicator.code} has no responsible organisation: only a performance officer can enter its values`,
      )
    }
    const key = { indicatorId: k.indicator.id, placeId: k.place.id, period: k.period }
    if (!valuePolicy.enterOffTarget(actor, partnershipId) && !(await ctx.isExpected(db, partnershipId, key)))
      throw validationError({
        placeId: `No target asks for ${k.indicator.code} at ${k.place.name} in ${k.period}: ask a performance officer (only an administrator can enter a value no target asks for)`,
      })
    const day = today()
    const window = await ctx.windowFor(db, partnershipId, k.period, org, day)
    const problem = windowProblem(window, k.period, manager(actor, partnershipId))
    if (problem) throw validationError({ _form: problem })
    return { window, late: window.round !== null && day > window.round.dueOn }
  }

  return {
    today,

    /** The changes feed: approved versions of the partnership's values after a position, oldest first. */
    async approvedAfter(
      actor: Actor,
      partnershipId: string,
      after: FeedAfter | undefined,
      limit: number,
      before: string | null = null,
    ) {
      authorize(valuePolicy.read, actor, partnershipId)
      return approvedVersionsAfter(db, partnershipId, after, limit, before)
    },

    /** Whether the partnership has any value for the period (the demo loads its returns once). */
    async anyFor(actor: Actor, partnershipId: string, period: string) {
      authorize(valuePolicy.read, actor, partnershipId)
      return (await q.valuesForPeriod(db, partnershipId, period)).length > 0
    },

    /**
     * The target that asks for indicator × place in the period's financial year, with its
     * trajectory rows for the place (the partnership's area for an area-wide target), or undefined.
     */
    async targetFor(
      actor: Actor,
      partnershipId: string,
      key: { indicatorId: string; placeId: string; period: string },
    ) {
      authorize(valuePolicy.read, actor, partnershipId)
      return q.targetForValue(db, partnershipId, key, await q.partnershipArea(db, partnershipId))
    },

    /**
     * A history of returns loaded at once (the demo's two years): each value with all its versions
     * (oldest first) and one audit row, and the exceptions late values came in under, in one
     * transaction. Nothing is checked against rounds or trajectories: the caller made the
     * figures. Managers only.
     */
    async loadHistory(
      actor: Actor,
      partnershipId: string,
      input: {
        values: Omit<q.ValueInsert, 'partnershipId'>[]
        /** Each value's versions, oldest first, in the order of `values`. */
        histories: Omit<q.ValueVersionInsert, 'valueId' | 'version' | 'late'>[][]
        exceptions: Parameters<RoundsService['recordException']>[1][]
      },
    ) {
      authorize(valuePolicy.approve, actor, partnershipId)
      await db.transaction(async (tx) => {
        const rows = await q.insertValues(
          tx,
          input.values.map((v) => ({ ...v, partnershipId })),
        )
        await q.insertValueVersions(
          tx,
          rows.flatMap((row, i) =>
            input.histories[i]!.map((s, n) => ({ ...s, valueId: row.id, version: n + 1, late: row.late })),
          ),
        )
        await audit(
          tx,
          actor,
          rows.map((row) => ({ partnershipId, entityType, entityId: row.id, action: 'create', after: row })),
        )
        for (const e of input.exceptions) await deps.rounds.recordException(tx, e)
      })
    },

    /** The entry form's context for indicator × place × period. */
    async entry(actor: Actor, partnershipId: string, keyInput: ValueKeyInput) {
      authorize(valuePolicy.enterSome, actor, partnershipId)
      const k = await ctx.resolveKey(db, partnershipId, keyInput)
      const value =
        (await q.findValueByKey(db, partnershipId, {
          indicatorId: k.indicator.id,
          placeId: k.place.id,
          period: k.period,
        })) ?? null
      return ctx.surroundings(
        db,
        actor,
        partnershipId,
        { indicator: k.indicator, place: k.place, period: k.period },
        value,
        today(),
      )
    },

    /** One value with its full history (every version, oldest first). */
    async get(actor: Actor, partnershipId: string, id: string) {
      authorize(valuePolicy.read, actor, partnershipId)
      const view = await loadView(db, partnershipId, id)
      const [around, history] = await Promise.all([
        ctx.surroundings(
          db,
          actor,
          partnershipId,
          { ...view, period: view.value.period },
          view.value,
          today(),
        ),
        q.listValueVersions(db, id),
      ])
      return { ...around, value: view.value, history }
    },

    /** The id of a value named by ids, or by indicator code and GSS code as imports name them; or 404. */
    async findByKey(actor: Actor, partnershipId: string, lookup: ValueKeyInput | ValueLookup) {
      authorize(valuePolicy.read, actor, partnershipId)
      const keyInput = await resolveLookup(db, partnershipId, lookup)
      const k = await ctx.resolveKey(db, partnershipId, keyInput)
      const row = await q.findValueByKey(db, partnershipId, {
        indicatorId: k.indicator.id,
        placeId: k.place.id,
        period: k.period,
      })
      if (!row) throw notFound('Value')
      return row.id
    },

    /**
     * Save a value (create or change) at the version the person read: 0 for a new one. Returns
     * the value and any warnings. Approved values are locked; a changed value goes back to draft
     * unless submitted at once.
     */
    async save(actor: Actor, partnershipId: string, keyInput: ValueKeyInput, input: SaveInput) {
      authorize(valuePolicy.enterSome, actor, partnershipId)
      const k = await ctx.resolveKey(db, partnershipId, keyInput)
      const figures = resolveFigures(k.indicator.unit, k.indicator.ratePer, input)
      if (!figures.ok) throw validationError(figures.errors)
      const { window, late } = await checkEntry(actor, partnershipId, k)
      const key = { indicatorId: k.indicator.id, placeId: k.place.id, period: k.period }
      const status: ValueStatus = input.submit ? 'submitted' : 'draft'
      const action: ValueAction = input.submit ? 'submitted' : 'entered'
      const fields = {
        value: figures.value,
        numerator: figures.numerator,
        denominator: figures.denominator,
        commentary: input.commentary ?? null,
      }
      const row = await mutate(db, actor, { partnershipId }, async (tx) => {
        const existing = await q.findValueByKey(tx, partnershipId, key)
        if (!existing) {
          if (input.version !== 0) throw conflict('This value was removed or never existed: reload the page')
          const created = await q.insertValueIfAbsent(tx, {
            partnershipId,
            ...key,
            periodType: k.periodType,
            roundId: window.round?.id ?? null,
            organisationId: k.indicator.responsibleOrganisationId,
            ...fields,
            status,
            late,
            version: 1,
            updatedByUserId: actor.userId,
          })
          if (!created) {
            const now = await q.findValueByKey(tx, partnershipId, key)
            throw await conflictWith(tx, now!.id)
          }
          await recordVersion(tx, actor, created, action)
          return { result: created, audit: changed(null, created, action) }
        }
        if (existing.version !== input.version) throw await conflictWith(tx, existing.id)
        if (existing.status === 'approved')
          throw conflict(
            'This value is approved and locked: an administrator must reopen it before it can change',
          )
        const same =
          existing.value === fields.value &&
          existing.numerator === fields.numerator &&
          existing.denominator === fields.denominator &&
          (existing.commentary ?? null) === fields.commentary
        if (same && (existing.status === status || (!input.submit && existing.status !== 'submitted')))
          return { result: existing, audit: null }
        const updated = await q.updateValueAtVersion(tx, existing.id, existing.version, {
          ...fields,
          status,
          statusReason: status === 'submitted' ? null : existing.statusReason,
          late: existing.late || late,
          roundId: existing.roundId ?? window.round?.id ?? null,
          updatedByUserId: actor.userId,
          updatedAt: deps.clock(),
        })
        if (!updated) throw await conflictWith(tx, existing.id)
        const done = same ? 'submitted' : action
        await recordVersion(tx, actor, updated, done)
        return { result: updated, audit: changed(existing, updated, done) }
      })
      return {
        value: row,
        warnings: await ctx.warningsFor(db, partnershipId, key, k.indicator.unit, row.value),
      }
    },

    ...createApprovalUseCases(db, deps, { ctx, conflictWith, recordVersion, checkEntry }),
  }
}

export type ValuesService = ReturnType<typeof createValuesService>

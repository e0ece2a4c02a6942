import type { z } from 'zod'
import type { Db, DbOrTx, Tx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { isUuid } from '../../lib/fields.ts'
import { financialYearOf, parsePeriod, yearLabel } from '../../periods/index.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { RoundsService } from '../rounds/rounds.service.ts'
import { parseInput } from './money.input.ts'
import { financeOfficer, moneyPolicy } from './money.policy.ts'
import { notSignedError, protocolStanding } from './money.protocol.service.ts'
import { explainMessage, refuseClosedRound, refuseSelfApproval } from './money.spend.rules.ts'
import { createSpendReads, loadThresholds } from './money.spend.reads.ts'
import {
  spendFilter,
  spendInput,
  spendReasonInput,
  thresholdsInput,
  varianceDecisionInput,
  type SpendFilter,
  type SpendInput,
  type SpendStatus,
} from './money.spend.schema.ts'
import * as q from './money.spend.queries.ts'
import { allocatedFigures, formatThreshold, varianceOf, type Quarter } from './money.variance.ts'

export type { SpendRow } from './money.spend.queries.ts'

/** What spend returns need of the rest of the system. */
export interface SpendDeps {
  clock: Clock
  organisations: Pick<OrganisationsService, 'find'>
  /** A return is collected in the partnership's round for its quarter, when there is one. */
  rounds: Pick<RoundsService, 'window' | 'get'>
}

const entityType = 'spend_return'

const done: Record<string, string> = { submit: 'submitted', approve: 'approved', return: 'returned' }

/**
 * Quarterly spend returns (002 §24): a first-level recipient's actual spend to date and forecast
 * outturn per stream and quarter, collected in the rounds; variance against the profiled budget,
 * an explanation beyond the amber threshold, approval, and the decision on the variance taken
 * with the lead officer. Versioned: every change supersedes the current row, so history is kept.
 */
export function createSpendUseCases(db: Db, deps: SpendDeps) {
  const reads = createSpendReads(db, deps)

  /** Data providers enter only their own organisation's spend; finance officers and admins any. */
  function guardRecipient(actor: Actor, partnershipId: string, recipientId: string) {
    if (financeOfficer(actor, partnershipId)) return
    const own = actor.organisations?.get(partnershipId) ?? null
    if (own === null || own !== recipientId)
      throw forbidden('You may enter spend only for the organisation you act for')
  }

  async function loadCurrent(tx: DbOrTx, partnershipId: string, id: string) {
    const row = isUuid(id) ? await q.findReturn(tx, partnershipId, id) : undefined
    if (!row) throw notFound('Spend return')
    if (row.supersededAt)
      throw conflict('This spend return has changed since you opened it: reload it and try again')
    return row
  }

  /** Write the next version of a return: the current one is superseded, the new row is current. */
  async function nextVersion(
    tx: DbOrTx,
    actor: Actor,
    before: q.SpendRow | undefined,
    next: Partial<q.SpendInsert>,
  ) {
    const now = deps.clock()
    // Strictly after the version it replaces, so history reads in the order the changes were made.
    const recordedAt =
      before && before.recordedAt.getTime() >= now.getTime() ? new Date(before.recordedAt.getTime() + 1) : now
    if (before && !(await q.supersede(tx, before.id, recordedAt)))
      throw conflict('This spend return has changed since you opened it: reload it and try again')
    const { id: _id, supersededAt: _s, ...kept } = before ?? ({} as Partial<q.SpendRow>)
    return q.insertReturn(tx, {
      ...(kept as q.SpendInsert),
      ...next,
      recordedAt,
      recordedBy: actor.label,
      supersededAt: null,
    })
  }

  /**
   * Everything a return's figures must satisfy, checked in the transaction, every problem named by
   * field: the stream, the recipient (an organisation of the partnership that has signed the
   * current protocol), a quarter of a year the stream has a budget for, and an explanation when
   * the variance is beyond amber. Returns the round to link and the variance.
   */
  async function check(
    tx: DbOrTx,
    partnershipId: string,
    r: {
      streamId: string
      recipientId: string
      period: string
      actualPence: number
      forecastPence: number | null
      explanation: string | null
    },
  ) {
    const errors: FieldErrors = {}
    const stream = await q.findStream(tx, partnershipId, r.streamId)
    if (!stream) errors.streamId = 'Choose a funding stream of this partnership from the list'
    const recipient = await deps.organisations.find(tx, partnershipId, r.recipientId)
    if (!recipient || recipient.archivedAt) errors.recipientId = 'Choose an organisation of this partnership'
    const p = parsePeriod(r.period) as { type: 'quarter'; year: number; quarter: Quarter }
    const year = yearLabel(financialYearOf(p).year)
    if (stream && !(await q.currentBudgets(tx, partnershipId, { streamId: stream.id, year })).length)
      errors.period = `${stream.ref} has no budget for ${year}: spend is returned for a quarter of a year the stream has a budget for`
    if (Object.keys(errors).length) throw validationError(errors)
    const standing = await protocolStanding(tx, partnershipId, r.recipientId)
    if (!standing.signed) throw notSignedError(recipient!.name, standing)
    const allocs = await q.firstLevelAllocations(tx, partnershipId, {
      year,
      streamId: r.streamId,
      recipientId: r.recipientId,
    })
    const figures = allocatedFigures(allocs, p.quarter)
    const thresholds = await loadThresholds(tx, partnershipId)
    const variance = varianceOf(
      { ...figures, actualPence: r.actualPence, forecastPence: r.forecastPence },
      thresholds,
    )
    if (variance.explanationRequired && !r.explanation)
      throw validationError({ explanation: explainMessage(figures, variance, thresholds) })
    return { stream: stream!, recipient: recipient!, year, figures, variance }
  }

  /** Save the next version of a return (the caller has parsed the input and guarded the recipient). */
  function saveIn(
    conn: Db | Tx,
    actor: Actor,
    partnershipId: string,
    input: z.output<typeof spendInput>,
    opts: { status: SpendStatus; keepUnchanged?: boolean },
  ) {
    const explanation = input.explanation ?? null
    return mutate(conn, actor, { partnershipId }, async (tx) => {
      const before = await q.currentReturn(tx, input.streamId, input.recipientId, input.period)
      if (
        opts.keepUnchanged &&
        before &&
        before.actualPence === input.actual &&
        before.forecastPence === input.forecast &&
        before.explanation === explanation
      )
        return { result: { row: before, created: false, changed: false }, audit: null }
      if (before && !financeOfficer(actor, partnershipId) && !['draft', 'returned'].includes(before.status))
        throw conflict(`This spend return is ${before.status}: ask the finance officer to change it`)
      await check(tx, partnershipId, {
        streamId: input.streamId,
        recipientId: input.recipientId,
        period: input.period,
        actualPence: input.actual,
        forecastPence: input.forecast,
        explanation,
      })
      const window = await deps.rounds.window(
        tx,
        partnershipId,
        input.period,
        input.recipientId,
        ukDate(deps.clock()),
      )
      refuseClosedRound(window, input.period, financeOfficer(actor, partnershipId))
      const row = await nextVersion(tx, actor, before, {
        partnershipId,
        streamId: input.streamId,
        recipientId: input.recipientId,
        period: input.period,
        roundId: window.round?.id ?? null,
        actualPence: input.actual,
        forecastPence: input.forecast,
        explanation,
        status: opts.status,
        statusReason: null,
        // A decision was taken on the figures it saw: new figures need a new decision.
        ...(before && (before.actualPence !== input.actual || before.forecastPence !== input.forecast)
          ? { decision: null, decidedWith: null, decidedAt: null, overspendResponsibility: null }
          : {}),
      })
      return {
        result: { row, created: !before, changed: true },
        audit: {
          entityType,
          entityId: row.id,
          action: before ? 'update' : 'create',
          before: before ?? null,
          after: row,
        },
      }
    })
  }

  /** Move a current return from one of `from` to `to` (one version, one audit event). */
  async function transition(
    actor: Actor,
    partnershipId: string,
    id: string,
    opts: { from: SpendStatus[]; to: SpendStatus; action: string; reason?: string | null; recheck?: boolean },
  ) {
    const before = await loadCurrent(db, partnershipId, id)
    if (opts.action === 'submit') guardRecipient(actor, partnershipId, before.recipientId)
    if (!opts.from.includes(before.status as SpendStatus))
      throw conflict(`This spend return is ${before.status}: it cannot be ${done[opts.action]} now`)
    return mutate(db, actor, { partnershipId }, async (tx) => {
      if (opts.action === 'approve') await refuseSelfApproval(tx, actor, partnershipId, before)
      if (opts.recheck)
        await check(tx, partnershipId, {
          streamId: before.streamId,
          recipientId: before.recipientId,
          period: before.period,
          actualPence: before.actualPence,
          forecastPence: before.forecastPence,
          explanation: before.explanation,
        })
      const row = await nextVersion(tx, actor, before, { status: opts.to, statusReason: opts.reason ?? null })
      return { result: row, audit: { entityType, entityId: row.id, action: opts.action, before, after: row } }
    })
  }

  return {
    ...reads,

    /**
     * Save a return (a draft unless `submit`): a new version superseding the current one. A data
     * provider saves only its own organisation's, and only while it is a draft or returned; finance
     * officers and admins at any status (a change to an approved return goes back for approval).
     */
    async saveSpend(actor: Actor, partnershipId: string, raw: unknown, opts: { submit?: boolean } = {}) {
      authorize(moneyPolicy.enterSpend, actor, partnershipId)
      const input = parseInput(spendInput, raw)
      guardRecipient(actor, partnershipId, input.recipientId)
      return (await saveIn(db, actor, partnershipId, input, { status: opts.submit ? 'submitted' : 'draft' }))
        .row
    },

    /**
     * For the Spend sheet, inside the import's transaction (the sheet has authorised the sheet;
     * the recipient is checked here as the forms check it): save a return at `status` as
     * `saveSpend` does, except that the same figures and explanation again change nothing.
     */
    async saveSpendTx(
      tx: Tx,
      actor: Actor,
      partnershipId: string,
      raw: SpendInput,
      opts: { status: 'draft' | 'submitted' | 'approved' },
    ) {
      const input = parseInput(spendInput, raw)
      guardRecipient(actor, partnershipId, input.recipientId)
      return saveIn(tx, actor, partnershipId, input, { status: opts.status, keepUnchanged: true })
    },

    /** Submit a draft or returned return for approval (its explanation checked again). */
    async submitSpend(actor: Actor, partnershipId: string, id: string) {
      authorize(moneyPolicy.enterSpend, actor, partnershipId)
      return transition(actor, partnershipId, id, {
        from: ['draft', 'returned'],
        to: 'submitted',
        action: 'submit',
        recheck: true,
      })
    },

    /** Approve a submitted return (finance officers and admins). */
    async approveSpend(actor: Actor, partnershipId: string, id: string) {
      authorize(moneyPolicy.approveSpend, actor, partnershipId)
      return transition(actor, partnershipId, id, { from: ['submitted'], to: 'approved', action: 'approve' })
    },

    /** Send a submitted (or approved) return back to its recipient with the reason. */
    async returnSpend(actor: Actor, partnershipId: string, id: string, raw: unknown) {
      authorize(moneyPolicy.approveSpend, actor, partnershipId)
      const { reason } = parseInput(spendReasonInput, raw)
      return transition(actor, partnershipId, id, {
        from: ['submitted', 'approved'],
        to: 'returned',
        action: 'return',
        reason,
      })
    },

    /**
     * Record the decision on a return's variance, taken with the lead officer (002 §24): what was
     * decided, with whom, when (now), and who carries an overspend. A new version; status unchanged.
     */
    async decideVariance(actor: Actor, partnershipId: string, id: string, raw: unknown) {
      authorize(moneyPolicy.approveSpend, actor, partnershipId)
      const input = parseInput(varianceDecisionInput, raw)
      const before = await loadCurrent(db, partnershipId, id)
      if (before.status === 'draft')
        throw conflict('This spend return is a draft: decide on its variance once it is submitted')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await nextVersion(tx, actor, before, {
          decision: input.decision,
          decidedWith: input.decidedWith,
          decidedAt: deps.clock(),
          overspendResponsibility: input.overspendResponsibility ?? null,
        })
        return { result: row, audit: { entityType, entityId: row.id, action: 'decide', before, after: row } }
      })
    },

    /** Current returns (filtered), each with its stream, recipient and variance. */
    async listSpend(actor: Actor, partnershipId: string, rawFilter: SpendFilter = {}) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const f = parseInput(spendFilter, rawFilter)
      const rows = await q.currentReturns(db, partnershipId, {
        periods: f.period ? [f.period] : undefined,
        streamId: f.streamId,
        recipientId: f.recipientId,
        status: f.status,
      })
      return reads.viewsOf(db, partnershipId, rows)
    },

    /** A return (any version, by id) with its variance and every version of it, oldest first. */
    async getSpend(actor: Actor, partnershipId: string, id: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const row = isUuid(id) ? await q.findReturn(db, partnershipId, id) : undefined
      if (!row) throw notFound('Spend return')
      const [view] = await reads.viewsOf(db, partnershipId, [row])
      const history = await q.returnHistory(db, row.streamId, row.recipientId, row.period)
      return { ...view!, history }
    },

    /** The partnership's variance thresholds (2% amber, 5% red until set). */
    async thresholds(actor: Actor, partnershipId: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      return loadThresholds(db, partnershipId)
    },

    /** Set the variance thresholds: exact percentages, both 0 or more, amber at most red. */
    async setThresholds(actor: Actor, partnershipId: string, raw: unknown) {
      authorize(moneyPolicy.write, actor, partnershipId)
      const input = parseInput(thresholdsInput, raw)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const before = (await q.findSettings(tx, partnershipId)) ?? null
        const row = await q.upsertSettings(tx, { partnershipId, ...input, updatedAt: deps.clock() })
        const after = {
          amberPercent: formatThreshold(row.amberPercent),
          redPercent: formatThreshold(row.redPercent),
        }
        return {
          result: after,
          audit: {
            entityType: 'finance_settings',
            entityId: partnershipId,
            action: 'update',
            before,
            after: row,
          },
        }
      })
    },
  }
}

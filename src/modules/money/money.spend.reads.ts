import type { Db, DbOrTx } from '../../db/client.ts'
import { validationError } from '../../errors.ts'
import { sumPence } from '../../lib/money.ts'
import { financialYearOf, formatPeriod, parsePeriod, quartersOf, yearLabel } from '../../periods/index.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { parseInput } from './money.input.ts'
import { moneyPolicy } from './money.policy.ts'
import * as q from './money.spend.queries.ts'
import * as vq from './money.versions.queries.ts'
import { varianceQuery, type VarianceQuery } from './money.spend.schema.ts'
import type { SpendDeps } from './money.spend.service.ts'
import {
  allocatedFigures,
  DEFAULT_THRESHOLDS,
  formatThreshold,
  percentOf,
  ragOf,
  rags,
  varianceOf,
  type Quarter,
  type Rag,
  type Thresholds,
} from './money.variance.ts'

/** The partnership's thresholds (the defaults, 2% and 5%, until it sets its own). */
export async function loadThresholds(tx: DbOrTx, partnershipId: string): Promise<Thresholds> {
  const row = await q.findSettings(tx, partnershipId)
  if (!row) return DEFAULT_THRESHOLDS
  return { amberPercent: formatThreshold(row.amberPercent), redPercent: formatThreshold(row.redPercent) }
}

const quarterOfPeriod = (period: string) => (parsePeriod(period) as { quarter: Quarter }).quarter
const yearOfPeriod = (period: string) => yearLabel(financialYearOf(period).year)
const pairKey = (streamId: string, recipientId: string) => `${streamId}|${recipientId}`
/** Returns that count in the Variance and completeness: a draft is unfinished, a returned one sent back. */
const counted = (r: q.SpendRow) => r.status === 'submitted' || r.status === 'approved'

/** One line of the Variance read: a recipient of a stream in a year, or the stream's total. */
export interface VarianceRow {
  level: 'recipient' | 'stream'
  streamId: string
  fundingRef: string
  streamName: string
  recipientId: string | null
  recipient: string | null
  year: string
  /** The stream's budget for the year (the stream's line only). */
  budgetPence: number | null
  allocatedPence: number
  /** Budget − allocated (the stream's line only; null without a budget). */
  unallocatedPence: number | null
  /** The quarter of the return read (a recipient's latest, or the one asked for). */
  period: string | null
  status: string | null
  profiledToDatePence: number | null
  actualToDatePence: number | null
  forecastPence: number | null
  variancePence: number | null
  variancePercent: string | null
  forecastVariancePence: number | null
  forecastVariancePercent: string | null
  rag: Rag | null
  explanation: string | null
  decision: string | null
  decidedWith: string | null
  overspendResponsibility: string | null
  returnId: string | null
}

const worst = (list: Rag[]): Rag | null =>
  list.length ? list.reduce((a, b) => (rags.indexOf(a) >= rags.indexOf(b) ? a : b)) : null

/** Read-side use-cases of spend: views with variance, the Variance rows, completeness per round. */
export function createSpendReads(db: Db, deps: SpendDeps) {
  /** Returns with their stream, recipient name, budget, profiled budget and variance (batched reads). */
  async function viewsOf(tx: DbOrTx, partnershipId: string, rows: q.SpendRow[]) {
    if (rows.length === 0) return []
    const [streams, allocs, thresholds, names] = [
      await q.listStreams(tx, partnershipId),
      await q.firstLevelAllocations(tx, partnershipId),
      await loadThresholds(tx, partnershipId),
      await q.organisationNames(tx, [...new Set(rows.map((r) => r.recipientId))]),
    ]
    const streamOf = new Map(streams.map((s) => [s.id, s]))
    return rows.map((r) => {
      const year = yearOfPeriod(r.period)
      const mine = allocs.filter(
        (a) => a.streamId === r.streamId && a.recipientId === r.recipientId && a.year === year,
      )
      const figures = allocatedFigures(mine, quarterOfPeriod(r.period))
      const stream = streamOf.get(r.streamId)
      return {
        ...r,
        year,
        fundingRef: stream?.ref ?? '',
        streamName: stream?.name ?? '',
        recipient: names.get(r.recipientId) ?? '',
        ...figures,
        variance: varianceOf(
          { ...figures, actualPence: r.actualPence, forecastPence: r.forecastPence },
          thresholds,
        ),
      }
    })
  }

  return {
    viewsOf,

    /**
     * The Variance rows of a year (workbook.md): per stream, a line per recipient (first-level
     * allocations and its latest submitted or approved return up to `period`) then the stream's
     * total, whose allocated, actual, forecast and variance are its recipients' sums, and whose
     * budget = allocated + unallocated. Money in whole pence. With `at`, as at that moment: the
     * streams, budgets, allocations and return versions current then (the finance report).
     */
    async varianceRows(
      actor: Actor,
      partnershipId: string,
      raw: VarianceQuery,
      opts: { at?: Date } = {},
    ): Promise<VarianceRow[]> {
      authorize(moneyPolicy.read, actor, partnershipId)
      const { year, period } = parseInput(varianceQuery, raw)
      if (period && yearOfPeriod(period) !== year)
        throw validationError({ period: `Choose a quarter of ${year}` })
      const upTo = period ? quarterOfPeriod(period) : 4
      const periods = quartersOf(financialYearOf(year).year)
        .slice(0, upTo)
        .map((p) => formatPeriod(p))
      const at = opts.at
      const streams = await q.listStreams(db, partnershipId, { at })
      const budgets = await q.currentBudgets(db, partnershipId, { year, at })
      const live = await q.firstLevelAllocations(db, partnershipId, { year, at })
      // As at a moment: each allocation's figures as they stood then.
      const allocs = at ? await vq.allocationsAsAt(db, live, at) : live
      const returns = (await q.currentReturns(db, partnershipId, { periods, at })).filter(counted)
      const thresholds = await loadThresholds(db, partnershipId)
      const latest = new Map<string, q.SpendRow>()
      for (const r of returns) latest.set(pairKey(r.streamId, r.recipientId), r) // ordered by period
      const names = await q.organisationNames(db, [
        ...new Set([...allocs.map((a) => a.recipientId), ...returns.map((r) => r.recipientId)]),
      ])
      const budgetOf = new Map(budgets.map((b) => [b.streamId, b.amountPence]))
      const out: VarianceRow[] = []
      for (const s of streams) {
        const own = allocs.filter((a) => a.streamId === s.id)
        const recipients = [
          ...new Set([
            ...own.map((a) => a.recipientId),
            ...returns.filter((r) => r.streamId === s.id).map((r) => r.recipientId),
          ]),
        ].sort((a, b) => (names.get(a) ?? '').localeCompare(names.get(b) ?? ''))
        if (!budgetOf.has(s.id) && recipients.length === 0) continue
        const lines: VarianceRow[] = recipients.map((rid) => {
          const mine = own.filter((a) => a.recipientId === rid)
          const ret = latest.get(pairKey(s.id, rid))
          const figures = allocatedFigures(mine, ret ? quarterOfPeriod(ret.period) : 4)
          const v = ret
            ? varianceOf(
                { ...figures, actualPence: ret.actualPence, forecastPence: ret.forecastPence },
                thresholds,
              )
            : null
          return {
            level: 'recipient',
            streamId: s.id,
            fundingRef: s.ref,
            streamName: s.name,
            recipientId: rid,
            recipient: names.get(rid) ?? '',
            year,
            budgetPence: null,
            allocatedPence: figures.budgetPence,
            unallocatedPence: null,
            period: ret?.period ?? null,
            status: ret?.status ?? null,
            profiledToDatePence: ret ? figures.profiledPence : null,
            actualToDatePence: ret?.actualPence ?? null,
            forecastPence: ret?.forecastPence ?? null,
            variancePence: v?.variancePence ?? null,
            variancePercent: v?.variancePercent ?? null,
            forecastVariancePence: v?.forecastVariancePence ?? null,
            forecastVariancePercent: v?.forecastVariancePercent ?? null,
            rag: v?.rag ?? null,
            explanation: ret?.explanation ?? null,
            decision: ret?.decision ?? null,
            decidedWith: ret?.decidedWith ?? null,
            overspendResponsibility: ret?.overspendResponsibility ?? null,
            returnId: ret?.id ?? null,
          }
        })
        out.push(...lines, totalOf(s, year, budgetOf.get(s.id) ?? null, lines, thresholds))
      }
      return out
    },

    /**
     * How complete a round's spend is: every stream and first-level recipient with an allocation
     * in the round's year, with the status of its return for the round's quarter (null: none).
     */
    async spendCompleteness(actor: Actor, partnershipId: string, roundId: string) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const round = await deps.rounds.get(actor, partnershipId, roundId)
      if (round.periodType !== 'quarter')
        return { round, rows: [], expected: 0, received: 0, awaiting: 0, missing: 0, missingRecipients: [] }
      const year = yearOfPeriod(round.period)
      const allocs = await q.firstLevelAllocations(db, partnershipId, { year })
      const returns = await q.currentReturns(db, partnershipId, { periods: [round.period] })
      const streams = new Map((await q.listStreams(db, partnershipId)).map((s) => [s.id, s]))
      const names = await q.organisationNames(db, [...new Set(allocs.map((a) => a.recipientId))])
      const byPair = new Map(returns.map((r) => [pairKey(r.streamId, r.recipientId), r]))
      const pairs = new Map(
        allocs.filter((a) => streams.has(a.streamId)).map((a) => [pairKey(a.streamId, a.recipientId), a]),
      )
      const rows = [...pairs.values()]
        .map((a) => {
          const ret = byPair.get(pairKey(a.streamId, a.recipientId))
          return {
            streamId: a.streamId,
            fundingRef: streams.get(a.streamId)!.ref,
            recipientId: a.recipientId,
            recipient: names.get(a.recipientId) ?? '',
            status: ret?.status ?? null,
            returnId: ret?.id ?? null,
          }
        })
        .sort((a, b) => a.recipient.localeCompare(b.recipient) || a.fundingRef.localeCompare(b.fundingRef))
      const missing = rows.filter((r) => r.status === null)
      return {
        round,
        rows,
        expected: rows.length,
        received: rows.filter((r) => r.status === 'submitted' || r.status === 'approved').length,
        awaiting: rows.filter((r) => r.status === 'draft' || r.status === 'returned').length,
        missing: missing.length,
        /** Recipients with an allocation and no return at all for a stream, by name. */
        missingRecipients: [...new Map(missing.map((r) => [r.recipientId, r.recipient])).values()],
      }
    },
  }
}

const sumOf = (xs: (number | null)[]) => sumPence(xs)

/** A stream's total line: its recipients' sums, so recipient and stream totals reconcile. */
function totalOf(
  s: q.StreamRow,
  year: string,
  budget: number | null,
  lines: VarianceRow[],
  thresholds: Thresholds,
): VarianceRow {
  const withReturn = lines.filter((l) => l.returnId)
  const withForecast = withReturn.filter((l) => l.forecastPence !== null)
  const allocated = sumOf(lines.map((l) => l.allocatedPence))
  const profiled = sumOf(withReturn.map((l) => l.profiledToDatePence))
  const variance = sumOf(withReturn.map((l) => l.variancePence))
  const forecastVariance = sumOf(withForecast.map((l) => l.forecastVariancePence))
  const forecastBase = sumOf(withForecast.map((l) => l.allocatedPence))
  const any = withReturn.length > 0
  const anyForecast = withForecast.length > 0
  return {
    level: 'stream',
    streamId: s.id,
    fundingRef: s.ref,
    streamName: s.name,
    recipientId: null,
    recipient: null,
    year,
    budgetPence: budget,
    allocatedPence: allocated,
    unallocatedPence: budget === null ? null : budget - allocated,
    period: null,
    status: null,
    profiledToDatePence: any ? profiled : null,
    actualToDatePence: any ? sumOf(withReturn.map((l) => l.actualToDatePence)) : null,
    forecastPence: anyForecast ? sumOf(withForecast.map((l) => l.forecastPence)) : null,
    variancePence: any ? variance : null,
    variancePercent: any ? percentOf(variance, profiled) : null,
    forecastVariancePence: anyForecast ? forecastVariance : null,
    forecastVariancePercent: anyForecast ? percentOf(forecastVariance, forecastBase) : null,
    rag: any
      ? worst([
          ragOf(variance, profiled, thresholds),
          ...(anyForecast ? [ragOf(forecastVariance, forecastBase, thresholds)] : []),
        ])
      : null,
    explanation: null,
    decision: null,
    decidedWith: null,
    overspendResponsibility: null,
    returnId: null,
  }
}

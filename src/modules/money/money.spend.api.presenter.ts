import { z } from 'zod'
import { poundsText } from '../../lib/money.ts'
import { amountDoc, nullableAmountDoc } from './money.presenter.ts'

/**
 * Money's API answers for spend returns, variance, thresholds, commissioning and value for
 * money. As everywhere in the money API, each `…Pence` amount (whole pence) comes with the same
 * amount in pounds as text under the name without `Pence` (`actualPence: 123456`, `actual: "1234.56"`).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/**
 * Every `xPence` number (or null) in a value, at any depth, joined by `x` in pounds as text; dates
 * as ISO 8601 text. The rest is kept as it is.
 */
export function withPounds(value: unknown): Json {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(withPounds)
  if (value === null || value === undefined) return null
  if (typeof value !== 'object') return value as Json
  const out: Record<string, Json> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = withPounds(v)
    if (k.endsWith('Pence') && k.length > 5 && (typeof v === 'number' || v === null)) {
      const name = k.slice(0, -5)
      if (!(name in value)) out[name] = typeof v === 'number' ? poundsText(v) : null
    }
  }
  return out
}

const rag = z.enum(['green', 'amber', 'red'])

export const varianceDoc = z.object({
  ...amountDoc('variance', 'Actual to date − profiled to date'),
  variancePercent: z.string().nullable().describe('Of the profiled budget; null against nothing'),
  ...nullableAmountDoc('forecastVariance', 'Forecast outturn − the year’s budget (null without a forecast)'),
  forecastVariancePercent: z.string().nullable(),
  rag,
  explanationRequired: z.boolean().describe('Beyond the amber threshold: an explanation is required'),
})

const spendFields = {
  id: z.uuid().describe('This version’s id (each change makes a new version)'),
  streamId: z.uuid(),
  fundingRef: z.string(),
  streamName: z.string(),
  recipientId: z.uuid(),
  recipient: z.string(),
  period: z.string(),
  year: z.string(),
  roundId: z.uuid().nullable(),
  ...amountDoc('actual', 'Actual spend to date'),
  ...nullableAmountDoc('forecast', 'Forecast year-end outturn'),
  ...amountDoc('budget', 'The recipient’s allocations from the stream for the year'),
  ...amountDoc('profiled', 'The budget profiled to the end of the quarter'),
  variance: varianceDoc,
  explanation: z.string().nullable(),
  status: z.enum(['draft', 'submitted', 'approved', 'returned']),
  statusReason: z.string().nullable(),
  decision: z.string().nullable(),
  decidedWith: z.string().nullable(),
  decidedAt: z.string().nullable(),
  overspendResponsibility: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  supersededAt: z.string().nullable().describe('Null: the current version'),
}

export const spendDoc = z.object(spendFields).describe('SpendReturn')

const historyDoc = z.object({
  id: z.uuid(),
  status: z.string(),
  ...amountDoc('actual', 'Actual spend to date'),
  ...nullableAmountDoc('forecast', 'Forecast outturn'),
  explanation: z.string().nullable(),
  statusReason: z.string().nullable(),
  decision: z.string().nullable(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  supersededAt: z.string().nullable(),
})

export const spendWithHistoryDoc = spendDoc
  .extend({ history: z.array(historyDoc).describe('Every version, oldest first') })
  .describe('SpendReturnWithHistory')

const pct = z.string().nullable()
export const varianceRowDoc = z
  .object({
    level: z.enum(['recipient', 'stream']),
    streamId: z.uuid(),
    fundingRef: z.string(),
    streamName: z.string(),
    recipientId: z.uuid().nullable(),
    recipient: z.string().nullable(),
    year: z.string(),
    ...nullableAmountDoc('budget', 'The stream’s budget (its line only)'),
    ...amountDoc('allocated', 'Allocated'),
    ...nullableAmountDoc('unallocated', 'Budget − allocated (the stream’s line only)'),
    period: z.string().nullable(),
    status: z.string().nullable(),
    ...nullableAmountDoc('profiledToDate', 'Profiled to date'),
    ...nullableAmountDoc('actualToDate', 'Actual to date'),
    ...nullableAmountDoc('forecast', 'Forecast outturn'),
    ...nullableAmountDoc('variance', 'Variance'),
    variancePercent: pct,
    ...nullableAmountDoc('forecastVariance', 'Forecast variance'),
    forecastVariancePercent: pct,
    rag: rag.nullable(),
    explanation: z.string().nullable(),
    decision: z.string().nullable(),
    decidedWith: z.string().nullable(),
    overspendResponsibility: z.string().nullable(),
    returnId: z.uuid().nullable(),
  })
  .describe('VarianceRow')

export const thresholdsDoc = z
  .object({
    amberPercent: z.string().describe('Amber beyond this percentage of the profiled budget'),
    redPercent: z.string().describe('Red beyond this percentage'),
  })
  .describe('FinanceThresholds')

export const decisionDoc = z
  .object({
    id: z.uuid(),
    service: z.string(),
    decision: z.enum(['commission', 'continue', 'notice', 'decommission']),
    noticeMonths: z.number().int().nullable(),
    noticeEndsOn: z.string().nullable(),
    reason: z.string(),
    outcomeKey: z.string().nullable(),
    outcome: z.object({ ref: z.string(), title: z.string() }).nullable(),
    providerId: z.uuid().nullable(),
    provider: z.string().nullable(),
    streamId: z.uuid().nullable(),
    streamRef: z.string().nullable(),
    allocationId: z.uuid().nullable(),
    decidedOn: z.string(),
    decidedBy: z.string(),
  })
  .describe('CommissioningDecision')

const moneyPair = {
  ...amountDoc('allocated', 'Allocated'),
  ...amountDoc('actual', 'Approved actual spend, shared over the allocations'),
}
const targetLine = z.object({
  targetId: z.uuid(),
  code: z.string(),
  title: z.string(),
  period: z.string().nullable(),
  status: z.string(),
  trend: z.string().describe('improving | worsening | unchanged | n/a'),
  ...moneyPair,
})
export const vfmDoc = z
  .object({
    year: z.string().nullable(),
    targets: z.array(targetLine),
    outcomes: z.array(
      z.object({
        outcomeKey: z.string(),
        ref: z.string(),
        title: z.string(),
        kind: z.string(),
        direct: z.object(moneyPair).describe('Allocated to the outcome itself'),
        ...moneyPair,
        targets: z.array(
          z.object({ targetId: z.uuid(), code: z.string(), status: z.string(), trend: z.string() }),
        ),
      }),
    ),
    actions: z.object(moneyPair).describe('Paying for actions of delivery plans'),
    unlinked: z.object(moneyPair).describe('Paying for nothing linked'),
    ...amountDoc('unattributed', 'Approved spend with no allocation to share it over'),
    total: z.object(moneyPair),
  })
  .describe('ValueForMoney')

import { financialYearOf, formatPeriod, parsePeriod } from '../../../periods/index.ts'
import { commissioningDecisionLabels } from '../../money/money.commissioning.schema.ts'
import type { RecipientStanding } from '../../money/money.finance.reads.ts'
import type { VarianceRow } from '../../money/money.spend.reads.ts'
import type { Thresholds } from '../../money/money.variance.ts'
import type { Block, Cell, Section } from '../reports.model.ts'
import {
  moneyCell,
  recipientsSection,
  streamsSection,
  summarySection,
  ukDate,
  ragCell,
  varianceCell,
  type StreamInfo,
} from './finance.blocks.ts'
import type { KindContext, KindDefinition } from './kind.ts'

/**
 * The finance report (reports.md, 002 §24): budgets, allocations, spend, forecast and variance per
 * stream and recipient, the variances beyond amber with their explanations and decisions, the
 * financial protocol's outstanding signatories and the commissioning decisions. Everything read as
 * at the report's moment: the budgets, allocations and spend return versions current then.
 */

/** The financial year of the period and the last quarter of it the spend is read to. */
export function yearAndQuarter(period: string): { year: string; quarter: string | null } {
  const p = parsePeriod(period)
  const year = formatPeriod(financialYearOf(p))
  if (p.type === 'quarter') return { year, quarter: formatPeriod(p) }
  if (p.type === 'month') {
    const fy = financialYearOf(p).year
    const q = Math.floor(((p.year - fy) * 12 + p.month - 4) / 3) + 1
    return { year, quarter: formatPeriod({ type: 'quarter', year: fy, quarter: q as 1 | 2 | 3 | 4 }) }
  }
  return { year, quarter: null }
}

function protocolSection(
  protocol: { version: number; publishedAt: Date } | null,
  recipients: RecipientStanding[],
): Section {
  const outstanding = recipients.filter((r) => !r.signature)
  const signed = recipients.filter((r) => r.signature)
  const lead = protocol
    ? `Version ${protocol.version} of the financial protocol was published on ${ukDate(protocol.publishedAt)}. ` +
      `${signed.length} of the ${recipients.length} first-level recipients had signed it; no funds are released to a recipient until it has.`
    : 'No financial protocol had been published: no funds can be released.'
  return {
    id: 'protocol',
    title: 'Financial protocol',
    intro:
      'First-level recipients sign the financial protocol before any funds are released to them (002 §24).',
    blocks: [
      { type: 'text', text: lead },
      {
        type: 'table',
        caption: 'Signatures outstanding',
        columns: [
          { label: 'Recipient' },
          { label: 'Allocated', numeric: true },
          { label: 'Not released', numeric: true },
        ],
        rows: outstanding.map((r): Cell[] => [
          r.recipient,
          moneyCell(r.allocatedPence),
          moneyCell(r.allocatedPence - r.releasedPence),
        ]),
        empty: 'Every first-level recipient has signed.',
      },
      {
        type: 'table',
        caption: 'Signed',
        columns: [{ label: 'Recipient' }, { label: 'Signed by' }, { label: 'Signed on' }],
        rows: signed.map((r): Cell[] => [
          r.recipient,
          r.signature!.signedByName,
          ukDate(r.signature!.signedAt),
        ]),
        empty: 'No recipient has signed.',
      },
    ],
  }
}

function variancesSection(rows: VarianceRow[], thresholds: Thresholds): Section {
  const beyond = rows.filter((r) => r.level === 'recipient' && (r.rag === 'amber' || r.rag === 'red'))
  const blocks: Block[] = [
    {
      type: 'table',
      caption: `Variances beyond the amber threshold (${thresholds.amberPercent}%)`,
      columns: [
        { label: 'Stream and recipient' },
        { label: 'Quarter' },
        { label: 'Variance', numeric: true },
        { label: 'Forecast variance', numeric: true },
        { label: 'RAG' },
        { label: 'Explanation' },
        { label: 'Decision' },
        { label: 'Decided with' },
        { label: 'Overspend responsibility' },
      ],
      rows: beyond.map((r): Cell[] => [
        `${r.fundingRef}: ${r.recipient ?? ''}`,
        r.period ?? '',
        varianceCell(r.variancePence, r.variancePercent),
        varianceCell(r.forecastVariancePence, r.forecastVariancePercent),
        ragCell(r.rag),
        r.explanation ?? 'Not explained',
        r.decision ?? 'No decision recorded',
        r.decidedWith ?? '',
        r.overspendResponsibility ?? '',
      ]),
      empty: 'No variance beyond the amber threshold.',
    },
  ]
  return {
    id: 'variances',
    title: 'Variances and decisions',
    intro:
      'Variations on spend beyond the amber threshold, each with the recipient’s explanation and the decision taken with the lead officer (002 §24).',
    blocks,
  }
}

type Decision = Awaited<ReturnType<KindContext['sources']['money']['commissioningAt']>>[number]

function commissioningSection(decisions: Decision[]): Section {
  const notice = decisions.filter((d) => d.decision === 'notice')
  return {
    id: 'commissioning',
    title: 'Commissioning decisions',
    intro:
      'Decisions to commission, continue, give notice to or de-commission funded services, with the reason and the outcome each serves (000 §8-10), newest first.',
    blocks: [
      {
        type: 'text',
        text: notice.length
          ? `Notice has been given to ${notice.length} service${notice.length === 1 ? '' : 's'}: ${notice
              .map((d) => `${d.service} (ends ${ukDate(d.noticeEndsOn)})`)
              .join('; ')}.`
          : 'No service is under notice.',
      },
      {
        type: 'table',
        caption: 'Commissioning decisions',
        columns: [
          { label: 'Service' },
          { label: 'Decision' },
          { label: 'Notice' },
          { label: 'Provider' },
          { label: 'Stream' },
          { label: 'Outcome it serves' },
          { label: 'Decided on' },
          { label: 'Reason' },
        ],
        rows: decisions.map((d): Cell[] => [
          d.service,
          commissioningDecisionLabels[d.decision as keyof typeof commissioningDecisionLabels] ?? d.decision,
          d.noticeMonths === null
            ? ''
            : `${d.noticeMonths} month${d.noticeMonths === 1 ? '' : 's'}, ending ${ukDate(d.noticeEndsOn)}`,
          d.provider ?? '',
          d.streamRef ?? '',
          d.outcome ? `${d.outcome.ref} ${d.outcome.title}` : '',
          ukDate(d.decidedOn),
          d.reason,
        ]),
        empty: 'No commissioning decisions recorded.',
      },
    ],
  }
}

export const financeKind: KindDefinition = {
  kind: 'finance',
  name: 'Finance report',
  audience: 'Steering group and board',
  summary:
    'Budgets, allocations, spend, forecast and variance per funding stream and recipient, variances with their explanations and decisions, the financial protocol’s outstanding signatories and commissioning decisions.',
  themeCut: false,
  async build(ctx) {
    const { money } = ctx.sources
    const { year, quarter } = yearAndQuarter(ctx.spec.period)
    await ctx.progress(0.1, 'Reading budgets, allocations and spend returns')
    const rows = await money.varianceRows(
      ctx.actor,
      ctx.partnershipId,
      { year, ...(quarter ? { period: quarter } : {}) },
      { at: ctx.at },
    )
    await ctx.progress(0.5, 'Reading the financial protocol and commissioning decisions')
    const standing = await money.recipientStandingAt(ctx.actor, ctx.partnershipId, { year, at: ctx.at })
    const decisions = await money.commissioningAt(ctx.actor, ctx.partnershipId, { at: ctx.at })
    const thresholds = await money.thresholds(ctx.actor, ctx.partnershipId)
    const info = new Map<string, StreamInfo>(
      (await money.listStreams(ctx.actor, ctx.partnershipId)).map((s) => [s.id, s]),
    )
    await ctx.progress(0.8, 'Adding up the streams and recipients')
    const upTo = quarter ?? `${year} Q4`
    return [
      summarySection(rows, standing.recipients, { year, upTo, thresholds }),
      streamsSection(rows, info),
      recipientsSection(rows, standing.recipients),
      variancesSection(rows, thresholds),
      protocolSection(standing.protocol, standing.recipients),
      commissioningSection(decisions),
    ]
  },
}

import type { TargetLine, TrendPoint } from '../../dashboard/dashboard.service.ts'
import { planStatusLabels, type PlanStatus } from '../../delivery/delivery.schema.ts'
import type { DirectoryRow } from '../../directory/directory.service.ts'
import type { Block, ChartBlock, Section, TableBlock } from '../reports.model.ts'
import { statusCell, targetLines } from './common.ts'
import {
  commentaryBlocks,
  figure,
  outcomeActions,
  outcomeActionsTable,
  outcomeRows,
  readThread,
  risksTable,
  targetName,
  ukLong,
  type Thread,
} from './exception.thread.ts'
import type { KindContext, KindDefinition } from './kind.ts'

type Sources = KindContext['sources']
type Indicator = Awaited<ReturnType<Sources['indicators']['list']>>[number]
type ProgressRow = Awaited<ReturnType<Sources['commentary']['progress']>>[number]

/** What an outcome's evidence is read from, once for the whole report. */
interface Evidence {
  thread: Thread
  trends: Map<string, TrendPoint[]>
  indicators: Map<string, Indicator>
  organisations: Map<string, string>
  progress: ProgressRow[]
  period: string
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

/** A target's trend: its value each period against its target, with the same numbers as a table. */
function trendChart(l: TargetLine, points: TrendPoint[]): ChartBlock {
  const name = targetName(l)
  const unit = l.target.indicator.unit
  return {
    type: 'chart',
    title: `Trend: ${name}`,
    description: `${name}: the value each period against its target, ${points[0]!.period} to ${points.at(-1)!.period}.`,
    spec: {
      chart: 'trend',
      points: points.map((p) => ({ period: p.period, actual: p.value, target: p.target ?? null })),
      ...(unit ? { unit } : {}),
    },
    table: {
      type: 'table',
      caption: `Trend: ${name}`,
      columns: [
        { label: 'Period' },
        { label: 'Value', numeric: true },
        { label: 'Target', numeric: true },
        { label: 'Status' },
      ],
      rows: points.map((p) => [p.period, figure(l, p.value), figure(l, p.target), statusCell(p.status)]),
    },
  }
}

/** Where each target's figures come from: the indicator's definition, source and provider. */
function sourcesTable(caption: string, lines: TargetLine[], e: Evidence): TableBlock {
  return {
    type: 'table',
    caption,
    columns: [
      { label: 'Indicator' },
      { label: 'Definition' },
      { label: 'Data source' },
      { label: 'Provided by' },
      { label: 'Frequency' },
      { label: 'Notes' },
    ],
    rows: lines.map((l) => {
      const i = e.indicators.get(l.target.indicator.id)
      const provider = i?.responsibleOrganisationId ? e.organisations.get(i.responsibleOrganisationId) : null
      return [
        targetName(l),
        i?.definition ?? 'Not recorded',
        i?.dataSource ?? 'Not recorded',
        provider ?? 'Not recorded',
        l.target.indicator.frequency ?? '',
        [i?.sourceNotes, i?.sourceUrl].filter(Boolean).join(' ') || '',
      ]
    }),
    empty: 'No targets.',
  }
}

/** The evidence for some targets: each target's trend, then where the figures come from. */
function targetEvidence(lines: TargetLine[], e: Evidence, level: 3 | 4, caption: string): Block[] {
  return [
    ...lines.flatMap((l): Block[] => {
      const points = e.trends.get(l.target.id) ?? []
      return [
        { type: 'heading', level, text: targetName(l) },
        points.length ? trendChart(l, points) : { type: 'text', text: 'No figures yet.' },
      ]
    }),
    { type: 'heading', level, text: 'Where the figures come from' },
    sourcesTable(caption, lines, e),
  ]
}

/** The outcome's and its targets' delivery plans, and the improvement plans open then. */
function plansTable(caption: string, o: DirectoryRow, lines: TargetLine[], e: Evidence): TableBlock {
  const subjects = [
    { key: o.key, label: `${o.ref} ${o.title}` },
    ...lines.map((l) => ({ key: l.target.id, label: targetName(l) })),
  ]
  const rows = subjects.flatMap((s) => {
    const p = e.thread.plans.get(s.key)
    const improvement = e.thread.improvement.get(s.key)
    return [
      ...(p
        ? [
            [
              p.plan.title,
              s.label,
              planStatusLabels[p.plan.status as PlanStatus] ?? p.plan.status,
              p.plan.leadName ?? '',
              p.actions.length,
              p.actions.filter((a) => a.overdue).length,
            ],
          ]
        : []),
      ...(improvement
        ? [
            [
              `Improvement plan: ${improvement.plan.openedReason}`,
              s.label,
              `Open since ${ukLong(improvement.plan.openedAt)}`,
              improvement.ownerName ?? '',
              p ? p.actions.filter((a) => a.improvementPlanId === improvement.plan.id).length : 0,
              p
                ? p.actions.filter((a) => a.improvementPlanId === improvement.plan.id && a.overdue).length
                : 0,
            ],
          ]
        : []),
    ]
  })
  return {
    type: 'table',
    caption,
    columns: [
      { label: 'Plan' },
      { label: 'For' },
      { label: 'Status' },
      { label: 'Lead' },
      { label: 'Actions', numeric: true },
      { label: 'Overdue', numeric: true },
    ],
    rows,
    empty: 'No delivery plan for this outcome or its targets.',
  }
}

/** An outcome's evidence: its targets with trend, delivery, risks, commentary and the data's sources. */
function outcomeEvidence(o: DirectoryRow, lines: TargetLine[], e: Evidence, level: 3 | 4): Block[] {
  const name = `${o.ref} ${o.title}`
  const lead = o.roles.outcome_lead
  const reported = e.progress.find((p) => p.outcomeKey === o.key)
  const risks = [
    ...e.thread.risksOf({ outcomeKey: o.key }),
    ...lines.flatMap((l) => e.thread.risksOf({ targetId: l.target.id })),
  ]
  const commentary = lines.flatMap((l): Block[] => {
    const c = e.thread.commentaryOf(l)
    return c
      ? [{ type: 'heading', level, text: `Commentary: ${targetName(l)}` }, ...commentaryBlocks(c, '')]
      : []
  })
  return [
    {
      type: 'summary',
      items: [
        { label: 'Theme', value: o.theme },
        { label: 'Outcome lead', value: lead ? lead.name : 'Not named in the directory' },
        { label: 'Targets', value: String(lines.length) },
      ],
    },
    ...(lines.length
      ? targetEvidence(lines, e, level, `Sources of the figures: ${name}`)
      : [{ type: 'text' as const, text: 'No targets serve this outcome.' }]),
    { type: 'heading', level, text: 'Delivery' },
    plansTable(`Delivery plans: ${name}`, o, lines, e),
    outcomeActionsTable(`Delivery actions: ${name}`, outcomeActions(o.key, lines, e.thread.plans)),
    { type: 'heading', level, text: 'Risks' },
    risksTable(`Risks: ${name}`, risks, 'No risks recorded for this outcome or its targets.'),
    { type: 'heading', level, text: 'Progress and gaps' },
    ...(reported
      ? [
          {
            type: 'text' as const,
            text: reported.progress,
            attribution: `${reported.authorLabel}, ${ukLong(reported.recordedAt)} (${reported.period})`,
          },
          ...(reported.gaps ? [{ type: 'text' as const, text: `Gaps: ${reported.gaps}` }] : []),
        ]
      : [{ type: 'text' as const, text: `No progress reported for ${e.period}.` }]),
    ...commentary,
  ]
}

async function build(ctx: KindContext): Promise<Section[]> {
  const { actor, partnershipId: pid, at } = ctx
  await ctx.progress(0.1, 'Reading the outcomes and targets')
  const outcomes = await outcomeRows(ctx)
  const { lines } = await targetLines(ctx)
  await ctx.progress(0.3, 'Reading trends, delivery, risks and commentary')
  const [trends, thread, indicators, organisations, progress] = await Promise.all([
    ctx.sources.dashboard.trends(actor, pid, lines, { at }),
    readThread(
      ctx,
      lines,
      outcomes.map((o) => o.key),
    ),
    ctx.sources.indicators.list(actor, pid, { includeArchived: true }),
    ctx.sources.organisations.list(actor, pid, { includeArchived: true }),
    ctx.sources.commentary.progress(actor, pid, { period: ctx.spec.period, at }),
  ])
  const e: Evidence = {
    thread,
    trends,
    indicators: new Map(indicators.map((i) => [i.id, i])),
    organisations: new Map(organisations.map((o) => [o.id, o.name])),
    progress,
    period: ctx.spec.period,
  }
  await ctx.progress(0.8, 'Writing the evidence for each outcome')
  const linesOf = (key: string) => lines.filter((l) => l.target.outcomeKeys.includes(key))
  const keys = new Set(outcomes.map((o) => o.key))
  const unlinked = lines.filter((l) => !l.target.outcomeKeys.some((k) => keys.has(k)))
  const rest: Section[] = unlinked.length
    ? [
        {
          id: 'targets-without-an-outcome',
          title: 'Targets not linked to an outcome',
          blocks: targetEvidence(unlinked, e, 3, 'Sources of the figures: targets not linked to an outcome'),
        },
      ]
    : []
  if (outcomes.length === 0 && lines.length === 0)
    return [
      {
        id: 'evidence',
        title: 'Evidence',
        blocks: [{ type: 'text', text: 'The partnership has no outcomes or targets yet.' }],
      },
    ]
  if (ctx.spec.level === 'theme') {
    // Outcomes under their theme's heading, a section per theme, in document order.
    const themes = [...new Map(outcomes.map((o) => [o.themeId, o.theme])).entries()]
    return [
      ...themes.map(([id, title]) => ({
        id: `theme-${slug(title)}`,
        title,
        blocks: outcomes
          .filter((o) => o.themeId === id)
          .flatMap((o): Block[] => [
            { type: 'heading', level: 3, text: `${o.ref} ${o.title}` },
            ...outcomeEvidence(o, linesOf(o.key), e, 4),
          ]),
      })),
      ...rest,
    ]
  }
  return [
    ...outcomes.map((o) => ({
      id: `outcome-${slug(o.ref)}`,
      title: `${o.ref} ${o.title}`,
      blocks: outcomeEvidence(o, linesOf(o.key), e, 3),
    })),
    ...rest,
  ]
}

export const evidenceKind: KindDefinition = {
  kind: 'evidence',
  name: 'Evidence pack',
  audience: 'Inspectors (Comprehensive Area Assessment)',
  summary:
    'Per outcome: its targets with their trend, delivery, risks, commentary, and where the figures come from.',
  themeCut: true,
  build,
}

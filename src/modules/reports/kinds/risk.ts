import { heatMapOf, type RiskView } from '../../risks/risks.service.ts'
import {
  HIGH_RISK_SCORE,
  bandOf,
  impactDescriptors,
  likelihoodDescriptors,
  scale,
  scoreBands,
  trendLabels,
  type Scale,
} from '../../risks/risks.schema.ts'
import type { Cell, ChartBlock, Column, Section, TableBlock } from '../reports.model.ts'
import { targetLines } from './common.ts'
import type { KindContext, KindDefinition } from './kind.ts'

/*
 * The risk register for the steering group (002 §25) as it stood at the report's moment: the heat
 * map of open risks by their current (residual) score, with its table; the risks scoring 15 or
 * more; the reviews overdue on that day; and the register itself. A risk's scores, controls and
 * status are those of its last review by then (the risks module keeps them with each review).
 */

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
/** A YYYY-MM-DD date as "31 March 2009". */
const ukLong = (d: string | null) => (d ? longDate.format(new Date(`${d}T12:00:00Z`)) : '')

const likelihoodText = (l: number) => `${l} ${likelihoodDescriptors[l as Scale].label}`
const impactText = (i: number) => `${i} ${impactDescriptors[i as Scale].label}`
const scoreCell = (score: number | null): Cell =>
  score === null ? null : { text: `${score} ${bandOf(score).label}`, value: score }
const linkedTo = (r: RiskView) => r.subjectLabel ?? 'The partnership as a whole'

/**
 * The themes of the current strategy, in order, and the theme keys each risk falls under: its
 * outcome's theme, or the themes of the outcomes its target serves (as at the report's moment).
 * Risks of the partnership as a whole fall under none.
 */
async function riskThemes(ctx: KindContext, risks: RiskView[]) {
  const nodes = await ctx.sources.strategy.currentNodes(ctx.actor, ctx.partnershipId)
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const themeKeyOf = new Map(
    nodes.map((n) => {
      let cur = n
      for (let i = 0; i < 20 && cur.parentId && byId.has(cur.parentId); i++) cur = byId.get(cur.parentId)!
      return [n.key, cur.key]
    }),
  )
  const targetThemes = new Map<string, string[]>()
  if (risks.some((r) => r.targetId))
    for (const l of (await targetLines(ctx)).lines)
      targetThemes.set(
        l.target.id,
        l.themes.map((t) => t.key),
      )
  const keysOf = (r: RiskView): string[] =>
    r.outcomeKey !== null
      ? [themeKeyOf.get(r.outcomeKey)].filter((k): k is string => !!k)
      : r.targetId !== null
        ? (targetThemes.get(r.targetId) ?? [])
        : []
  return { themes: nodes.filter((n) => !n.parentId), keysOf }
}

/** Open risks, high risks and overdue reviews per theme (and of the partnership as a whole). */
function byThemeSection(open: RiskView[], t: Awaited<ReturnType<typeof riskThemes>>): Section {
  const row = (label: string, rs: RiskView[]): Cell[] => [
    label,
    rs.length,
    rs.filter((r) => r.score >= HIGH_RISK_SCORE).length,
    rs.filter((r) => r.reviewOverdue).length,
  ]
  const whole = open.filter((r) => !r.outcomeKey && !r.targetId)
  return {
    id: 'by-theme',
    title: 'Risks by theme',
    intro:
      'Open risks under each theme: those of its outcomes and of the targets serving them (a target serving two themes counts in both).',
    blocks: [
      {
        type: 'table',
        caption: 'Open risks by theme',
        columns: [
          { label: 'Theme' },
          { label: 'Open risks', numeric: true },
          { label: `Scoring ${HIGH_RISK_SCORE} or more`, numeric: true },
          { label: 'Reviews overdue', numeric: true },
        ],
        rows: [
          ...t.themes.map((th) =>
            row(
              `${th.ref} ${th.title}`,
              open.filter((r) => t.keysOf(r).includes(th.key)),
            ),
          ),
          ...(whole.length ? [row('The partnership as a whole', whole)] : []),
        ],
        empty: 'The strategy has no themes.',
      },
    ],
  }
}

function heatMapChart(open: RiskView[]): ChartBlock {
  const map = heatMapOf(open)
  const count = (l: number, i: number) =>
    map.cells.find((c) => c.likelihood === l && c.impact === i)!.risks.length
  const table: TableBlock = {
    type: 'table',
    caption: 'Open risks by likelihood (rows) and impact (columns)',
    columns: [{ label: 'Likelihood' }, ...scale.map((i) => ({ label: impactText(i), numeric: true }))],
    rows: [...scale].reverse().map((l) => [likelihoodText(l), ...scale.map((i) => count(l, i))]),
  }
  return {
    type: 'chart',
    title: 'Heat map of open risks',
    description: `${map.total} open risk${map.total === 1 ? '' : 's'} placed by current likelihood and impact: the score is the product, and 15 or more is high.`,
    spec: {
      chart: 'heatmap',
      cells: map.cells.map((c) => ({ likelihood: c.likelihood, impact: c.impact, count: c.risks.length })),
    },
    table,
  }
}

const riskColumns: Column[] = [
  { label: 'Risk' },
  { label: 'Owner' },
  { label: 'Linked to' },
  { label: 'Likelihood', numeric: true },
  { label: 'Impact', numeric: true },
  { label: 'Score', numeric: true },
  { label: 'Trend' },
  { label: 'Controls' },
]

function riskRow(r: RiskView): Cell[] {
  return [
    `${r.ref} ${r.title}`,
    r.ownerName ?? 'Not yet named',
    linkedTo(r),
    { text: likelihoodText(r.likelihood), value: r.likelihood },
    { text: impactText(r.impact), value: r.impact },
    scoreCell(r.score),
    trendLabels[r.trend],
    r.controls ?? 'None recorded',
  ]
}

function summarySection(ctx: KindContext, open: RiskView[], closed: number): Section {
  const high = open.filter((r) => r.score >= HIGH_RISK_SCORE).length
  return {
    id: 'summary',
    title: 'Summary',
    intro: ctx.theme
      ? `The risks of theme ${ctx.theme.ref} ${ctx.theme.title}: those of its outcomes and of the targets serving them.`
      : 'Every risk in the partnership’s register.',
    blocks: [
      {
        type: 'summary',
        items: [
          { label: 'Open risks', value: String(open.length) },
          { label: `Scoring ${HIGH_RISK_SCORE} or more`, value: String(high) },
          { label: 'Reviews overdue', value: String(open.filter((r) => r.reviewOverdue).length) },
          { label: 'Above the board’s appetite', value: String(open.filter((r) => r.aboveAppetite).length) },
          { label: 'Closed risks', value: String(closed) },
        ],
      },
      {
        type: 'table',
        caption: 'Open risks by score band',
        columns: [{ label: 'Band' }, { label: 'Scores' }, { label: 'Open risks', numeric: true }],
        rows: scoreBands.map((b) => [
          b.label,
          `${b.from} to ${b.to}`,
          open.filter((r) => r.score >= b.from && r.score <= b.to).length,
        ]),
      },
    ],
  }
}

/** Every open risk with its inherent, current and target scores (not at theme level). */
function registerSection(open: RiskView[]): Section {
  return {
    id: 'register',
    title: 'Register',
    intro: 'Every open risk, by reference, with its inherent, current and target scores.',
    blocks: [
      {
        type: 'table',
        caption: 'Open risks',
        columns: [
          { label: 'Risk' },
          { label: 'Category' },
          { label: 'Owner' },
          { label: 'Linked to' },
          { label: 'Inherent', numeric: true },
          { label: 'Current', numeric: true },
          { label: 'Target', numeric: true },
          { label: 'Trend' },
          { label: 'Review date' },
        ],
        rows: open.map((r) => [
          `${r.ref} ${r.title}`,
          r.category ?? '',
          r.ownerName ?? 'Not yet named',
          linkedTo(r),
          scoreCell(r.inherentScore),
          scoreCell(r.score),
          scoreCell(r.targetScore),
          trendLabels[r.trend],
          ukLong(r.reviewOn),
        ]),
        empty: 'No open risks.',
      },
    ],
  }
}

export const riskKind: KindDefinition = {
  kind: 'risk',
  name: 'Risk report',
  audience: 'Steering group, each quarter',
  summary: `The risk register: a heat map of open risks with its table, the risks scoring ${HIGH_RISK_SCORE} or more, and the reviews overdue.`,
  themeCut: true,

  async build(ctx) {
    await ctx.progress(0.1, 'Reading the risk register')
    const all = await ctx.sources.risks.list(ctx.actor, ctx.partnershipId, { status: 'all' }, { at: ctx.at })
    const themes = await riskThemes(ctx, all)
    const theme = ctx.theme
    const risks = theme ? all.filter((r) => themes.keysOf(r).includes(theme.key)) : all
    const open = risks.filter((r) => r.status === 'open')
    await ctx.progress(0.6, 'Laying out the register')
    const high = open
      .filter((r) => r.score >= HIGH_RISK_SCORE)
      .sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref))
    const overdue = open
      .filter((r) => r.reviewOverdue)
      .sort((a, b) =>
        a.reviewOn! < b.reviewOn! ? -1 : a.reviewOn! > b.reviewOn! ? 1 : a.ref.localeCompare(b.ref),
      )
    const sections: Section[] = [
      summarySection(ctx, open, risks.length - open.length),
      {
        id: 'heat-map',
        title: 'Heat map',
        intro:
          'Open risks by their current (residual) likelihood and impact, after the controls in place, each on a scale of 1 to 5.',
        blocks: [heatMapChart(open)],
      },
      {
        id: 'high-risks',
        title: `Risks scoring ${HIGH_RISK_SCORE} or more`,
        intro: 'High risks, highest first: reported to the steering group (002 §25).',
        blocks: [
          {
            type: 'table',
            caption: `Open risks scoring ${HIGH_RISK_SCORE} or more`,
            columns: riskColumns,
            rows: high.map(riskRow),
            empty: `No open risk scores ${HIGH_RISK_SCORE} or more.`,
          },
        ],
      },
      {
        id: 'overdue-reviews',
        title: 'Overdue reviews',
        intro: 'Open risks whose review date had passed at the report’s date, longest overdue first.',
        blocks: [
          {
            type: 'table',
            caption: 'Open risks with a review overdue',
            columns: [
              { label: 'Risk' },
              { label: 'Owner' },
              { label: 'Review date' },
              { label: 'Score', numeric: true },
            ],
            rows: overdue.map((r) => [
              `${r.ref} ${r.title}`,
              r.ownerName ?? 'Not yet named',
              ukLong(r.reviewOn),
              scoreCell(r.score),
            ]),
            empty: 'No open risk’s review is overdue.',
          },
        ],
      },
    ]
    // Not cut to a theme: how the risks fall across the themes, after the heat map.
    if (!ctx.theme) sections.splice(2, 0, byThemeSection(open, themes))
    if (ctx.spec.level !== 'theme') sections.push(registerSection(open))
    await ctx.progress(1, 'Register laid out')
    return sections
  },
}

/**
 * The blocks the steering and board reports are made of: status counts (a chart with its table),
 * a target's figures with its commentary directly under them, its trend, what changed and the
 * overdue returns. Words come from the dashboard's presenter, so a report says what the pages say.
 */
import { exportFigure, formatIndicatorValue } from '../../../lib/numbers.ts'
import { directionLabels, statusLabels } from '../../dashboard/dashboard.presenter.ts'
import { countStatuses, STATUSES, type ShownRow, type TargetLine } from '../../dashboard/dashboard.service.ts'
import type { CurrentNode } from '../../strategy/strategy.service.ts'
import { valueStatusLabels, type ValueStatus } from '../../values/values.schema.ts'
import type { Block, Cell, ChartBlock, ReportStatus, TableBlock, TextBlock } from '../reports.model.ts'
import { statusCell } from './common.ts'
import type { Commentary, Overdue, SteeringData } from './steering.read.ts'

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
/** `31 October 2008`, from an ISO date or a moment. */
export const ukLongDate = (d: string | Date) =>
  longDate.format(typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d)

export const targetName = (l: TargetLine) =>
  `${l.target.indicator.code} ${l.target.indicator.title ?? ''}`.trim()

/** A figure in the indicator's unit, kept a number (to six places, no binary noise) for the spreadsheet. */
export function figureCell(l: TargetLine, v: number | null | undefined, suffix = ''): Cell {
  if (v === null || v === undefined) return null
  return { text: `${formatIndicatorValue(v, l.target.indicator)}${suffix}`, value: exportFigure(v) }
}

const direction = (d: string | undefined) => (d ? (directionLabels[d] ?? d) : directionLabels['n/a']!)

// ---- Status counts ----

export interface Group {
  label: string
  lines: TargetLine[]
}

const COUNT_COLUMNS = [
  { label: 'Group' },
  ...STATUSES.map((s) => ({ label: statusLabels[s] ?? s, numeric: true })),
  { label: 'Total', numeric: true },
]

const countRow = (label: string, lines: TargetLine[]): Cell[] => {
  const counts = countStatuses(lines)
  return [label, ...STATUSES.map((s) => counts[s] ?? 0), lines.length]
}

/** Targets by status per group, with a total row when there is more than one group. */
export function countsTable(
  caption: string,
  groupLabel: string,
  groups: Group[],
  total?: TargetLine[],
): TableBlock {
  return {
    type: 'table',
    caption,
    columns: [{ label: groupLabel }, ...COUNT_COLUMNS.slice(1)],
    rows: [
      ...groups.map((g) => countRow(g.label, g.lines)),
      ...(total ? [countRow('All targets', total)] : []),
    ],
    empty: 'No targets.',
  }
}

/** A bar per group of its targets by status, with the counts as its table. */
export function countsChart(title: string, groups: Group[], all: TargetLine[]): ChartBlock {
  const bars = groups.map((g) => {
    const counts = countStatuses(g.lines)
    return {
      label: g.label,
      counts: Object.fromEntries(STATUSES.filter((s) => (counts[s] ?? 0) > 0).map((s) => [s, counts[s]])),
    }
  })
  const c = countStatuses(all)
  return {
    type: 'chart',
    title,
    description:
      `${all.length} target${all.length === 1 ? '' : 's'}: ${c.green} green, ${c.amber} amber, ${c.red} red ` +
      `and ${all.length - c.green! - c.amber! - c.red!} not rated, in ${groups.length} group${groups.length === 1 ? '' : 's'}. ` +
      'The counts are in the table that follows.',
    spec: { chart: 'status-bars', bars },
    table: countsTable(title, 'Theme', groups, all),
  }
}

// ---- A target ----

const FIGURE_COLUMNS = [
  { label: 'Target' },
  { label: 'Period' },
  { label: 'Status' },
  { label: 'Direction of travel' },
  { label: 'Value', numeric: true },
  { label: 'Target for the period', numeric: true },
  { label: 'Year-end forecast', numeric: true },
]

/** A target's row of figures: status, direction, value against target and forecast. */
export function figureRow(l: TargetLine): Cell[] {
  const r = l.row
  return [
    targetName(l),
    r?.period ?? 'No figures yet',
    statusCell(r?.status),
    direction(r?.direction),
    figureCell(l, r?.value, r?.provisional ? ' (provisional)' : ''),
    figureCell(l, r?.targetValue),
    figureCell(
      l,
      r?.forecastValue,
      r && r.forecastValue !== null ? ` (${statusLabels[r.forecastStatus] ?? r.forecastStatus})` : '',
    ),
  ]
}

/** Several targets' figures in one table (no commentary). */
export function figuresTable(caption: string, lines: TargetLine[], empty = 'No targets.'): TableBlock {
  return { type: 'table', caption, columns: FIGURE_COLUMNS, rows: lines.map(figureRow), empty }
}

/** The lead officer's commentary for the period, as it stood at the report's moment. */
export function commentaryBlock(c: Commentary | undefined): TextBlock {
  if (!c) return { type: 'text', text: 'No commentary for this period.' }
  const parts = [c.commentary]
  if (c.actions) parts.push(`What is being done: ${c.actions}`)
  if (c.supportNeeded) parts.push(`Support needed: ${c.supportNeeded}`)
  return {
    type: 'text',
    text: parts.join('\n\n'),
    attribution: `${c.authorLabel}, ${ukLongDate(c.recordedAt)}`,
  }
}

/** The target's trend as a small chart with its table: actual and target per period. */
export function trendChart(l: TargetLine, rows: ShownRow[]): ChartBlock | null {
  if (rows.length < 2) return null
  const name = targetName(l)
  const fmt = (v: number | null) => figureCell(l, v)
  return {
    type: 'chart',
    title: `${name}: trend`,
    description: `${name}: the value and the target in each of the ${rows.length} periods to ${rows.at(-1)!.period}. The figures are in the table that follows.`,
    spec: {
      chart: 'trend',
      points: rows.map((r) => ({ period: r.period, actual: r.value, target: r.targetValue })),
      ...(l.target.indicator.unit ? { unit: l.target.indicator.unit } : {}),
    },
    table: {
      type: 'table',
      caption: `${name}: trend`,
      columns: [{ label: 'Period' }, { label: 'Value', numeric: true }, { label: 'Target', numeric: true }],
      rows: rows.map((r) => [r.period, fmt(r.value), fmt(r.targetValue)]),
    },
  }
}

/** How many periods a target's trend shows in a report (the period and the four before it). */
export const REPORT_TREND_POINTS = 5

/** A target: its figures, directly under them its commentary, then (if asked) its trend. */
export function targetBlocks(l: TargetLine, data: SteeringData, opts: { trend?: boolean } = {}): Block[] {
  const blocks: Block[] = [
    figuresTable(targetName(l), [l]),
    commentaryBlock(data.commentary.get(l.target.id)),
  ]
  if (opts.trend) {
    const chart = trendChart(l, (data.history.get(l.target.id) ?? []).slice(-REPORT_TREND_POINTS))
    if (chart) blocks.push(chart)
  }
  return blocks
}

// ---- Groups ----

const byRef = (a: CurrentNode, b: CurrentNode) => a.ref.localeCompare(b.ref, 'en', { numeric: true })

/** The report's themes, each with its targets, then targets linked to no theme (when not cut). */
export function themeGroups(data: SteeringData, cut: boolean): (Group & { theme: CurrentNode | null })[] {
  const groups: (Group & { theme: CurrentNode | null })[] = data.themes.map((t) => ({
    theme: t,
    label: `${t.ref} ${t.title}`,
    lines: data.lines.filter((l) => l.themes.some((x) => x.id === t.id)),
  }))
  const none = data.lines.filter((l) => l.themes.length === 0)
  if (!cut && none.length) groups.push({ theme: null, label: 'Not linked to a theme', lines: none })
  return groups.filter((g) => g.lines.length > 0 || g.theme)
}

/**
 * A theme's outcomes, each with its targets (a target linked to a sub-outcome counts under its
 * outcome; one linked to the theme itself under the theme).
 */
export function outcomeGroups(data: SteeringData, theme: CurrentNode, lines: TargetLine[]) {
  const byId = new Map([...data.nodes.values()].map((n) => [n.id, n]))
  const outcomeOf = (n: CurrentNode): CurrentNode => {
    let cur = n
    for (let i = 0; i < 20 && cur.kind === 'sub_outcome' && cur.parentId && byId.has(cur.parentId); i++)
      cur = byId.get(cur.parentId)!
    return cur
  }
  const groups = new Map<string, { node: CurrentNode; lines: TargetLine[] }>()
  for (const l of lines)
    for (const key of l.target.outcomeKeys) {
      const node = data.nodes.get(key)
      if (!node) continue
      const o = outcomeOf(node)
      if (o.id !== theme.id && o.parentId !== theme.id) continue
      const g = groups.get(o.id) ?? { node: o, lines: [] }
      if (!g.lines.includes(l)) g.lines.push(l)
      groups.set(o.id, g)
    }
  return [...groups.values()].sort((a, b) => byRef(a.node, b.node))
}

// ---- What changed, overdue returns ----

/** Targets whose status moved between the period before and the one they show, worst first. */
export function changesTables(data: SteeringData): TableBlock[] {
  const rank: Record<string, number> = { red: 0, amber: 1, green: 2 }
  const moved = data.lines.flatMap((l) => {
    const now = l.row
    const before = data.previous.get(l.target.id)
    if (!now || !before) return []
    const to = rank[now.status]
    const from = rank[before.status]
    if (to === undefined || from === undefined || to === from) return []
    return [{ l, now, before, by: to - from }]
  })
  const row = (m: (typeof moved)[number]): Cell[] => [
    targetName(m.l),
    {
      status: m.before.status as ReportStatus,
      text: `${statusLabels[m.before.status]} (${m.before.period})`,
    },
    { status: m.now.status as ReportStatus, text: `${statusLabels[m.now.status]} (${m.now.period})` },
  ]
  const columns = [{ label: 'Target' }, { label: 'Was' }, { label: 'Now' }]
  return [
    {
      type: 'table',
      caption: 'Slipped',
      columns,
      rows: moved
        .filter((m) => m.by < 0)
        .sort((a, b) => a.by - b.by)
        .map(row),
      empty: 'No target slipped.',
    },
    {
      type: 'table',
      caption: 'Improved',
      columns,
      rows: moved
        .filter((m) => m.by > 0)
        .sort((a, b) => b.by - a.by)
        .map(row),
      empty: 'No target improved.',
    },
  ]
}

/** The returns owed once the round's due date had passed, by organisation. */
export function overdueBlocks(o: Overdue): Block[] {
  if (!o.round) return [{ type: 'text', text: 'The period has no collection round.' }]
  if (!o.closed)
    return [
      { type: 'text', text: `The round's returns were not yet due (due ${ukLongDate(o.round.dueOn)}).` },
    ]
  return [
    {
      type: 'table',
      caption: `Returns not submitted by ${ukLongDate(o.round.dueOn)}`,
      columns: [{ label: 'Organisation' }, { label: 'Indicator' }, { label: 'Place' }, { label: 'Status' }],
      rows: o.items.map((i) => [
        i.organisation,
        `${i.code} ${i.title ?? ''}`.trim(),
        i.place,
        valueStatusLabels[i.status as ValueStatus] ?? i.status,
      ]),
      empty: 'Every return was submitted.',
    },
  ]
}

/** Stored assessments as people read them: labels, formatted numbers, the chart. */
import { lineChart } from '../../lib/charts/line-chart.ts'
import {
  describeShares,
  describeTrend,
  sparkline,
  statusBar,
  type BarSegment,
  type Tone,
} from '../../lib/charts/status-bar.ts'
import { decimalsOf, formatIndicatorValue, formatMoney as money, formatShare } from '../../lib/numbers.ts'
import { accumulationOf } from '../assessments/rules/accumulation.ts'
import type { StoredAssessment } from '../assessments/assessments.service.ts'
import type { Change } from './dashboard.changes.ts'
import {
  STATUSES,
  type DashboardService,
  type DashboardTarget,
  type TargetLine,
  type TrendPoint,
} from './dashboard.service.ts'

export const statusLabels: Record<string, string> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  'no-data': 'No data',
  'no-target': 'No target',
  'n/a': 'Not rated',
}

export const statusTagClass: Record<string, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--orange',
  red: 'govuk-tag--red',
  'no-data': 'govuk-tag--grey',
  'no-target': 'govuk-tag--grey',
  'n/a': 'govuk-tag--grey',
}

export const directionLabels: Record<string, string> = {
  improving: 'Improving',
  worsening: 'Worsening',
  unchanged: 'Unchanged',
  'n/a': '–',
}

export const kindLabels: Record<string, string> = {
  designated: 'Designated',
  mandatory: 'Mandatory',
  local: 'Local',
  reward: 'Reward',
}

type Row = StoredAssessment['row']

/** What the presenters need of an indicator to show its figures. */
export interface FigureIndicator {
  unit: string | null
  ratePer: number | null
  decimals?: number | null
  accumulation?: string | null
}

const formatValue = formatIndicatorValue

/** Whether the indicator's stored figures are year-to-date ones (assessment.md, cumulative). */
export const isCumulative = (i: FigureIndicator) => accumulationOf(i.unit, i.accumulation) === 'cumulative'

/** One stored row, formatted for a table (to the indicator's decimal places). */
export function presentRow(r: Row, indicator: FigureIndicator) {
  return {
    period: r.period,
    value: formatValue(r.value, indicator),
    derived: r.valueSource === 'derived',
    /** Value and target are the year to date (a cumulative indicator). */
    ytd: isCumulative(indicator),
    provisional: r.provisional,
    target: formatValue(r.targetValue, indicator),
    status: r.status,
    statusLabel: statusLabels[r.status] ?? r.status,
    statusClass: statusTagClass[r.status] ?? 'govuk-tag--grey',
    direction: directionLabels[r.direction] ?? r.direction,
    directionBaseline: directionLabels[r.directionBaseline] ?? r.directionBaseline,
    forecast: formatValue(r.forecastValue, indicator),
    forecastStatus: statusLabels[r.forecastStatus] ?? r.forecastStatus,
    rewardShare: formatShare(r.rewardShare),
    rewardPayable: money(r.rewardPayable),
    needsPlan: r.needsPlan,
  }
}

export const formatMoney = money

/**
 * Actuals against the trajectory, with the amber limit of the tolerance band, the baseline and
 * the year-end forecast from the latest value. The numbers are in the table beside it. For a
 * cumulative indicator the actuals and targets are the year to date (its profile), and the
 * baseline — an annual figure, compared with the forecast year-end — is left to the table: as a
 * line it would squash the year-to-date figures. The y-axis runs over the figures drawn, not from 0.
 */
export function assessmentChart(t: DashboardTarget, series: Row[]) {
  const labels = series.map((r) => r.period)
  const fmt = (n: number) => formatValue(n, t.indicator)
  const places = decimalsOf(t.indicator)
  const tickFormat = (n: number, stepDecimals: number) =>
    formatValue(n, { ...t.indicator, decimals: Math.max(places, stepDecimals) })
  const cumulative = isCumulative(t.indicator)
  const tol = (t.tolerancePercent ?? 5) / 100
  const worse = t.indicator.polarity === 'lower' ? 1 : -1
  const idx = (pred: (r: Row) => boolean) => series.flatMap((r, i) => (pred(r) ? [i] : []))
  const actual = idx((r) => r.value !== null).map((i) => ({ x: i, value: series[i]!.value! }))
  const targetPts = idx((r) => r.targetValue !== null).map((i) => ({ x: i, value: series[i]!.targetValue! }))
  const limit =
    t.indicator.polarity === 'higher' || t.indicator.polarity === 'lower'
      ? targetPts.map((p) => ({ x: p.x, value: p.value + worse * tol * Math.abs(p.value) }))
      : []
  const last = actual.at(-1)
  const lastRow = last ? series[last.x] : undefined
  let forecastPts: { x: number; value: number }[] = []
  if (last && lastRow?.forecastValue !== null && lastRow?.forecastValue !== undefined) {
    // The forecast is for the last period of the same financial year.
    const year = lastRow.period.slice(0, 7)
    const end = series.reduce((e, r, i) => (r.period.startsWith(year) ? i : e), last.x)
    if (end > last.x) forecastPts = [last, { x: end, value: lastRow.forecastValue }]
  }
  const baseline =
    t.baselineValue !== null && labels.length && !cumulative
      ? [
          { x: 0, value: t.baselineValue },
          { x: labels.length - 1, value: t.baselineValue },
        ]
      : []
  const name = `${t.indicator.code} ${t.indicator.title ?? ''}`.trim()
  return lineChart({
    id: `assessment-${t.id.slice(0, 8)}`,
    title: cumulative
      ? `${name}: year to date against the profile`
      : `${name}: actual values against the trajectory`,
    description:
      `${actual.length} ${cumulative ? 'year-to-date figure' : 'actual value'}${actual.length === 1 ? '' : 's'} and ${targetPts.length} target${targetPts.length === 1 ? '' : 's'} over ${labels.length} periods` +
      (limit.length
        ? `, with the amber limit ${t.tolerancePercent}% ${worse > 0 ? 'above' : 'below'} each target`
        : '') +
      (baseline.length ? `, the baseline of ${fmt(t.baselineValue!)}` : '') +
      (forecastPts.length ? ` and a year-end forecast of ${fmt(forecastPts[1]!.value)}` : '') +
      '. The values are in the table that follows.',
    labels,
    format: fmt,
    tickFormat,
    width: 960,
    series: [
      { name: cumulative ? 'Year to date' : 'Actual', kind: 'actual', points: actual },
      { name: cumulative ? 'Year-to-date target' : 'Target', kind: 'target', points: targetPts },
      ...(limit.length ? [{ name: 'Amber limit', kind: 'limit' as const, points: limit }] : []),
      ...(baseline.length ? [{ name: 'Baseline', kind: 'baseline' as const, points: baseline }] : []),
      ...(forecastPts.length ? [{ name: 'Forecast', kind: 'forecast' as const, points: forecastPts }] : []),
    ],
  })
}

/** The three ratings, in the order a bar and its words show them; every other status is not rated. */
export const RATED = ['green', 'amber', 'red'] as const
export const NOT_RATED_LABEL = 'Not rated'
const TONE: Record<string, Tone> = { green: 'good', amber: 'warning', red: 'bad' }

/** Counts by status as a bar's shares: green, amber, red, then not rated (no data, no target, n/a). */
export function statusShares(counts: Record<string, number>) {
  const notRated = Object.entries(counts)
    .filter(([s]) => !(RATED as readonly string[]).includes(s))
    .reduce((n, [, c]) => n + c, 0)
  return [
    ...RATED.map((s) => ({
      status: s,
      label: statusLabels[s]!,
      tagClass: statusTagClass[s]!,
      count: counts[s] ?? 0,
    })),
    { status: 'not-rated', label: NOT_RATED_LABEL, tagClass: 'govuk-tag--grey', count: notRated },
  ]
}

/**
 * A theme's targets by status, at a glance: the bar (an image whose description says the shares in
 * words) and the same shares as words and figures for the page to show beside it.
 */
export function themeBar(id: string, title: string, counts: Record<string, number>) {
  const shares = statusShares(counts)
  const segments: BarSegment[] = shares.map((s) => ({
    label: s.label,
    count: s.count,
    tone: TONE[s.status] ?? 'none',
  }))
  return {
    shares,
    total: shares.reduce((n, s) => n + s.count, 0),
    words: describeShares(segments),
    svg: statusBar({ id, title, segments }),
  }
}

/** A target's trend: a sparkline labelled with its periods and figures, and the same in words. */
export function presentTrend(
  t: Pick<DashboardTarget, 'id' | 'indicator'>,
  points: readonly { period: string; value: number | null }[],
) {
  if (points.length < 2) return undefined
  const ytd = isCumulative(t.indicator)
  const o = {
    label: `${t.indicator.code} trend${ytd ? ', year to date' : ''}`,
    values: points.map((p) => p.value),
    labels: points.map((p) => p.period),
    format: (n: number) => formatValue(n, t.indicator),
  }
  return { svg: sparkline(o), text: describeTrend(o) }
}

type Headline = Awaited<ReturnType<DashboardService['headline']>>
const glanceOrder: Record<string, number> = { red: 0, amber: 1, green: 2 }

/** A change of status as the page says it: from what, in which period, to what. */
function presentChange(c: Change) {
  return {
    targetId: c.targetId,
    code: c.code,
    title: c.title,
    from: {
      label: statusLabels[c.previous.status] ?? c.previous.status,
      tagClass: statusTagClass[c.previous.status] ?? 'govuk-tag--grey',
      period: c.previous.period,
    },
    to: {
      label: statusLabels[c.latest.status] ?? c.latest.status,
      tagClass: statusTagClass[c.latest.status] ?? 'govuk-tag--grey',
      period: c.latest.period,
    },
  }
}

/**
 * The dashboard at a glance: a bar per theme with its shares in words, the counts table, what
 * changed since the period before, every target with its status in words and its trend (red
 * first), the targets needing an improvement plan and the reward targets.
 */
export function presentDashboard(h: Headline, trends: ReadonlyMap<string, readonly TrendPoint[]>) {
  const line = (l: TargetLine) => ({
    id: l.target.id,
    code: l.target.indicator.code,
    title: l.target.indicator.title,
    row: l.row ? presentRow(l.row, l.target.indicator) : undefined,
    grant: formatMoney(l.target.rewardGrant),
  })
  const glance = [...h.lines]
    .sort(
      (a, b) =>
        (glanceOrder[a.row?.status ?? ''] ?? 3) - (glanceOrder[b.row?.status ?? ''] ?? 3) ||
        a.target.indicator.code.localeCompare(b.target.indicator.code, 'en', { numeric: true }),
    )
    .map((l) => ({
      ...line(l),
      themes: l.themes.map((t) => `${t.ref} ${t.title}`).join('; '),
      trend: presentTrend(l.target, trends.get(l.target.id) ?? []),
    }))
  return {
    statuses: STATUSES,
    statusLabels,
    statusTagClass,
    total: h.total,
    notRated: h.notRated,
    all: Object.values(h.total).reduce((n, c) => n + c, 0),
    overall: themeBar('status-all', 'All targets by status', h.total),
    byTheme: h.byTheme.map((t, i) => ({
      ...t,
      all: Object.values(t.counts).reduce((n, c) => n + c, 0),
      bar: themeBar(
        `status-theme-${i + 1}`,
        t.theme
          ? `${t.theme.ref} ${t.theme.title}: targets by status`
          : 'Targets not linked to a theme, by status',
        t.counts,
      ),
    })),
    changes: {
      slipped: h.changes.slipped.map(presentChange),
      improved: h.changes.improved.map(presentChange),
    },
    glance,
    needsPlan: h.needsPlan.map(line),
    rewards: h.rewards.map(line),
    rewardTotal: formatMoney(h.rewardTotal),
    rewardMax: formatMoney(h.rewardMax),
  }
}

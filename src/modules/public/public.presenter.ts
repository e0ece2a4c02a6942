/** The public site's figures as people read them: plain words, status in colour and words, charts with tables. */
import { lineChart } from '../../lib/charts/line-chart.ts'
import { decimalsOf, formatIndicatorValue } from '../../lib/numbers.ts'
import {
  directionLabels,
  isCumulative,
  statusLabels,
  statusTagClass,
} from '../dashboard/dashboard.presenter.ts'
import type { StoredAssessment } from '../assessments/assessments.service.ts'
import { periodSlug, publicPaths } from './public.addresses.ts'
import type { PublicOverview, PublicPeriod, PublicTarget } from './public.service.ts'

type Row = StoredAssessment['row']
type Indicator = PublicTarget['target']['indicator']

/** Plain words for each status: what it means, not just its colour. */
export const publicStatusLabels: Record<string, string> = {
  green: 'On track',
  amber: 'Slightly off track',
  red: 'Off track',
  'no-data': 'No approved figure yet',
  'no-target': 'No target set for this period',
  'n/a': 'Not rated',
}

export const polarityLabels: Record<string, string> = {
  higher: 'A higher figure is better',
  lower: 'A lower figure is better',
}

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
export const lastUpdatedText = (d: Date | null) => (d ? DATE.format(d) : 'Not yet')

/**
 * The approved figures against the target for each period, and the baseline, in plain words (the
 * dashboard's chart also draws the amber limit and a forecast, which the public site does not
 * show). The numbers are in the table after it.
 */
export function publicChart(v: Pick<PublicTarget, 'target' | 'ownRows'>) {
  const t = v.target
  const rows = v.ownRows
  const fmt = (n: number) => formatIndicatorValue(n, t.indicator)
  const places = decimalsOf(t.indicator)
  const ytd = isCumulative(t.indicator)
  const points = (pick: (r: Row) => number | null) =>
    rows.flatMap((r, x) => (pick(r) === null ? [] : [{ x, value: pick(r)! }]))
  const actual = points((r) => r.value)
  const target = points((r) => r.targetValue)
  const baseline =
    t.baselineValue !== null && rows.length && !ytd
      ? [
          { x: 0, value: t.baselineValue },
          { x: rows.length - 1, value: t.baselineValue },
        ]
      : []
  const name = `${t.indicator.code} ${t.indicator.title ?? ''}`.trim()
  return lineChart({
    id: `public-${t.id.slice(0, 8)}`,
    title: `${name}: approved figures${ytd ? ' for the year so far' : ''} against the target`,
    description:
      `${actual.length} approved figure${actual.length === 1 ? '' : 's'} and ${target.length} target${target.length === 1 ? '' : 's'} over ${rows.length} periods` +
      (baseline.length ? `, with the starting point of ${fmt(t.baselineValue!)}` : '') +
      '. The figures are in the table that follows.',
    labels: rows.map((r) => r.period),
    format: fmt,
    tickFormat: (n, stepDecimals) =>
      formatIndicatorValue(n, { ...t.indicator, decimals: Math.max(places, stepDecimals) }),
    width: 960,
    series: [
      { name: 'Approved figure', kind: 'actual', points: actual },
      { name: 'Target', kind: 'target', points: target },
      ...(baseline.length ? [{ name: 'Starting point', kind: 'baseline' as const, points: baseline }] : []),
    ],
  })
}

/** One period's figure: value, target, status (colour and words) and direction. */
export function presentFigure(r: Row, indicator: Indicator) {
  return {
    period: r.period,
    periodSlug: periodSlug(r.period),
    value: formatIndicatorValue(r.value, indicator),
    hasValue: r.value !== null,
    target: formatIndicatorValue(r.targetValue, indicator),
    status: r.status,
    colour: statusLabels[r.status] ?? r.status,
    statusText: publicStatusLabels[r.status] ?? r.status,
    statusClass: statusTagClass[r.status] ?? 'govuk-tag--grey',
    direction: r.value === null || r.direction === 'n/a' ? '' : (directionLabels[r.direction] ?? ''),
  }
}

/** A target as a line in a list: its code, name, address and latest approved status. */
function presentLine(site: string, l: PublicOverview['lines'][number]) {
  const { t, f } = l
  return {
    code: t.indicator.code,
    title: t.indicator.title ?? '',
    href: publicPaths.target(site, t.indicator.code),
    latest: f.latest ? presentFigure(f.latest, f.target.indicator) : undefined,
  }
}

/** The home page: vision, themes (with how many published targets serve each) and counts by status. */
export function presentHome(o: PublicOverview) {
  const site = o.partnership.slug
  const themes = o.strategy.nodes.filter((n) => !n.parentId)
  const themeOf = themeFinder(o.strategy.nodes)
  return {
    vision: o.strategy.vision,
    strategyTitle: o.strategy.title,
    draftStrategy: o.strategy.draft,
    themes: themes.map((th) => ({
      ref: th.ref,
      title: th.title,
      targets: o.lines.filter((l) => l.t.outcomes.some((x) => x.node && themeOf(x.node.id) === th.id)).length,
    })),
    targets: o.lines.length,
    counts: ['green', 'amber', 'red'].map((s) => ({
      status: s,
      colour: statusLabels[s],
      text: publicStatusLabels[s],
      tagClass: statusTagClass[s],
      count: o.lines.filter((l) => l.f.latest?.status === s).length,
    })),
    notRated: o.lines.filter((l) => !['green', 'amber', 'red'].includes(l.f.latest?.status ?? '')).length,
    lines: o.lines.map((l) => presentLine(site, l)),
  }
}

function themeFinder(nodes: PublicOverview['strategy']['nodes']) {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  return (id: string) => {
    let cur = byId.get(id)
    for (let i = 0; i < 20 && cur?.parentId && byId.has(cur.parentId); i++) cur = byId.get(cur.parentId)
    return cur?.id
  }
}

/** Outcomes under their themes, each with the published targets linked to it. */
export function presentOutcomes(o: PublicOverview) {
  const site = o.partnership.slug
  const themeOf = themeFinder(o.strategy.nodes)
  const linked = (nodeId: string) =>
    o.lines.filter((l) => l.t.outcomes.some((x) => x.node?.id === nodeId)).map((l) => presentLine(site, l))
  const themes = o.strategy.nodes
    .filter((n) => !n.parentId)
    .map((th) => ({
      ref: th.ref,
      title: th.title,
      targets: linked(th.id),
      outcomes: o.strategy.nodes
        .filter((n) => n.parentId && themeOf(n.id) === th.id)
        .map((n) => ({ ref: n.ref, title: n.title, sub: n.kind === 'sub_outcome', targets: linked(n.id) })),
    }))
  const unlinked = o.lines.filter((l) => !l.t.outcomes.some((x) => x.node)).map((l) => presentLine(site, l))
  return { themes, unlinked, draftStrategy: o.strategy.draft }
}

/** A target's page: latest approved status, chart and its table, places, published commentary. */
export function presentTarget(v: PublicTarget) {
  const indicator = v.target.indicator
  const rows = v.ownRows.map((r) => presentFigure(r, indicator))
  const latestPlaces = v.latest
    ? v.all
        .filter((r) => r.row.period === v.latest!.period && r.row.placeId !== v.target.ownPlaceId)
        // A place with neither an approved figure nor a target says nothing.
        .filter((r) => r.row.value !== null || r.row.targetValue !== null)
        .sort((a, b) => a.placeDepth - b.placeDepth || a.placeName.localeCompare(b.placeName))
        .map((r) => ({ place: r.placeName, ...presentFigure(r.row, indicator) }))
    : []
  const ownPlace = v.all.find((r) => r.row.placeId === v.target.ownPlaceId)?.placeName ?? null
  return {
    code: indicator.code,
    title: indicator.title ?? '',
    polarity: polarityLabels[indicator.polarity ?? ''] ?? null,
    ytd: isCumulative(indicator),
    ownPlace,
    agreement: v.published.agreement.name,
    baseline: formatIndicatorValue(v.target.baselineValue, indicator),
    baselinePeriod: v.target.baselinePeriod,
    latest: v.latest ? presentFigure(v.latest, indicator) : undefined,
    // A chart of nothing says nothing: only with an approved figure or a target to draw.
    chart: v.ownRows.some((r) => r.value !== null || r.targetValue !== null) ? publicChart(v) : '',
    rows,
    trajectory: rows.filter((r) => r.target !== ''),
    latestPlaces,
    commentary: v.commentary[0] ?? null,
    earlierCommentary: v.commentary.slice(1).map((c) => ({ ...c, periodSlug: periodSlug(c.period) })),
    lastUpdated: lastUpdatedText(v.lastUpdated),
  }
}

/** One period of a target: the figure at its own place and every other place, that period's commentary. */
export function presentPeriod(v: PublicPeriod) {
  const indicator = v.target.indicator
  return {
    code: indicator.code,
    title: indicator.title ?? '',
    polarity: polarityLabels[indicator.polarity ?? ''] ?? null,
    ytd: isCumulative(indicator),
    figure: presentFigure(v.row, indicator),
    places: v.places
      .filter((r) => r.row.placeId !== v.target.ownPlaceId)
      .filter((r) => r.row.value !== null || r.row.targetValue !== null)
      .sort((a, b) => a.placeDepth - b.placeDepth || a.placeName.localeCompare(b.placeName))
      .map((r) => ({ place: r.placeName, ...presentFigure(r.row, indicator) })),
    ownPlace: v.places.find((r) => r.row.placeId === v.target.ownPlaceId)?.placeName ?? null,
    commentary: v.periodCommentary,
    lastUpdated: lastUpdatedText(v.lastUpdated),
  }
}

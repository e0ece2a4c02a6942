/** Stored assessments as people read them: labels, formatted numbers, the chart. */
import { lineChart } from '../../lib/charts/line-chart.ts'
import { formatValue } from '../indicators/indicators.presenter.ts'
import type { StoredAssessment } from '../assessments/assessments.queries.ts'
import type { DashboardTarget } from './dashboard.queries.ts'

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

// Formatters made once (see formatValue): a page formats hundreds of numbers.
const pounds = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const onePlace = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })
const money = (n: number | null | undefined) => (n === null || n === undefined ? '' : `£${pounds.format(n)}`)
const percent = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : `${onePlace.format(n * 100)}%`

/** One stored row, formatted for a table. */
export function presentRow(r: Row, indicator: { unit: string | null; ratePer: number | null }) {
  return {
    period: r.period,
    value: formatValue(r.value, indicator),
    derived: r.valueSource === 'derived',
    provisional: r.provisional,
    target: formatValue(r.targetValue, indicator),
    status: r.status,
    statusLabel: statusLabels[r.status] ?? r.status,
    statusClass: statusTagClass[r.status] ?? 'govuk-tag--grey',
    direction: directionLabels[r.direction] ?? r.direction,
    directionBaseline: directionLabels[r.directionBaseline] ?? r.directionBaseline,
    forecast: formatValue(r.forecastValue, indicator),
    forecastStatus: statusLabels[r.forecastStatus] ?? r.forecastStatus,
    rewardShare: percent(r.rewardShare),
    rewardPayable: money(r.rewardPayable),
    needsPlan: r.needsPlan,
  }
}

export const formatMoney = money

/**
 * Actuals against the trajectory, with the amber limit of the tolerance band, the baseline and
 * the year-end forecast from the latest value. The numbers are in the table beside it.
 */
export function assessmentChart(t: DashboardTarget, series: Row[]) {
  const labels = series.map((r) => r.period)
  const fmt = (n: number) => formatValue(n, t.indicator)
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
    t.baselineValue !== null && labels.length
      ? [
          { x: 0, value: t.baselineValue },
          { x: labels.length - 1, value: t.baselineValue },
        ]
      : []
  const name = `${t.indicator.code} ${t.indicator.title ?? ''}`.trim()
  return lineChart({
    id: `assessment-${t.id.slice(0, 8)}`,
    title: `${name}: actual values against the trajectory`,
    description:
      `${actual.length} actual value${actual.length === 1 ? '' : 's'} and ${targetPts.length} target${targetPts.length === 1 ? '' : 's'} over ${labels.length} periods` +
      (limit.length
        ? `, with the amber limit ${t.tolerancePercent}% ${worse > 0 ? 'above' : 'below'} each target`
        : '') +
      (baseline.length ? `, the baseline of ${fmt(t.baselineValue!)}` : '') +
      (forecastPts.length ? ` and a year-end forecast of ${fmt(forecastPts[1]!.value)}` : '') +
      '. The values are in the table that follows.',
    labels,
    format: fmt,
    width: 960,
    series: [
      { name: 'Actual', kind: 'actual', points: actual },
      { name: 'Target', kind: 'target', points: targetPts },
      ...(limit.length ? [{ name: 'Amber limit', kind: 'reference' as const, points: limit }] : []),
      ...(baseline.length ? [{ name: 'Baseline', kind: 'reference' as const, points: baseline }] : []),
      ...(forecastPts.length ? [{ name: 'Forecast', kind: 'reference' as const, points: forecastPts }] : []),
    ],
  })
}

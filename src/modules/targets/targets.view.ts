/** The target page's view model: labels, the trajectory table and its accessible chart. */
import { lineChart } from '../../lib/charts/line-chart.ts'
import { comparePeriods } from '../../periods/index.ts'
import { formatIndicatorValue as formatValue, formatMoney } from '../../lib/numbers.ts'
import {
  indicatorSetLabels,
  polarityLabels,
  frequencyLabels,
  unitLabels,
} from '../indicators/indicators.schema.ts'
import { targetKindShort, targetStatusLabels } from './targets.schema.ts'
import type { TargetView, TrajectoryRow } from './targets.service.ts'

export const targetLabels = {
  kind: targetKindShort,
  status: targetStatusLabels,
  set: indicatorSetLabels,
  polarity: polarityLabels,
  frequency: frequencyLabels,
  unit: unitLabels,
}

export const statusTagClass: Record<string, string> = {
  proposed: 'govuk-tag--grey',
  negotiating: 'govuk-tag--yellow',
  agreed: 'govuk-tag--green',
  placeholder: 'govuk-tag--orange',
}

/** The trajectory chart: the target's own place, its years (or its profile when it has no years). */
export function trajectoryChart(v: TargetView, trajectory: TrajectoryRow[], id = 'trajectory-chart') {
  const fmt = (n: number) => formatValue(n, v.indicator)
  const own = trajectory.filter((r) => !r.placeId)
  const years = own.filter((r) => r.periodType === 'year')
  const points = (years.length ? years : own).sort((a, b) => comparePeriods(a.period, b.period))
  if (points.length === 0) return null
  const baseline =
    v.version.baselinePeriod && v.version.baselineValue !== null
      ? { period: v.version.baselinePeriod, value: v.version.baselineValue }
      : null
  const labels = [...(baseline ? [baseline.period] : []), ...points.map((p) => p.period)]
  const first = points[0]!
  const last = points[points.length - 1]!
  const polarity = v.indicator.polarity ? ` ${polarityLabels[v.indicator.polarity as 'higher']}.` : ''
  const description =
    `${baseline ? `Baseline ${fmt(baseline.value)} in ${baseline.period}. ` : ''}` +
    `Target ${fmt(first.value)} in ${first.period}` +
    (points.length > 1 ? `, ${fmt(last.value)} in ${last.period}.` : '.') +
    polarity +
    ' The values are in the table that follows.'
  const offset = baseline ? 1 : 0
  return lineChart({
    id,
    title: `${v.indicator.code} trajectory`,
    description,
    labels,
    format: fmt,
    series: [
      { name: 'Target', kind: 'target', points: points.map((p, i) => ({ x: i + offset, value: p.value })) },
      ...(baseline
        ? [{ name: 'Baseline', kind: 'baseline' as const, points: [{ x: 0, value: baseline.value }] }]
        : []),
    ],
  })
}

/** Trajectory rows grouped for tables: the target's own place, then each other place. */
export function trajectoryTables(v: TargetView, trajectory: TrajectoryRow[]) {
  const fmt = (n: number) => formatValue(n, v.indicator)
  const groups = new Map<
    string,
    { place: string; rows: { period: string; value: string; recordedAt: Date }[] }
  >()
  for (const r of trajectory) {
    const key = r.placeId ?? ''
    const place = r.placeId ? `${r.placeName} (${r.placeGss})` : (v.place?.name ?? 'the partnership’s area')
    const g = groups.get(key) ?? { place, rows: [] }
    g.rows.push({ period: r.period, value: fmt(r.value), recordedAt: r.recordedAt })
    groups.set(key, g)
  }
  const own = groups.get('')
  groups.delete('')
  return { own: own ?? null, places: [...groups.values()] }
}

const row = (key: string, text: string) => ({ key: { text: key }, value: { text } })
const ukDate = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })

/** The "The target" summary list rows. */
export function targetSummaryRows(v: TargetView) {
  const fmt = (n: number | null) => (n === null ? '' : formatValue(n, v.indicator))
  const money = (n: number | null) => formatMoney(n)
  const x = v.version
  const rows = [
    row('Kind', targetKindShort[x.kind as 'local']),
    row('Negotiation status', targetStatusLabels[x.status as 'agreed']),
    row('Place', v.place ? `${v.place.name} (${v.place.gssCode})` : 'The partnership’s area'),
    row('Baseline', x.baselinePeriod ? `${fmt(x.baselineValue)} in ${x.baselinePeriod}` : 'Not recorded'),
    row('Amber tolerance', `${x.tolerancePercent}%`),
  ]
  if (x.status === 'placeholder') rows.push(row('Still to agree', x.placeholderElements ?? ''))
  if (x.kind === 'reward')
    rows.push(
      row('Expected without the reward', fmt(x.withoutRewardValue)),
      row('Stretched target', fmt(x.stretchValue)),
      row('Maximum reward grant', money(x.rewardGrant)),
    )
  if (x.status === 'agreed')
    rows.push(
      row('Agreed', `${x.agreedBy ?? 'Recorded as agreed'}${x.agreedOn ? ` on ${ukDate(x.agreedOn)}` : ''}`),
    )
  rows.push(row('Published', x.published ? 'Yes: on the public site' : 'No'))
  if (x.notes) rows.push(row('Notes', x.notes))
  return rows
}

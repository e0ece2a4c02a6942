/**
 * The report's charts as accessible SVG, drawn from a chart block's spec: one image to assistive
 * technology (role="img" with a title and a description in words), its numbers in the block's
 * table beside it. Colour is never the only cue: lines differ by dash and marker, bars and cells
 * carry their counts and words.
 */
import { escapeXml, lineChart } from '../../lib/charts/line-chart.ts'
import { describeShares, statusBar, type BarSegment, type Tone } from '../../lib/charts/status-bar.ts'
import { statusLabels } from '../dashboard/dashboard.presenter.ts'
import {
  bandOf,
  impactDescriptors,
  likelihoodDescriptors,
  scale,
  type ScoreBand,
} from '../risks/risks.schema.ts'
import type { ChartBlock, ReportStatus } from './reports.model.ts'

type Spec = ChartBlock['spec']

/** The statuses in the order a bar shows them: the worst first, as the dashboard sorts. */
const BAR_ORDER: ReportStatus[] = ['red', 'amber', 'green', 'no-data', 'no-target', 'n/a']
const TONE: Partial<Record<ReportStatus, Tone>> = { green: 'good', amber: 'warning', red: 'bad' }

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })

/** The chart's SVG; `id` is unique in the document (its title and description ids derive from it). */
export function chartSvg(block: ChartBlock, id: string): string {
  const spec = block.spec
  switch (spec.chart) {
    case 'trend':
      return trendChart(block, spec, id)
    case 'status-bars':
      return statusBars(block, spec, id)
    case 'heatmap':
      return heatMap(block, spec, id)
  }
}

function trendChart(block: ChartBlock, spec: Extract<Spec, { chart: 'trend' }>, id: string): string {
  const suffix = spec.unit === 'percent' || spec.unit === '%' ? '%' : ''
  const format = (n: number) => `${numberFormat.format(n)}${suffix}`
  const series = (['actual', 'target'] as const).map((kind) => ({
    name: kind === 'actual' ? 'Actual' : 'Target',
    kind,
    points: spec.points.flatMap((p, x) => {
      const value = p[kind]
      return typeof value === 'number' && Number.isFinite(value) ? [{ x, value }] : []
    }),
  }))
  return lineChart({
    id,
    title: block.title,
    description: block.description,
    labels: spec.points.map((p) => p.period),
    series: series.filter((s) => s.points.length),
    format,
  })
}

/** One labelled bar a row (a theme's targets by status), each a status bar of the app's. */
function statusBars(block: ChartBlock, spec: Extract<Spec, { chart: 'status-bars' }>, id: string): string {
  const width = 640
  const labelWidth = 200
  const barWidth = width - labelWidth - 10
  const rowHeight = 40
  const barHeight = 28
  const barsHeight = Math.max(1, spec.bars.length) * rowHeight + 8
  const height = barsHeight + 32
  const words: string[] = []
  const rows = spec.bars.map((bar, i) => {
    const segments: BarSegment[] = BAR_ORDER.map((s) => ({
      label: statusLabels[s] ?? s,
      count: bar.counts[s] ?? 0,
      tone: TONE[s] ?? 'none',
    }))
    words.push(`${bar.label}: ${describeShares(segments)}`)
    const y = 4 + i * rowHeight
    // The app's bar, placed in this chart's frame: positioned and sized instead of filling the width.
    const svg = statusBar({
      id: `${id}-bar-${i}`,
      title: bar.label,
      segments,
      width: barWidth,
      height: barHeight,
    })
      .replace('<svg ', `<svg x="${labelWidth}" y="${y}" height="${barHeight}" `)
      .replace('width="100%"', `width="${barWidth}"`)
    const label = truncate(bar.label, Math.floor((labelWidth - 10) / 7.5))
    return (
      `<text x="${labelWidth - 10}" y="${y + barHeight / 2 + 5}" text-anchor="end" font-size="14" fill="#0b0c0c">${escapeXml(label)}</text>` +
      svg
    )
  })
  const description = sentences(block.description, ...words)
  const legend = barLegend(spec.bars, labelWidth, barsHeight + 12)
  return open(id, width, height, block.title, description) + rows.join('') + legend + '</svg>'
}

/** The bars' colours as status-bar.ts fills them, for the legend. */
const TONE_FILL: Record<Tone, string> = {
  good: '#00703c',
  warning: '#f47738',
  bad: '#d4351c',
  neutral: '#1d70b8',
  none: '#f3f2f1',
}

/** A swatch and the words for each colour the bars use ("No data, Not rated" share the pale one). */
function barLegend(bars: { counts: Partial<Record<ReportStatus, number>> }[], x0: number, y: number): string {
  const used = BAR_ORDER.filter((s) => bars.some((b) => (b.counts[s] ?? 0) > 0))
  const tones = [...new Set(used.map((s) => TONE[s] ?? 'none'))]
  let x = x0
  return tones
    .map((tone) => {
      const text = used
        .filter((s) => (TONE[s] ?? 'none') === tone)
        .map((s) => statusLabels[s] ?? s)
        .join(', ')
      const entry =
        `<rect x="${x}" y="${y}" width="16" height="16" fill="${TONE_FILL[tone]}" stroke="#505a5f" stroke-width="1"/>` +
        `<text x="${x + 22}" y="${y + 13}" font-size="13" fill="#0b0c0c">${escapeXml(text)}</text>`
      x += 22 + Math.ceil(text.length * 7.5) + 18
      return entry
    })
    .join('')
}

/** A 5 × 5 grid of risks by likelihood (rows, most likely at the top) and impact (columns). */
function heatMap(block: ChartBlock, spec: Extract<Spec, { chart: 'heatmap' }>, id: string): string {
  const left = 150
  const cell = { w: 96, h: 56 }
  const top = 8
  const width = left + cell.w * 5 + 10
  const height = top + cell.h * 5 + 70
  const count = (l: number, i: number) =>
    spec.cells.filter((c) => c.likelihood === l && c.impact === i).reduce((n, c) => n + c.count, 0)
  const cells: string[] = []
  const words: string[] = []
  for (const l of scale) {
    const y = top + (5 - l) * cell.h
    for (const i of scale) {
      const x = left + (i - 1) * cell.w
      const score = l * i
      const band = bandOf(score)
      const fill = BAND_FILL[band.tag]
      const n = count(l, i)
      if (n) words.push(`${n} at likelihood ${l}, impact ${i} (score ${score}, ${band.label.toLowerCase()})`)
      cells.push(
        `<rect class="gt-heat__cell gt-heat__cell--${band.id}" x="${x}" y="${y}" width="${cell.w}" height="${cell.h}" fill="${fill.fill}" stroke="#505a5f" stroke-width="1"/>` +
          `<text x="${x + cell.w / 2}" y="${y + 24}" text-anchor="middle" font-size="${n ? 18 : 14}" font-weight="${n ? 700 : 400}" fill="${fill.text}">${n ? n : '–'}</text>` +
          `<text x="${x + cell.w / 2}" y="${y + 44}" text-anchor="middle" font-size="12" fill="${fill.text}">${score} ${escapeXml(band.label)}</text>`,
      )
    }
    const d = likelihoodDescriptors[l]
    cells.push(
      `<text x="${left - 8}" y="${y + cell.h / 2 - 2}" text-anchor="end" font-size="13" fill="#0b0c0c">Likelihood ${l}</text>` +
        `<text x="${left - 8}" y="${y + cell.h / 2 + 14}" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeXml(d.label)}</text>`,
    )
  }
  for (const i of scale) {
    const x = left + (i - 1) * cell.w + cell.w / 2
    const y = top + 5 * cell.h
    cells.push(
      `<text x="${x}" y="${y + 18}" text-anchor="middle" font-size="13" fill="#0b0c0c">Impact ${i}</text>` +
        `<text x="${x}" y="${y + 34}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeXml(impactDescriptors[i].label)}</text>`,
    )
  }
  cells.push(
    `<text x="${left + (cell.w * 5) / 2}" y="${height - 8}" text-anchor="middle" font-size="13" font-weight="700" fill="#0b0c0c">Impact (columns) by likelihood (rows)</text>`,
  )
  const total = spec.cells.reduce((n, c) => n + c.count, 0)
  const description = sentences(
    block.description,
    total ? `${total} risk${total === 1 ? '' : 's'}: ${words.join('; ')}` : 'No risks',
  )
  return open(id, width, height, block.title, description) + cells.join('') + '</svg>'
}

/** The risk bands' tag colours (as the risk heat map page): dark text on each, 7:1 or more. */
const BAND_FILL: Record<ScoreBand['tag'], { fill: string; text: string }> = {
  green: { fill: '#cfe4dc', text: '#083d29' },
  yellow: { fill: '#ffee80', text: '#7a3c1c' },
  orange: { fill: '#fde4d7', text: '#7a3c1c' },
  red: { fill: '#f4d7d7', text: '#651b1b' },
}

function open(id: string, width: number, height: number, title: string, description: string) {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="gt-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>`
  )
}

/** "A. B. C.": the parts as sentences, whether or not they end in a full stop. */
const sentences = (...parts: string[]) =>
  parts
    .map((p) => p.trim().replace(/\.$/, ''))
    .filter(Boolean)
    .map((p) => `${p}.`)
    .join(' ')

const truncate = (s: string, max: number) => (s.length > max ? `${s.slice(0, Math.max(1, max - 1))}…` : s)

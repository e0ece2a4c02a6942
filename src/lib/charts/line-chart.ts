/**
 * Accessible SVG line charts, rendered on the server. The SVG is one image to assistive
 * technology (role="img" with a <title> and <desc>); the numbers go in a table beside it.
 * Styling uses SVG presentation attributes and classes only: the CSP forbids inline styles.
 * Series differ by dash pattern and marker shape as well as colour (WCAG 1.4.1).
 */

export interface ChartPoint {
  /** Index into the chart's labels. */
  x: number
  value: number
}

export interface ChartSeries {
  name: string
  /**
   * Each kind has its own colour, dash pattern and marker (never colour alone):
   * actual — solid black, circles; target — dashed blue, squares; limit (the amber limit) —
   * dash-dot dark amber, triangles; baseline — dotted grey, diamonds; forecast — short-dashed
   * purple, open circles; reference — anything else, dotted grey with diamonds.
   */
  kind: 'target' | 'actual' | 'limit' | 'baseline' | 'forecast' | 'reference'
  points: ChartPoint[]
}

export interface LineChartOptions {
  /** Unique in the page: the title and description ids derive from it. */
  id: string
  title: string
  description: string
  /** The x axis categories, in order (e.g. periods). */
  labels: string[]
  series: ChartSeries[]
  format?: (n: number) => string
  /**
   * How an axis tick reads, given the decimal places its step needs (a step of 0.5 needs 1), so
   * that ticks rounded to an indicator's places never read alike. `format` without it.
   */
  tickFormat?: (n: number, stepDecimals: number) => string
  width?: number
  height?: number
}

type Marker = 'square' | 'circle' | 'diamond' | 'triangle' | 'ring'

/** Every colour has at least 3:1 contrast with the white background (WCAG 1.4.11). */
const STYLE: Record<ChartSeries['kind'], { stroke: string; dash: string; marker: Marker }> = {
  target: { stroke: '#1d70b8', dash: '8 5', marker: 'square' },
  actual: { stroke: '#0b0c0c', dash: '', marker: 'circle' },
  limit: { stroke: '#b35600', dash: '10 4 2 4', marker: 'triangle' },
  baseline: { stroke: '#505a5f', dash: '2 4', marker: 'diamond' },
  forecast: { stroke: '#4c2c92', dash: '4 3', marker: 'ring' },
  reference: { stroke: '#505a5f', dash: '2 4', marker: 'diamond' },
}

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

const round = (n: number) => Math.round(n * 100) / 100

/** Round axis ticks: steps of 1, 2 or 5 times a power of ten, covering min..max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1]
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1
    min -= pad
    max += pad
  }
  const raw = (max - min) / Math.max(1, count - 1)
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power
  const start = Math.floor(min / step) * step
  const ticks: number[] = []
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)))
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)))
  return ticks
}

/** A generous width of one character of 13 px Arial, for laying out labels without measuring them. */
const CHAR_WIDTH = 7.5
/** The least space between two x-axis labels. */
const LABEL_GAP = 8
/** From one line of an x-axis label to the next. */
const LINE_HEIGHT = 15

/** The x-axis labels as drawn: each as one line or two, and the indexes of those drawn. */
export interface AxisLabels {
  lines: string[][]
  shown: number[]
}

/**
 * The x-axis labels that fit `spacing` px apart (their points' distance) without overlapping. All
 * of them on one line when they fit; else, when that fits, each split in two lines at its last
 * space ("2009/10 Q3" as "2009/10" over "Q3"); else every kth one, always the first and the last
 * (two lines when that is narrower). The numbers for every period are in the table beside a chart.
 */
export function axisLabels(labels: readonly string[], spacing: number): AxisLabels {
  const n = labels.length
  const all = labels.map((_, i) => i)
  const need = (lines: string[][]) =>
    Math.max(0, ...lines.flat().map((l) => l.length)) * CHAR_WIDTH + LABEL_GAP
  const one = labels.map((l) => [l])
  if (n <= 1 || need(one) <= spacing) return { lines: one, shown: all }
  const two = labels.map((l) => {
    const at = l.trim().lastIndexOf(' ')
    return at > 0 ? [l.trim().slice(0, at), l.trim().slice(at + 1)] : [l]
  })
  if (need(two) <= spacing) return { lines: two, shown: all }
  const lines = need(two) < need(one) ? two : one
  const width = need(lines)
  const every = Math.ceil(width / Math.max(spacing, 1e-9))
  const shown: number[] = []
  for (let i = 0; i < n; i += every) shown.push(i)
  const last = shown[shown.length - 1]!
  if (last !== n - 1) {
    // The last label always shows: the one before it gives way when the two would overlap.
    if (last !== 0 && (n - 1 - last) * spacing < width) shown.pop()
    if ((n - 1 - shown[shown.length - 1]!) * spacing >= width) shown.push(n - 1)
  }
  return { lines, shown }
}

/** An SVG line chart as a string of markup, safe to insert (every text is escaped). */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 640
  const height = o.height ?? 320
  const fmt = o.format ?? ((n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 2 }))
  const values = o.series.flatMap((s) => s.points.map((p) => p.value))
  const ticks = values.length ? niceTicks(Math.min(...values), Math.max(...values)) : [0, 1]
  const lo = ticks[0]!
  const hi = ticks[ticks.length - 1]!
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1
  const stepDecimals = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)))
  const tickText = (t: number) => (o.tickFormat ? o.tickFormat(t, stepDecimals) : fmt(t))
  // Room for the longest tick label on the left and half the last period label on the right.
  const longest = (texts: string[]) => Math.max(0, ...texts.map((t) => t.length))
  // The legend wraps: as many 180 px entries a row as fit.
  const LEGEND_ENTRY = 180
  const legendCols = Math.max(1, Math.floor((width - 16) / LEGEND_ENTRY))
  const legendRows = Math.max(1, Math.ceil(o.series.length / legendCols))
  // Each series is also named at its last point (a direct label), so the eye need not go to the legend.
  const labelled = o.series.filter((s) => s.points.length)
  const margin = {
    top: 20,
    right: Math.max(
      20,
      Math.ceil((longest(o.labels.slice(-1)) * CHAR_WIDTH) / 2) + 4,
      labelled.length ? Math.ceil(longest(labelled.map((s) => s.name)) * CHAR_WIDTH) + 16 : 0,
    ),
    bottom: 46 + 24 * legendRows,
    left: Math.max(80, Math.ceil(longest(ticks.map(tickText)) * CHAR_WIDTH) + 16),
  }
  const plotW = width - margin.left - margin.right
  const axis = axisLabels(o.labels, o.labels.length > 1 ? plotW / (o.labels.length - 1) : plotW)
  // Room for the labels' second line.
  const labelLines = Math.max(1, ...axis.lines.map((l) => l.length))
  margin.bottom += (labelLines - 1) * LINE_HEIGHT
  const plotH = height - margin.top - margin.bottom
  const n = Math.max(1, o.labels.length)
  const xAt = (i: number) => round(margin.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1)))
  const yAt = (v: number) => round(margin.top + plotH - ((v - lo) / (hi - lo || 1)) * plotH)
  const titleId = `${o.id}-title`
  const descId = `${o.id}-desc`

  const grid = ticks
    .map(
      (t) =>
        `<line class="gt-chart__grid" x1="${margin.left}" x2="${width - margin.right}" y1="${yAt(t)}" y2="${yAt(t)}" stroke="#b1b4b6" stroke-width="1"/>` +
        `<text class="gt-chart__tick" x="${margin.left - 8}" y="${yAt(t) + 4}" text-anchor="end" font-size="13" fill="#0b0c0c">${escapeXml(tickText(t))}</text>`,
    )
    .join('')
  const xLabels = axis.shown
    .map((i) => {
      const lines = axis.lines[i]!
      const text =
        lines.length === 1
          ? escapeXml(lines[0]!)
          : lines
              .map((l, k) => `<tspan x="${xAt(i)}" dy="${k === 0 ? 0 : LINE_HEIGHT}">${escapeXml(l)}</tspan>`)
              .join('')
      return `<text class="gt-chart__label" x="${xAt(i)}" y="${height - margin.bottom + 20}" text-anchor="middle" font-size="13" fill="#0b0c0c">${text}</text>`
    })
    .join('')

  const lines = o.series
    .map((s) => {
      const st = STYLE[s.kind]
      const pts = [...s.points].sort((a, b) => a.x - b.x)
      const path = pts.map((p) => `${xAt(p.x)},${yAt(p.value)}`).join(' ')
      const line =
        pts.length > 1
          ? `<polyline class="gt-chart__line gt-chart__line--${s.kind}" points="${path}" fill="none" stroke="${st.stroke}" stroke-width="3"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`
          : ''
      const marks = pts.map((p) => marker(st.marker, xAt(p.x), yAt(p.value), st.stroke, s.kind)).join('')
      return `<g class="gt-chart__series">${line}${marks}</g>`
    })
    .join('')

  // Direct labels right of the plot at each series' last value, nudged apart so none overlap.
  const ends = labelled
    .map((s) => {
      const last = s.points.reduce((a, b) => (b.x > a.x ? b : a))
      return { s, y: yAt(last.value) + 4 }
    })
    .sort((a, b) => a.y - b.y)
  for (let i = 1; i < ends.length; i++) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + 15)
  const directLabels = ends
    .map(
      ({ s, y }) =>
        `<text class="gt-chart__direct gt-chart__direct--${s.kind}" x="${width - margin.right + 8}" y="${round(y)}" font-size="13" fill="${STYLE[s.kind].stroke}">${escapeXml(s.name)}</text>`,
    )
    .join('')

  const legend = o.series
    .map((s, i) => {
      const st = STYLE[s.kind]
      const x = 16 + (i % legendCols) * LEGEND_ENTRY
      const legendY = height - 22 - 24 * (legendRows - 1 - Math.floor(i / legendCols))
      return (
        `<line x1="${x}" x2="${x + 36}" y1="${legendY}" y2="${legendY}" stroke="${st.stroke}" stroke-width="3"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>` +
        marker(st.marker, x + 18, legendY, st.stroke, s.kind) +
        `<text x="${x + 44}" y="${legendY + 5}" font-size="14" fill="#0b0c0c">${escapeXml(s.name)}</text>`
      )
    })
    .join('')

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="gt-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" focusable="false">` +
    `<title id="${titleId}">${escapeXml(o.title)}</title><desc id="${descId}">${escapeXml(o.description)}</desc>` +
    `<g class="gt-chart__axes">${grid}${xLabels}</g>${lines}<g class="gt-chart__labels" aria-hidden="true">${directLabels}</g><g class="gt-chart__legend">${legend}</g></svg>`
  )
}

function marker(shape: Marker, x: number, y: number, colour: string, kind: string) {
  if (shape === 'ring')
    return `<circle class="gt-chart__point gt-chart__point--${kind}" cx="${x}" cy="${y}" r="5" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`
  if (shape === 'triangle')
    return `<path class="gt-chart__point gt-chart__point--${kind}" d="M ${x} ${round(y - 6)} L ${round(x + 6)} ${round(y + 5)} L ${round(x - 6)} ${round(y + 5)} Z" fill="${colour}"/>`
  if (shape === 'circle')
    return `<circle class="gt-chart__point gt-chart__point--${kind}" cx="${x}" cy="${y}" r="5" fill="${colour}"/>`
  if (shape === 'square')
    return `<rect class="gt-chart__point gt-chart__point--${kind}" x="${round(x - 5)}" y="${round(y - 5)}" width="10" height="10" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`
  return `<path class="gt-chart__point gt-chart__point--${kind}" d="M ${x} ${round(y - 7)} L ${round(x + 7)} ${y} L ${x} ${round(y + 7)} L ${round(x - 7)} ${y} Z" fill="${colour}"/>`
}

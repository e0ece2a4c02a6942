import { escapeXml } from './line-chart.ts'

/**
 * One horizontal bar split into shares (e.g. a theme's targets by status). An accessible SVG:
 * one image with a title and a description that lists every share in words; each segment also
 * carries its count and label in text when it is wide enough, and the caller puts the same numbers
 * in a table. Colour is never the only cue: the words are in the description, the table and,
 * where they fit, the bar.
 */
export type Tone = 'good' | 'warning' | 'bad' | 'neutral' | 'none'

export interface BarSegment {
  label: string
  count: number
  tone: Tone
}

export interface StatusBarOptions {
  id: string
  title: string
  segments: BarSegment[]
  width?: number
  height?: number
}

/** GOV.UK palette; the text on each fill meets 4.5:1. */
const FILL: Record<Tone, { fill: string; text: string }> = {
  good: { fill: '#00703c', text: '#ffffff' },
  // GOV.UK orange, as the amber tag: black text on it is 7:1.
  warning: { fill: '#f47738', text: '#0b0c0c' },
  bad: { fill: '#d4351c', text: '#ffffff' },
  neutral: { fill: '#1d70b8', text: '#ffffff' },
  none: { fill: '#f3f2f1', text: '#0b0c0c' },
}

const CHAR_WIDTH = 7.5

/** "3 of 10 on track, 5 of 10 …": the bar in words. */
export function describeShares(segments: BarSegment[]): string {
  const total = segments.reduce((n, s) => n + s.count, 0)
  if (!total) return 'None'
  return segments
    .filter((s) => s.count)
    .map((s) => `${s.count} ${s.label.toLowerCase()} (${Math.round((s.count / total) * 100)}%)`)
    .join(', ')
}

export function statusBar(o: StatusBarOptions): string {
  const width = o.width ?? 480
  const height = o.height ?? 28
  const total = o.segments.reduce((n, s) => n + s.count, 0)
  const titleId = `${o.id}-title`
  const descId = `${o.id}-desc`
  let x = 0
  const parts = total
    ? o.segments
        .filter((s) => s.count > 0)
        .map((s) => {
          const w = Math.round(((s.count / total) * width + Number.EPSILON) * 100) / 100
          const style = FILL[s.tone]
          const text = `${s.count}`
          const fits = text.length * CHAR_WIDTH + 8 <= w
          const rect =
            `<rect class="gt-bar__segment gt-bar__segment--${s.tone}" x="${x}" y="0" width="${w}" height="${height}" fill="${style.fill}" stroke="#ffffff" stroke-width="1"/>` +
            (fits
              ? `<text x="${Math.round((x + w / 2) * 100) / 100}" y="${height / 2 + 5}" text-anchor="middle" font-size="14" font-weight="700" fill="${style.text}">${escapeXml(text)}</text>`
              : '')
          x += w
          return rect
        })
        .join('')
    : `<rect class="gt-bar__segment gt-bar__segment--none" x="0" y="0" width="${width}" height="${height}" fill="${FILL.none.fill}" stroke="#b1b4b6"/>`
  // A frame of 3:1 contrast or more round the whole bar, so that a pale share (not rated) still
  // shows its extent against the page (WCAG 1.4.11).
  const frame = `<rect class="gt-bar__frame" x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="#505a5f" stroke-width="1"/>`
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="gt-bar" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" focusable="false" preserveAspectRatio="none">` +
    `<title id="${titleId}">${escapeXml(o.title)}</title><desc id="${descId}">${escapeXml(describeShares(o.segments))}</desc>` +
    `${parts}${frame}</svg>`
  )
}

/**
 * The trend in words: "NI 16 trend: 3, 4, no data" or, with the periods and a format,
 * "NI 16 trend: 2008/09 Q1 3.0, 2008/09 Q2 4.0, 2008/09 Q3 no data".
 */
export function describeTrend(o: {
  label: string
  values: (number | null)[]
  labels?: string[]
  format?: (n: number) => string
}): string {
  const fmt = o.format ?? ((n: number) => String(n))
  const words = o.values.map((v, i) => {
    const figure = v === null || !Number.isFinite(v) ? 'no data' : fmt(v)
    const at = o.labels?.[i]
    return at ? `${at} ${figure}` : figure
  })
  return `${o.label}: ${words.join(', ')}`
}

/**
 * A small trend line for a table cell: the shape only, as an image whose label gives the values
 * in words (the figures themselves are in the table). Gaps (null) break the line. With `labels`
 * (the periods) and `format` (the indicator's figures) the words read as the table does.
 */
export function sparkline(o: {
  label: string
  values: (number | null)[]
  labels?: string[]
  format?: (n: number) => string
  width?: number
  height?: number
}): string {
  const width = o.width ?? 96
  const height = o.height ?? 24
  const nums = o.values.filter((v): v is number => v !== null && Number.isFinite(v))
  const label = describeTrend(o)
  if (nums.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" class="gt-spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(label)}" focusable="false"></svg>`
  const lo = Math.min(...nums)
  const hi = Math.max(...nums)
  const n = Math.max(1, o.values.length - 1)
  const pad = 3
  const xAt = (i: number) => Math.round((pad + (i * (width - 2 * pad)) / n) * 100) / 100
  const yAt = (v: number) =>
    Math.round((height - pad - ((v - lo) / (hi - lo || 1)) * (height - 2 * pad)) * 100) / 100
  const runs: string[][] = [[]]
  o.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) runs.push([])
    else runs[runs.length - 1]!.push(`${xAt(i)},${yAt(v)}`)
  })
  const lines = runs
    .filter((r) => r.length > 1)
    .map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="#0b0c0c" stroke-width="2"/>`)
    .join('')
  const lastIndex = o.values.map((v) => v !== null).lastIndexOf(true)
  const last = o.values[lastIndex]
  const dot =
    typeof last === 'number'
      ? `<circle cx="${xAt(lastIndex)}" cy="${yAt(last)}" r="2.5" fill="#0b0c0c"/>`
      : ''
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="gt-spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(label)}" focusable="false">` +
    `${lines}${dot}</svg>`
  )
}

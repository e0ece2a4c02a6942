/**
 * A delivery plan's timeline: one row per action, a bar from its start to its due date (a
 * diamond for a milestone), and a line for today. As the charts in src/lib/charts, the SVG is one
 * image to assistive technology (role="img" with <title> and <desc>) and the same facts are in a
 * table beside it; presentation attributes only (the CSP forbids inline styles); the status is
 * written beside each bar as well as coloured, and finished bars are hatched.
 */
import { escapeXml } from '../../lib/charts/line-chart.ts'
import { actionStatusLabels, type ActionStatus } from './delivery.schema.ts'

export interface TimelineAction {
  ref: string
  title: string
  startOn: string | null
  dueOn: string
  effectiveStatus: ActionStatus
  percentComplete: number
  milestone: boolean
}

/** Each colour has at least 3:1 contrast with white (WCAG 1.4.11). */
const FILL: Record<ActionStatus, string> = {
  'not-started': '#505a5f',
  'on-track': '#00703c',
  'at-risk': '#b35600',
  late: '#d4351c',
  complete: '#1d70b8',
  cancelled: '#505a5f',
}

const day = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86_400_000
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export function timelineSvg(opts: {
  id: string
  title: string
  actions: TimelineAction[]
  today: string
}): string {
  const { actions } = opts
  if (actions.length === 0) return ''
  const labelW = 230
  const width = 760
  const rowH = 28
  const top = 34
  const height = top + actions.length * rowH + 16
  const starts = actions.map((a) => day(a.startOn ?? a.dueOn))
  const ends = actions.map((a) => day(a.dueOn))
  const t = day(opts.today)
  let min = Math.min(...starts)
  let max = Math.max(...ends)
  if (t >= min - 62 && t <= max + 62) {
    min = Math.min(min, t)
    max = Math.max(max, t)
  }
  // A month's margin either side, starting on the first of a month.
  const first = new Date((min - 1) * 86_400_000)
  const from = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1) / 86_400_000
  const span = Math.max(31, max + 16 - from)
  const plotW = width - labelW - 16
  const x = (d: number) => labelW + ((d - from) / span) * plotW
  const parts: string[] = []
  const titleId = `${opts.id}-title`
  const descId = `${opts.id}-desc`
  const late = actions.filter((a) => a.effectiveStatus === 'late').length
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="gt-chart gt-timeline" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId} ${descId}" id="${escapeXml(opts.id)}">`,
    `<title id="${titleId}">${escapeXml(opts.title)}</title>`,
    `<desc id="${descId}">${actions.length} action${actions.length === 1 ? '' : 's'} from ${escapeXml(
      actions.map((a) => a.startOn ?? a.dueOn).sort()[0]!,
    )} to ${escapeXml([...actions.map((a) => a.dueOn)].sort().at(-1)!)}; ${late} late. The table that follows gives each action’s dates and status.</desc>`,
    `<defs><pattern id="${opts.id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1d70b8" stroke-width="3"/></pattern></defs>`,
  )
  // Month ticks (every month, or every quarter on a long plan).
  const step = span > 550 ? 3 : 1
  const d0 = new Date(from * 86_400_000)
  for (let m = 0; ; m += step) {
    const d = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth() + m, 1) / 86_400_000
    if (d > from + span) break
    const dd = new Date(d * 86_400_000)
    const px = x(d).toFixed(1)
    parts.push(
      `<line x1="${px}" y1="${top - 6}" x2="${px}" y2="${height - 12}" stroke="#b1b4b6" stroke-width="1"/>`,
      `<text x="${px}" y="${top - 12}" font-size="11" fill="#0b0c0c" text-anchor="middle">${MONTHS[dd.getUTCMonth()]} ${String(dd.getUTCFullYear()).slice(2)}</text>`,
    )
  }
  actions.forEach((a, i) => {
    const y = top + i * rowH
    const status = actionStatusLabels[a.effectiveStatus]
    const label = `${a.ref} ${a.title}`
    parts.push(
      `<text x="4" y="${y + 18}" font-size="12" fill="#0b0c0c">${escapeXml(label.length > 34 ? `${label.slice(0, 33)}…` : label)}</text>`,
    )
    const fill = a.effectiveStatus === 'complete' ? `url(#${opts.id}-hatch)` : FILL[a.effectiveStatus]
    const end = x(day(a.dueOn))
    let after: number
    if (a.milestone || !a.startOn) {
      const cy = y + 13
      parts.push(
        `<path d="M${end.toFixed(1)} ${cy - 8} L${(end + 8).toFixed(1)} ${cy} L${end.toFixed(1)} ${cy + 8} L${(end - 8).toFixed(1)} ${cy} Z" fill="${fill}" stroke="${FILL[a.effectiveStatus]}" stroke-width="1.5"/>`,
      )
      after = end + 12
    } else {
      const start = x(day(a.startOn))
      const w = Math.max(3, end - start)
      parts.push(
        `<rect x="${start.toFixed(1)}" y="${y + 5}" width="${w.toFixed(1)}" height="16" fill="${fill}" stroke="${FILL[a.effectiveStatus]}" stroke-width="1.5"/>`,
      )
      after = start + w + 4
    }
    const text = `${status}${a.effectiveStatus === 'complete' || a.effectiveStatus === 'cancelled' ? '' : `, ${a.percentComplete}%`}`
    const anchorEnd = after + 90 > width
    parts.push(
      `<text x="${(anchorEnd ? Math.min(after - 16, width - 4) : after).toFixed(1)}" y="${y + 17}" font-size="11" fill="#0b0c0c"${anchorEnd ? ' text-anchor="end"' : ''}>${escapeXml(text)}</text>`,
    )
  })
  if (t >= from && t <= from + span) {
    const px = x(t).toFixed(1)
    parts.push(
      `<line x1="${px}" y1="${top - 4}" x2="${px}" y2="${height - 8}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="4 3"/>`,
      `<text x="${px}" y="${height - 1}" font-size="11" fill="#0b0c0c" text-anchor="middle">Today</text>`,
    )
  }
  parts.push('</svg>')
  return parts.join('')
}

/**
 * The targets at the report's level of detail (002 App. 3): every target with its commentary;
 * per outcome its counts and targets; per theme its counts and its red and amber targets; or per
 * place its targets' figures there. Shared by the steering and board reports.
 */
import type { TargetLine } from '../../dashboard/dashboard.service.ts'
import type { Block, Cell, Section } from '../reports.model.ts'
import { statusCell } from './common.ts'
import type { KindContext } from './kind.ts'
import {
  countsTable,
  figureCell,
  outcomeGroups,
  targetBlocks,
  targetName,
  themeGroups,
} from './steering.blocks.ts'
import type { SteeringData } from './steering.read.ts'

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'none'

const RED_AMBER = ['red', 'amber']
const redFirst = (a: TargetLine, b: TargetLine) =>
  RED_AMBER.indexOf(a.row!.status) - RED_AMBER.indexOf(b.row!.status)

/** Every target, a section per theme: figures, commentary and (if asked) trend. */
export function targetSections(ctx: KindContext, data: SteeringData, opts: { trend: boolean }): Section[] {
  return themeGroups(data, !!ctx.theme).map((g) => ({
    id: `targets-${g.theme ? slug(g.theme.ref) : 'no-theme'}`,
    title: g.theme ? `Targets: ${g.label}` : 'Targets not linked to a theme',
    intro: 'Each target’s figures for the period, with its lead officer’s commentary directly under them.',
    blocks: g.lines.length
      ? g.lines.flatMap((l) => targetBlocks(l, data, opts))
      : [{ type: 'text', text: 'No targets.' }],
  }))
}

/** Per theme, each outcome's targets by status, then those targets with their commentary. */
export function outcomeSections(ctx: KindContext, data: SteeringData): Section[] {
  return themeGroups(data, !!ctx.theme).map((g) => {
    const blocks: Block[] = []
    const outcomes = g.theme ? outcomeGroups(data, g.theme, g.lines) : []
    const placed = new Set(outcomes.flatMap((o) => o.lines))
    const rest = g.lines.filter((l) => !placed.has(l))
    const groups = [
      ...outcomes.map((o) => ({ label: `${o.node.ref} ${o.node.title}`, lines: o.lines })),
      ...(rest.length ? [{ label: g.theme ? 'Linked to the theme itself' : 'Targets', lines: rest }] : []),
    ]
    for (const o of groups) {
      blocks.push({ type: 'heading', level: 3, text: o.label })
      blocks.push(countsTable(`${o.label}: targets by status`, 'Outcome', [o]))
      blocks.push(...o.lines.flatMap((l) => targetBlocks(l, data)))
    }
    return {
      id: `outcomes-${g.theme ? slug(g.theme.ref) : 'no-theme'}`,
      title: g.theme ? `Outcomes: ${g.label}` : 'Targets not linked to a theme',
      intro:
        'Each outcome’s targets by status, then each target’s figures with its commentary directly under them.',
      blocks: blocks.length ? blocks : [{ type: 'text', text: 'No targets.' }],
    }
  })
}

/** Red and amber targets of these lines, red first, each with its commentary. */
export function redAmberBlocks(lines: TargetLine[], data: SteeringData, empty: string): Block[] {
  const ra = lines.filter((l) => l.row && RED_AMBER.includes(l.row.status)).sort(redFirst)
  return ra.length ? ra.flatMap((l) => targetBlocks(l, data)) : [{ type: 'text', text: empty }]
}

/** Per theme: its targets by status, and its red and amber targets with their commentary. */
export function themeSection(ctx: KindContext, data: SteeringData): Section {
  const groups = themeGroups(data, !!ctx.theme)
  const blocks: Block[] = [countsTable('Targets by status, per theme', 'Theme', groups, data.lines)]
  for (const g of groups) {
    blocks.push({ type: 'heading', level: 3, text: g.label })
    blocks.push(...redAmberBlocks(g.lines, data, 'No red or amber targets.'))
  }
  return {
    id: 'themes',
    title: 'Themes',
    intro: 'Each theme’s targets by status, and its red and amber targets with their commentary.',
    blocks,
  }
}

/**
 * Per place (the area first, then districts and neighbourhoods): the report's targets with a
 * figure there for the period, as at the report's moment. One read for every place.
 */
export async function placeSections(ctx: KindContext, data: SteeringData): Promise<Section[]> {
  const rows = await ctx.sources.assessments.list(ctx.actor, ctx.partnershipId, {
    at: ctx.at,
    period: ctx.spec.period,
  })
  const lineOf = new Map(data.lines.map((l) => [l.target.id, l]))
  const byPlace = new Map<string, { name: string; gss: string; depth: number; rows: Cell[][] }>()
  for (const r of rows) {
    const l = lineOf.get(r.row.targetId)
    if (!l) continue
    const p = byPlace.get(r.row.placeId) ?? {
      name: r.placeName,
      gss: r.placeGss,
      depth: r.placeDepth,
      rows: [],
    }
    p.rows.push([
      targetName(l),
      statusCell(r.row.status),
      figureCell(l, r.row.value, r.row.provisional ? ' (provisional)' : ''),
      figureCell(l, r.row.targetValue),
    ])
    byPlace.set(r.row.placeId, p)
  }
  const places = [...byPlace.values()].sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name))
  if (!places.length)
    return [
      {
        id: 'places',
        title: 'Places',
        blocks: [{ type: 'text', text: 'No figures for any place in the period.' }],
      },
    ]
  const code = (c: Cell) => (typeof c === 'string' ? c : '')
  return places.map((p) => ({
    id: `place-${slug(p.gss)}`,
    title: `Place: ${p.name}`,
    blocks: [
      {
        type: 'table',
        caption: `${p.name} (${p.gss}): ${ctx.spec.period}`,
        columns: [
          { label: 'Target' },
          { label: 'Status' },
          { label: 'Value', numeric: true },
          { label: 'Target for the period', numeric: true },
        ],
        rows: p.rows.sort((a, b) => code(a[0]!).localeCompare(code(b[0]!), 'en', { numeric: true })),
      },
    ],
  }))
}

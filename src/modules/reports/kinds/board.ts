import type { EscalationView } from '../../escalations/escalations.service.ts'
import type { Block, Section } from '../reports.model.ts'
import type { KindContext, KindDefinition } from './kind.ts'
import { rewardSection } from './reward.ts'
import { countsTable, figuresTable, outcomeGroups, themeGroups, ukLongDate } from './steering.blocks.ts'
import { placeSections, redAmberBlocks, targetSections } from './steering.levels.ts'
import { readSteering, type SteeringData } from './steering.read.ts'
import { changesSection, summarySection } from './steering.ts'

const RED_AMBER = ['red', 'amber']

/** Per theme: its targets by status, then its red and amber targets' figures. */
function byThemeSection(ctx: KindContext, data: SteeringData): Section {
  const groups = themeGroups(data, !!ctx.theme)
  const blocks: Block[] = [countsTable('Targets by status, per theme', 'Theme', groups, data.lines)]
  for (const g of groups) {
    const ra = g.lines.filter((l) => l.row && RED_AMBER.includes(l.row.status))
    blocks.push(figuresTable(`${g.label}: red and amber targets`, ra, 'No red or amber targets.'))
  }
  return {
    id: 'by-theme',
    title: 'By theme',
    intro:
      'Each theme’s targets by status, and its red and amber targets. Their commentary is with the targets below.',
    blocks,
  }
}

/** Per theme, its outcomes' targets by status and their red and amber targets. */
function byOutcomeSection(ctx: KindContext, data: SteeringData): Section {
  const blocks: Block[] = []
  for (const g of themeGroups(data, !!ctx.theme)) {
    if (!g.theme) continue
    const outcomes = outcomeGroups(data, g.theme, g.lines).map((o) => ({
      label: `${o.node.ref} ${o.node.title}`,
      lines: o.lines,
    }))
    blocks.push({ type: 'heading', level: 3, text: g.label })
    blocks.push(countsTable(`${g.label}: targets by status, per outcome`, 'Outcome', outcomes))
    const ra = outcomes.flatMap((o) =>
      o.lines.filter((l) => l.row && RED_AMBER.includes(l.row.status)).map((l) => ({ o, l })),
    )
    if (ra.length)
      blocks.push({
        type: 'table',
        caption: `${g.label}: red and amber targets, by outcome`,
        columns: [{ label: 'Outcome' }, { label: 'Target' }, { label: 'Status' }],
        rows: ra.map(({ o, l }) => [
          o.label,
          `${l.target.indicator.code} ${l.target.indicator.title ?? ''}`.trim(),
          { status: l.row!.status as 'red' | 'amber' },
        ]),
      })
  }
  return {
    id: 'by-outcome',
    title: 'By outcome',
    intro: 'Each outcome’s targets by status, and which of them are red or amber.',
    blocks: blocks.length ? blocks : [{ type: 'text', text: 'No outcomes.' }],
  }
}

/**
 * Escalations awaiting the board's decision at the report's moment: raised by then, and neither
 * decided nor withdrawn by then. (Escalations keep no history of their text: each is shown as it
 * stands; one archived since is no longer listed.)
 */
export function openAt(all: EscalationView[], at: Date) {
  return all
    .filter(
      (e) =>
        e.raisedAt <= at &&
        !(e.decidedAt && e.decidedAt <= at) &&
        !(e.status === 'withdrawn' && e.updatedAt <= at),
    )
    .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime() || a.title.localeCompare(b.title))
}

async function escalationsSection(ctx: KindContext, data: SteeringData): Promise<Section> {
  const all = await ctx.sources.escalations.list(ctx.actor, ctx.partnershipId)
  // Cut to a theme, only what is about its targets or outcomes (or about nothing in particular).
  const ids = new Set([
    ...data.lines.map((l) => l.target.id),
    ...data.lines.flatMap((l) => l.target.outcomeKeys),
  ])
  const open = openAt(all, ctx.at).filter(
    (e) =>
      !ctx.theme ||
      ((e.subjectType === 'target' || e.subjectType === 'outcome') && ids.has(e.subjectId ?? '')),
  )
  return {
    id: 'escalations',
    title: 'Escalations for decision',
    intro:
      'What has been escalated to the board and awaits its decision, oldest first, with the question put.',
    blocks: [
      {
        type: 'table',
        caption: 'Escalations awaiting a decision',
        columns: [
          { label: 'Escalation' },
          { label: 'About' },
          { label: 'Question for the board' },
          { label: 'Raised by' },
          { label: 'Raised on' },
        ],
        rows: open.map((e) => [
          e.title,
          e.subject?.label ?? '',
          e.question,
          e.raisedBy,
          ukLongDate(e.raisedAt),
        ]),
        empty: 'Nothing awaits the board’s decision.',
      },
    ],
  }
}

/**
 * The six-monthly report to the board and the Government Office (002 §23): the status at theme
 * and outcome level first, then the targets with their commentary, the reward targets with the
 * grant payable, and the escalations awaiting the board's decision.
 */
export const boardKind: KindDefinition = {
  kind: 'board',
  name: 'Board report',
  audience: 'Board and Government Office, six-monthly',
  summary:
    'Status by theme and by outcome, then the targets with their commentary; reward targets with the grant payable; escalations for decision.',
  themeCut: true,
  async build(ctx) {
    await ctx.progress(0.1, 'Reading the targets, their figures and commentary')
    const data = await readSteering(ctx)
    await ctx.progress(0.5, 'Reading the escalations')
    const escalations = await escalationsSection(ctx, data)
    await ctx.progress(0.7, `Laying out ${data.lines.length} targets`)
    const level = ctx.spec.level
    const targets: Section[] =
      level === 'target'
        ? targetSections(ctx, data, { trend: false })
        : [
            {
              id: 'red-amber',
              title: 'Red and amber targets',
              intro:
                'Each red or amber target’s figures, with its lead officer’s commentary directly under them.',
              blocks: redAmberBlocks(data.lines, data, 'No red or amber targets.'),
            },
            ...(level === 'place' ? await placeSections(ctx, data) : []),
          ]
    await ctx.progress(0.9, 'Report laid out')
    return [
      summarySection(ctx, data),
      byThemeSection(ctx, data),
      ...(level === 'theme' ? [] : [byOutcomeSection(ctx, data)]),
      changesSection(data),
      ...targets,
      rewardSection(data.lines),
      escalations,
    ]
  },
}

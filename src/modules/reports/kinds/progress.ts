import type { TargetLine } from '../../dashboard/dashboard.service.ts'
import type { DirectoryRow } from '../../directory/directory.service.ts'
import type { Block, Section } from '../reports.model.ts'
import { targetLines } from './common.ts'
import {
  outcomeActions,
  outcomeActionsTable,
  outcomeRows,
  readPlans,
  targetsTable,
  ukLong,
  type Plans,
} from './exception.thread.ts'
import type { KindContext, KindDefinition } from './kind.ts'

type ProgressRow = Awaited<ReturnType<KindContext['sources']['commentary']['progress']>>[number]

interface Lead {
  id: string
  name: string
  outcomes: DirectoryRow[]
}

/** The outcome leads the directory names, by name; the outcomes without one last. */
function byLead(outcomes: DirectoryRow[]): Lead[] {
  const leads = new Map<string, Lead>()
  for (const o of outcomes) {
    const party = o.roles.outcome_lead
    const id = party ? `${party.type}:${party.id}` : 'none'
    const name = party
      ? `${party.name}${party.organisation ? `, ${party.organisation}` : ''}`
      : 'No outcome lead named'
    const lead = leads.get(id) ?? { id, name, outcomes: [] }
    lead.outcomes.push(o)
    leads.set(id, lead)
  }
  return [...leads.values()].sort(
    (a, b) => Number(a.id === 'none') - Number(b.id === 'none') || a.name.localeCompare(b.name),
  )
}

function outcomeBlocks(
  o: DirectoryRow,
  lines: TargetLine[],
  plans: Plans,
  reported: ProgressRow | undefined,
  period: string,
): Block[] {
  const name = `${o.ref} ${o.title}`
  return [
    { type: 'heading', level: 3, text: name },
    { type: 'summary', items: [{ label: 'Theme', value: o.theme }] },
    { type: 'heading', level: 4, text: 'Progress and gaps' },
    ...(reported
      ? [
          {
            type: 'text' as const,
            text: reported.progress,
            attribution: `${reported.authorLabel}, ${ukLong(reported.recordedAt)} (${reported.period})`,
          },
          { type: 'text' as const, text: reported.gaps ? `Gaps: ${reported.gaps}` : 'No gaps reported.' },
        ]
      : [{ type: 'text' as const, text: `No progress reported for ${period}.` }]),
    targetsTable(`Targets: ${name}`, lines, 'No targets serve this outcome.'),
    outcomeActionsTable(`Actions: ${name}`, outcomeActions(o.key, lines, plans)),
  ]
}

async function build(ctx: KindContext): Promise<Section[]> {
  await ctx.progress(0.1, 'Reading the directory and the targets')
  const outcomes = await outcomeRows(ctx)
  const { lines } = await targetLines(ctx)
  const linesOf = (key: string) => lines.filter((l) => l.target.outcomeKeys.includes(key))
  await ctx.progress(0.4, 'Reading delivery plans and progress reported')
  const [plans, reported] = await Promise.all([
    readPlans(
      ctx,
      lines.map((l) => l.target.id),
      outcomes.map((o) => o.key),
    ),
    ctx.sources.commentary.progress(ctx.actor, ctx.partnershipId, { period: ctx.spec.period, at: ctx.at }),
  ])
  const reportOf = (key: string) => reported.find((r) => r.outcomeKey === key)
  const leads = byLead(outcomes)
  await ctx.progress(0.8, 'Writing each outcome lead’s progress')
  const count = (ls: TargetLine[], status: string) => ls.filter((l) => l.row?.status === status).length
  const overview: Section = {
    id: 'outcome-leads',
    title: 'Outcome leads',
    intro: `Each outcome lead named in the Partnership Directory, with their outcomes' targets, actions and the progress and gaps reported for ${ctx.spec.period}.`,
    blocks: [
      {
        type: 'table',
        caption: `Outcome leads, ${ctx.spec.period}`,
        columns: [
          { label: 'Outcome lead' },
          { label: 'Outcomes', numeric: true },
          { label: 'Targets', numeric: true },
          { label: 'Red', numeric: true },
          { label: 'Amber', numeric: true },
          { label: 'Green', numeric: true },
          { label: 'Actions overdue', numeric: true },
          { label: 'Progress reported', numeric: true },
        ],
        rows: leads.map((lead) => {
          const ls = [...new Set(lead.outcomes.flatMap((o) => linesOf(o.key)))]
          const overdue = new Set(
            lead.outcomes.flatMap((o) =>
              outcomeActions(o.key, linesOf(o.key), plans)
                .filter((a) => a.overdue)
                .map((a) => a.id),
            ),
          )
          return [
            lead.name,
            lead.outcomes.length,
            ls.length,
            count(ls, 'red'),
            count(ls, 'amber'),
            count(ls, 'green'),
            overdue.size,
            lead.outcomes.filter((o) => reportOf(o.key)).length,
          ]
        }),
        empty: 'The strategy has no outcomes yet.',
      },
    ],
  }
  return [
    overview,
    ...leads.map((lead, i) => ({
      id: `lead-${i + 1}`,
      title: lead.name,
      intro:
        lead.id === 'none'
          ? 'Outcomes the Partnership Directory names no outcome lead for.'
          : `The outcomes ${lead.name.split(',')[0]} leads.`,
      blocks: lead.outcomes.flatMap((o) =>
        outcomeBlocks(o, linesOf(o.key), plans, reportOf(o.key), ctx.spec.period),
      ),
    })),
  ]
}

export const progressKind: KindDefinition = {
  kind: 'progress',
  name: 'Outcome leads’ progress report',
  audience: 'Executive',
  summary:
    'Per outcome lead: their outcomes, the targets under each, the delivery actions and the progress and gaps they reported.',
  themeCut: false,
  build,
}

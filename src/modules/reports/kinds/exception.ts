import type { TargetLine } from '../../dashboard/dashboard.service.ts'
import type { Block, Section } from '../reports.model.ts'
import { targetLines } from './common.ts'
import {
  actionsTable,
  commentaryBlocks,
  figuresBlock,
  readThread,
  risksTable,
  targetName,
  targetsTable,
  ukLong,
  type Thread,
} from './exception.thread.ts'
import type { KindContext, KindDefinition } from './kind.ts'

const EXCEPTIONS = ['red', 'amber']

/** Red before amber, then by indicator code (the lines come in code order). */
const byStatus = (a: TargetLine, b: TargetLine) =>
  EXCEPTIONS.indexOf(a.row!.status) - EXCEPTIONS.indexOf(b.row!.status)

/**
 * One target's exception: its figures, then directly under them its commentary, improvement plan
 * and actions, linked risks and the support asked for.
 */
function targetBlocks(l: TargetLine, t: Thread, at: Date): Block[] {
  const commentary = t.commentaryOf(l)
  const improvement = t.improvement.get(l.target.id)
  const delivery = t.plans.get(l.target.id)
  const risks = t.risksOf({ targetId: l.target.id })
  const actions = delivery?.actions ?? []
  const planActions = improvement ? actions.filter((a) => a.improvementPlanId === improvement.plan.id) : []
  const otherActions = actions.filter((a) => !planActions.includes(a))
  const escalations = t.escalationsAbout([
    l.target.id,
    ...(improvement ? [improvement.plan.id] : []),
    ...(delivery ? [delivery.plan.id] : []),
    ...actions.map((a) => a.id),
    ...risks.map((r) => r.id),
  ])
  const name = targetName(l)
  const blocks: Block[] = [
    { type: 'heading', level: 3, text: name },
    figuresBlock(l),
    { type: 'heading', level: 4, text: 'Commentary' },
    ...commentaryBlocks(commentary, 'No commentary for this period.'),
    { type: 'heading', level: 4, text: 'Improvement plan' },
  ]
  if (improvement) {
    const p = improvement.plan
    blocks.push({
      type: 'summary',
      items: [
        { label: 'Opened', value: `${ukLong(p.openedAt)}: ${p.openedReason}` },
        { label: 'Owner', value: improvement.ownerName ?? 'Not yet named' },
        { label: 'Summary', value: p.summary ?? 'Not yet written' },
        { label: 'Review date', value: p.reviewOn ? ukLong(p.reviewOn) : 'Not set' },
        { label: 'Signed off', value: p.signedOffAt && p.signedOffAt <= at ? 'Yes' : 'No' },
      ],
    })
    blocks.push(actionsTable(`Improvement plan actions: ${name}`, planActions, 'No actions in the plan yet.'))
  } else blocks.push({ type: 'text', text: 'No improvement plan open.' })
  if (delivery)
    blocks.push(
      actionsTable(`Delivery plan actions: ${name}`, otherActions, 'No other actions in its delivery plan.'),
    )
  blocks.push({ type: 'heading', level: 4, text: 'Risks' })
  blocks.push(risksTable(`Risks: ${name}`, risks, 'No risks linked to this target.'))
  blocks.push({ type: 'heading', level: 4, text: 'Support asked for' })
  if (commentary?.supportNeeded)
    blocks.push({
      type: 'text',
      text: commentary.supportNeeded,
      attribution: `${commentary.authorLabel}, ${commentary.period}`,
    })
  blocks.push({
    type: 'table',
    caption: `Escalated to the board: ${name}`,
    columns: [
      { label: 'Escalation' },
      { label: 'About' },
      { label: 'Raised' },
      { label: 'Question for the board' },
    ],
    rows: escalations.map((e) => [
      e.title,
      e.subject?.label ?? '',
      `${ukLong(e.raisedAt)} by ${e.raisedBy}`,
      e.question,
    ]),
    empty: commentary?.supportNeeded ? 'Nothing escalated to the board.' : 'No support asked for.',
  })
  return blocks
}

async function build(ctx: KindContext): Promise<Section[]> {
  await ctx.progress(0.1, 'Reading the targets')
  const { lines, themes } = await targetLines(ctx)
  const exceptions = lines.filter((l) => l.row && EXCEPTIONS.includes(l.row.status)).sort(byStatus)
  const overview: Section = {
    id: 'red-and-amber',
    title: 'Red and amber targets',
    intro: `The targets rated red or amber for ${ctx.spec.period}; each follows with its commentary, improvement plan, risks and the support asked for.`,
    blocks: [
      targetsTable(`Red and amber targets, ${ctx.spec.period}`, exceptions, 'No red or amber targets.'),
    ],
  }
  if (exceptions.length === 0) return [overview]
  await ctx.progress(0.4, 'Reading commentary, plans, risks and escalations')
  const thread = await readThread(ctx, exceptions)
  await ctx.progress(0.8, 'Writing the exceptions')
  // Grouped by theme (a target serving two themes is shown under the first), in the strategy's order.
  const themeOf = (l: TargetLine) => themes.find((th) => l.themes.some((x) => x.id === th.id))
  const groups = [
    ...themes.map((th) => ({
      id: `theme-${th.ref}`,
      title: `${th.ref} ${th.title}`,
      lines: exceptions.filter((l) => themeOf(l)?.id === th.id),
    })),
    { id: 'no-theme', title: 'Targets not linked to a theme', lines: exceptions.filter((l) => !themeOf(l)) },
  ].filter((g) => g.lines.length)
  return [
    overview,
    ...groups.map((g) => ({
      id: g.id,
      title: g.title,
      blocks: g.lines.flatMap((l) => targetBlocks(l, thread, ctx.at)),
    })),
  ]
}

export const exceptionKind: KindDefinition = {
  kind: 'exception',
  name: 'Exception report',
  audience: 'Board',
  summary:
    'Red and amber targets only, each with its commentary, improvement plan and actions, linked risks and the support asked for.',
  themeCut: true,
  build,
}

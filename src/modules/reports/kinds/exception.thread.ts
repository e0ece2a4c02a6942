/**
 * What the exception, progress and evidence reports read below a target or an outcome — its
 * delivery plan and actions, improvement plan, risks, escalations and commentary — in one batch
 * read per source, as at the report's moment. Commentary, outcome progress, the directory and
 * risks (scores, controls and status of their last review then) and actions (their latest version
 * then) are read as they stood then. Delivery plans, improvement plans and escalations keep no
 * history of their state: they are those that existed then (created by then, not archived by
 * then; an improvement plan open then, an escalation raised and not yet decided or withdrawn
 * then) as they stand now, and an archived plan or action is not read at all.
 */
import { ukDate } from '../../../lib/clock.ts'
import { formatIndicatorValue } from '../../../lib/numbers.ts'
import type { TargetLine } from '../../dashboard/dashboard.service.ts'
import { actionStatusLabels, type ActionStatus } from '../../delivery/delivery.schema.ts'
import type { Block, Cell, ReportStatus, SummaryBlock, TableBlock } from '../reports.model.ts'
import type { KindContext } from './kind.ts'

type Live = { createdAt: Date; archivedAt: Date | null }

/** Existed at `at`: created by then and not archived by then. */
export const existedAt = (r: Live, at: Date) => r.createdAt <= at && (!r.archivedAt || r.archivedAt > at)

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
/** `31 October 2008` from an ISO date or a moment. */
export const ukLong = (d: string | Date | null | undefined) =>
  d ? longDate.format(typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d) : ''

export const directionWords: Record<string, string> = {
  improving: 'Improving',
  worsening: 'Worsening',
  unchanged: 'Unchanged',
  'n/a': 'Not known',
}

export const targetName = (l: TargetLine) =>
  `${l.target.indicator.code} ${l.target.indicator.title ?? '(title not yet recorded)'}`

/** A figure of a target's indicator: shown in its unit, kept a number for the spreadsheet. */
export const figure = (l: TargetLine, v: number | null | undefined): Cell =>
  v === null || v === undefined ? null : { text: formatIndicatorValue(v, l.target.indicator), value: v }

/** A target's figures for the period: status, value against target, direction, forecast. */
export function figuresBlock(l: TargetLine): SummaryBlock {
  const r = l.row
  const fmt = (v: number | null | undefined) =>
    v === null || v === undefined ? 'None' : formatIndicatorValue(v, l.target.indicator)
  return {
    type: 'summary',
    items: [
      { label: 'Status', value: { status: (r?.status ?? 'no-data') as ReportStatus } },
      { label: 'Period', value: r?.period ?? 'No figures yet' },
      { label: 'Value', value: `${fmt(r?.value)}${r?.provisional ? ' (provisional)' : ''}` },
      { label: 'Target', value: fmt(r?.targetValue) },
      { label: 'Direction of travel', value: directionWords[r?.direction ?? 'n/a'] ?? r?.direction ?? '' },
      { label: 'Year-end forecast', value: fmt(r?.forecastValue) },
    ],
  }
}

type Sources = KindContext['sources']
type PlanWithActions = Awaited<ReturnType<Sources['delivery']['forSubjects']>>[number]
export type ActionView = PlanWithActions['actions'][number] & { overdue: boolean }
export type RiskView = Awaited<ReturnType<Sources['risks']['list']>>[number]
type Escalation = Awaited<ReturnType<Sources['escalations']['list']>>[number]
type ImprovementPlan = Awaited<ReturnType<Sources['improvement']['list']>>[number]
type Commentary = Awaited<ReturnType<Sources['commentary']['list']>>[number]

export interface Thread {
  /** Delivery plans by target id and by outcome key, with their actions. */
  plans: Plans
  /** The improvement plan open at `at`, by target id. */
  improvement: Map<string, ImprovementPlan>
  risksOf: (subject: { targetId?: string; outcomeKey?: string }) => RiskView[]
  /** Escalations open at `at` about any of these records. */
  escalationsAbout: (ids: string[]) => Escalation[]
  /** A target's commentary for the report's period (else the period its figures show). */
  commentaryOf: (l: TargetLine) => Commentary | null
}

const FINISHED = ['complete', 'cancelled']

export type Plans = Map<string, { plan: PlanWithActions['plan']; actions: ActionView[] }>

/**
 * The delivery plans of these targets and outcomes that existed at `at`, by target id or outcome
 * key, with their actions then (overdue: unfinished and due before that day, or recorded late).
 */
export async function readPlans(
  ctx: KindContext,
  targetIds: string[],
  outcomeKeys: string[],
): Promise<Plans> {
  const { at } = ctx
  const day = ukDate(at)
  const subjects = await ctx.sources.delivery.forSubjects(ctx.actor, ctx.partnershipId, {
    targetIds,
    outcomeKeys,
    at,
  })
  const plans: Plans = new Map()
  for (const p of subjects) {
    if (!existedAt(p.plan, at)) continue
    const actions = p.actions
      .filter((a) => existedAt(a, at))
      .map((a) => ({
        ...a,
        overdue: !FINISHED.includes(a.status) && (a.status === 'late' || a.dueOn < day),
      }))
    plans.set(p.plan.targetId ?? p.plan.outcomeKey ?? p.plan.id, { plan: p.plan, actions })
  }
  return plans
}

/** The thread below these targets (and outcomes), one read per source. */
export async function readThread(
  ctx: KindContext,
  lines: TargetLine[],
  outcomeKeys: string[] = [],
): Promise<Thread> {
  const { actor, partnershipId: pid, at, sources: s } = ctx
  const [plans, improvement, risks, escalations, commentary] = await Promise.all([
    readPlans(
      ctx,
      lines.map((l) => l.target.id),
      outcomeKeys,
    ),
    s.improvement.list(actor, pid),
    s.risks.list(actor, pid, { status: 'all' }, { at }),
    s.escalations.list(actor, pid),
    s.commentary.list(actor, pid, { at }),
  ])
  const openImprovement = new Map<string, ImprovementPlan>()
  for (const p of improvement)
    if (p.plan.openedAt <= at && (!p.plan.closedAt || p.plan.closedAt > at) && existedAt(p.plan, at))
      openImprovement.set(p.plan.targetId, p)
  const openEscalations = escalations.filter(
    (e) =>
      e.raisedAt <= at &&
      !(e.decidedAt && e.decidedAt <= at) &&
      !(e.status === 'withdrawn' && e.updatedAt <= at),
  )
  const byTarget = new Map<string, Commentary[]>()
  for (const c of commentary) byTarget.set(c.targetId, [...(byTarget.get(c.targetId) ?? []), c])
  return {
    plans,
    improvement: openImprovement,
    risksOf: ({ targetId, outcomeKey }) =>
      risks.filter(
        (r) => (targetId && r.targetId === targetId) || (outcomeKey && r.outcomeKey === outcomeKey),
      ),
    escalationsAbout: (ids) => {
      const set = new Set(ids)
      return openEscalations.filter((e) => e.subjectId && set.has(e.subjectId))
    },
    commentaryOf: (l) => {
      const rows = byTarget.get(l.target.id) ?? []
      return (
        rows.find((c) => c.period === ctx.spec.period) ?? rows.find((c) => c.period === l.row?.period) ?? null
      )
    },
  }
}

export const actionStatus = (s: string) => actionStatusLabels[s as ActionStatus] ?? s

/** Actions as a table: ref, what, owner, due, status, overdue. */
export function actionsTable(caption: string, actions: ActionView[], empty: string): TableBlock {
  return {
    type: 'table',
    caption,
    columns: [
      { label: 'Ref' },
      { label: 'Action' },
      { label: 'Owner' },
      { label: 'Due' },
      { label: 'Status' },
      { label: 'Complete', numeric: true },
      { label: 'Overdue' },
    ],
    rows: actions.map((a) => [
      a.ref,
      a.title,
      a.ownerName ?? a.organisationName ?? '',
      ukLong(a.dueOn),
      actionStatus(a.status),
      { text: `${a.percentComplete}%`, value: a.percentComplete },
      a.overdue ? 'Overdue' : 'No',
    ]),
    empty,
  }
}

/** Risks as a table: ref, risk, owner, score then, status. */
export function risksTable(caption: string, risks: RiskView[], empty: string): TableBlock {
  return {
    type: 'table',
    caption,
    columns: [
      { label: 'Ref' },
      { label: 'Risk' },
      { label: 'Owner' },
      { label: 'Score', numeric: true },
      { label: 'Status' },
    ],
    rows: risks.map((r) => [
      r.ref,
      r.title,
      r.ownerName ?? '',
      r.score,
      r.status === 'open' ? 'Open' : 'Closed',
    ]),
    empty,
  }
}

/** Commentary as text blocks (what is happening, what is being done), with who wrote it and when. */
export function commentaryBlocks(c: Commentary | null, empty: string): Block[] {
  if (!c) return [{ type: 'text', text: empty }]
  const by = `${c.authorLabel}, ${ukLong(c.recordedAt)} (${c.period})`
  return [
    { type: 'text', text: c.commentary, attribution: by },
    ...(c.actions ? [{ type: 'text' as const, text: `What is being done: ${c.actions}` }] : []),
  ]
}

/**
 * The outcomes and sub-outcomes of the strategy current at `at`, in document order, each with its
 * directory roles then (none without a strategy); only the report's theme's when it is cut to one.
 */
export async function outcomeRows(ctx: KindContext) {
  const { rows } = await ctx.sources.directory.listAt(ctx.actor, ctx.partnershipId, ctx.at)
  return ctx.theme ? rows.filter((r) => r.themeKey === ctx.theme!.key) : rows
}

/** A table of targets: status, period, value against target, direction. */
export function targetsTable(caption: string, lines: TargetLine[], empty: string): TableBlock {
  return {
    type: 'table',
    caption,
    columns: [
      { label: 'Target' },
      { label: 'Status' },
      { label: 'Period' },
      { label: 'Value', numeric: true },
      { label: 'Target value', numeric: true },
      { label: 'Direction' },
    ],
    rows: lines.map((l) => [
      targetName(l),
      { status: (l.row?.status ?? 'no-data') as ReportStatus },
      l.row?.period ?? '',
      figure(l, l.row?.value),
      figure(l, l.row?.targetValue),
      directionWords[l.row?.direction ?? 'n/a'] ?? l.row?.direction ?? '',
    ]),
    empty,
  }
}

/** An outcome's actions: its own plan's, then its targets' plans'. */
export function outcomeActions(outcomeKey: string, lines: TargetLine[], plans: Plans) {
  return [outcomeKey, ...lines.map((l) => l.target.id)].flatMap((k) => {
    const p = plans.get(k)
    return p ? p.actions.map((a) => ({ ...a, planTitle: p.plan.title })) : []
  })
}

export function outcomeActionsTable(
  caption: string,
  actions: (ActionView & { planTitle: string })[],
): TableBlock {
  return {
    type: 'table',
    caption,
    columns: [
      { label: 'Ref' },
      { label: 'Action' },
      { label: 'Plan' },
      { label: 'Owner' },
      { label: 'Due' },
      { label: 'Status' },
      { label: 'Overdue' },
    ],
    rows: actions.map((a) => [
      a.ref,
      a.title,
      a.planTitle,
      a.ownerName ?? a.organisationName ?? '',
      ukLong(a.dueOn),
      actionStatus(a.status),
      a.overdue ? 'Overdue' : 'No',
    ]),
    empty: 'No delivery actions.',
  }
}

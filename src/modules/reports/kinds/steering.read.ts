/**
 * What the steering and board reports read, as at the report's moment, one batched read per
 * source (never one per target): the targets' lines, the strategy's outcomes, every stored
 * assessment at the targets' own places (for each target's figures, its trend and what changed),
 * the commentary of the period, and the round's overdue returns.
 */
import { ukDate } from '../../../lib/clock.ts'
import { comparePeriods, endDate, formatPeriod, previousPeriod } from '../../../periods/index.ts'
import type { ShownRow, TargetLine } from '../../dashboard/dashboard.service.ts'
import type { CurrentNode } from '../../strategy/strategy.service.ts'
import { targetLines } from './common.ts'
import type { KindContext } from './kind.ts'

type Sources = KindContext['sources']
export type Commentary = Awaited<ReturnType<Sources['commentary']['list']>>[number]
export type PlaceRow = Awaited<ReturnType<Sources['assessments']['list']>>[number]

export interface Overdue {
  /** The period's collection round, if it has one. */
  round: { period: string; dueOn: string } | null
  /** Whether the round's due date had passed at the report's moment. */
  closed: boolean
  items: { organisation: string; code: string; title: string | null; place: string; status: string }[]
}

export interface SteeringData {
  lines: TargetLine[]
  themes: CurrentNode[]
  /** The current strategy's nodes (themes, outcomes, sub-outcomes), by key. */
  nodes: Map<string, CurrentNode>
  /** Each target's stored rows at its own place, oldest period first, up to the period it shows. */
  history: Map<string, ShownRow[]>
  /** The row each target showed the period before the one it shows (for what changed). */
  previous: Map<string, ShownRow>
  commentary: Map<string, Commentary>
}

/**
 * The lines for the report's period, cut to the theme. A target without a row for that period
 * (an annual indicator in a quarterly report) shows its latest row with a value ending by then.
 */
export async function readSteering(ctx: KindContext): Promise<SteeringData> {
  const { actor, partnershipId: pid, at } = ctx
  const { lines: raw, themes } = await targetLines(ctx)
  const nodes = await ctx.sources.strategy.currentNodes(actor, pid)
  const places = [...new Set(raw.flatMap((l) => l.target.ownPlaceId ?? []))]
  const stored = places.length ? await ctx.sources.assessments.list(actor, pid, { at, placeIds: places }) : []
  const commentary = await ctx.sources.commentary.list(actor, pid, { period: ctx.spec.period, at })

  const ids = new Set(raw.map((l) => l.target.id))
  const own = new Map(raw.map((l) => [l.target.id, l.target.ownPlaceId]))
  const all = new Map<string, ShownRow[]>()
  for (const s of stored) {
    if (!ids.has(s.row.targetId) || own.get(s.row.targetId) !== s.row.placeId) continue
    all.set(s.row.targetId, [...(all.get(s.row.targetId) ?? []), s.row])
  }
  const end = endDate(ctx.spec.period)
  const lines = raw.map((l): TargetLine => {
    if (l.row) return l
    const rows = all.get(l.target.id) ?? []
    const latest = rows
      .filter((r) => r.value !== null && endDate(r.period) <= end)
      .sort((a, b) => comparePeriods(a.period, b.period))
      .at(-1)
    return latest ? { ...l, row: latest } : l
  })
  const history = new Map<string, ShownRow[]>()
  const previous = new Map<string, ShownRow>()
  for (const l of lines) {
    const rows = (all.get(l.target.id) ?? []).sort((a, b) => comparePeriods(a.period, b.period))
    if (!l.row) continue
    const shown = l.row.period
    history.set(
      l.target.id,
      rows.filter((r) => comparePeriods(r.period, shown) <= 0),
    )
    const before = formatPeriod(previousPeriod(shown))
    const prev = rows.find((r) => r.period === before)
    if (prev) previous.set(l.target.id, prev)
  }
  return {
    lines,
    themes,
    nodes: new Map(nodes.map((n) => [n.key, n])),
    history,
    previous,
    commentary: new Map(commentary.filter((c) => ids.has(c.targetId)).map((c) => [c.targetId, c])),
  }
}

/**
 * The returns of the period's round not submitted (or approved) once its due date had passed at
 * the report's moment, by organisation: each value as it stood then, for the report's targets
 * (those that existed then). A target archived since is no longer asked for by the round.
 */
export async function readOverdue(ctx: KindContext, lines: TargetLine[]): Promise<Overdue> {
  const { actor, partnershipId: pid } = ctx
  const round = (await ctx.sources.rounds.list(actor, pid)).find((r) => r.period === ctx.spec.period)
  if (!round) return { round: null, closed: false, items: [] }
  const closed = ukDate(ctx.at) > round.dueOn
  if (!closed) return { round: { period: round.period, dueOn: round.dueOn }, closed, items: [] }
  const c = await ctx.sources.rounds.completeness(actor, pid, round.id, { at: ctx.at })
  // Only the returns the report's targets ask for: those of its theme, that existed at the moment.
  const targetIds = new Set(lines.map((l) => l.target.id))
  const items = c.overdue
    .filter((o) => targetIds.has(o.targetId))
    .map((o) => ({
      organisation: o.organisation,
      code: o.code,
      title: o.title,
      place: o.placeName,
      status: o.status,
    }))
    .sort(
      (a, b) =>
        a.organisation.localeCompare(b.organisation) || a.code.localeCompare(b.code, 'en', { numeric: true }),
    )
  return { round: { period: round.period, dueOn: round.dueOn }, closed, items }
}

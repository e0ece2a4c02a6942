import { z } from 'zod'
import type { Db } from '../../db/client.ts'
import { notFound } from '../../errors.ts'
import { comparePeriods, formatPeriod, previousPeriod } from '../../periods/index.ts'
import { assessmentPolicy } from '../assessments/assessments.policy.ts'
import type { AssessmentsService, ShownRow } from '../assessments/assessments.service.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { CurrentNode, StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import { changesOf, type ChangeInput } from './dashboard.changes.ts'
import * as q from './dashboard.queries.ts'

export const STATUSES = ['green', 'amber', 'red', 'no-data', 'no-target', 'n/a'] as const
/** The statuses that are no rating: no data, no target, not applicable. */
export const NOT_RATED = ['no-data', 'no-target', 'n/a'] as const
/** How many periods a target's trend line shows, ending at the period the dashboard shows. */
export const TREND_POINTS = 8

/** One period of a target's trend. */
export interface TrendPoint {
  period: string
  periodStart: string
  value: number | null
  /** The trajectory's value for the period (null without one). */
  target?: number | null
  status: string
}

/** How many of these lines have each status (a line without a row has no data). */
export function countStatuses(ls: readonly TargetLine[]): Record<string, number> {
  return Object.fromEntries(
    STATUSES.map((s) => [s, ls.filter((l) => (l.row?.status ?? 'no-data') === s).length]),
  )
}

export const notRatedOf = (counts: Record<string, number>) =>
  NOT_RATED.reduce((n, s) => n + (counts[s] ?? 0), 0)

/** A target as the dashboard shows it: kind, place, reward terms, and the outcomes it serves. */
export type DashboardTarget = q.TargetAt & { outcomeKeys: string[] }
export type { ShownRow }

/** One target on the dashboard: its assessment at its own place for the chosen (or latest) period. */
export interface TargetLine {
  target: DashboardTarget
  themes: CurrentNode[]
  /** With a period, that period's row; else the latest period with a value, else the first. */
  row: ShownRow | undefined
}

export interface DashboardDeps {
  assessments: AssessmentsService
  targets: TargetsService
  strategy: StrategyService
}

/**
 * Dashboard reads. Everything comes from stored assessments as at a moment: nothing about the
 * partnership is computed on request.
 */
export function createDashboardService(db: Db, deps: DashboardDeps) {
  /** The partnership's targets at `at` (or one of them), each with its outcome keys then. */
  async function targetsAt(partnershipId: string, at?: Date, targetId?: string): Promise<DashboardTarget[]> {
    const rows = await q.targetsAt(db, partnershipId, at, targetId)
    const keys = await deps.targets.findOutcomeKeys(
      db,
      rows.map((r) => r.id),
      at,
    )
    return rows.map((r) => ({ ...r, outcomeKeys: keys.get(r.id) ?? [] }))
  }

  async function themesFor(partnershipId: string) {
    const nodes = await deps.strategy.findCurrentNodes(db, partnershipId)
    const byId = new Map(nodes.map((n) => [n.id, n]))
    const themeOf = (n: CurrentNode): CurrentNode => {
      let cur = n
      for (let i = 0; i < 20 && cur.parentId && byId.has(cur.parentId); i++) cur = byId.get(cur.parentId)!
      return cur
    }
    return { byKey: new Map(nodes.map((n) => [n.key, n])), themeOf, themes: nodes.filter((n) => !n.parentId) }
  }

  async function lines(
    actor: Actor,
    partnershipId: string,
    opts: { at?: Date; period?: string; placeId?: string },
  ) {
    authorize(assessmentPolicy.read, actor, partnershipId)
    // One query at a time: an embedded database serves one statement at a time.
    const targets = await targetsAt(partnershipId, opts.at)
    const placeOf = (t: DashboardTarget) => opts.placeId ?? t.ownPlaceId
    const places = [...new Set(targets.flatMap((t) => placeOf(t) ?? []))]
    const shown = await deps.assessments.findShownRows(
      db,
      targets.map((t) => t.id),
      places,
      opts,
    )
    const strategy = await themesFor(partnershipId)
    const rowOf = new Map(shown.map((r) => [`${r.targetId}|${r.placeId}`, r]))
    const out: TargetLine[] = targets.map((target) => {
      const themes = [
        ...new Map(
          target.outcomeKeys
            .map((k) => strategy.byKey.get(k))
            .filter((n): n is CurrentNode => !!n)
            .map((n) => strategy.themeOf(n))
            .map((t) => [t.id, t]),
        ).values(),
      ]
      return { target, themes, row: rowOf.get(`${target.id}|${placeOf(target)}`) }
    })
    return { lines: out, themes: strategy.themes }
  }

  /** Status counts per theme, targets needing an improvement plan, reward targets and the total payable. */
  function summarise(all: TargetLine[], themes: CurrentNode[]) {
    const byTheme = [
      ...themes.map((t) => ({
        theme: t,
        counts: countStatuses(all.filter((l) => l.themes.some((x) => x.id === t.id))),
      })),
      { theme: null, counts: countStatuses(all.filter((l) => l.themes.length === 0)) },
    ].filter((x) => x.theme || Object.values(x.counts).some((n) => n > 0))
    const rewards = all.filter((l) => l.target.kind === 'reward')
    const total = countStatuses(all)
    return {
      total,
      /** Targets with no rating: no data, no target or not rated, so the counts add up. */
      notRated: notRatedOf(total),
      byTheme,
      needsPlan: all.filter((l) => l.row?.needsPlan),
      rewards,
      // Money is added up in pence: no binary floating-point noise in a total.
      rewardTotal: sumPounds(rewards.map((l) => l.row?.rewardPayable)),
      rewardMax: sumPounds(rewards.map((l) => l.target.rewardGrant)),
    }
  }

  /**
   * What improved and what slipped: each target's status in its latest assessed period against
   * the period before it (each target by its own frequency), at its own place.
   */
  async function changesFrom(all: TargetLine[], at: Date | undefined) {
    const withRow = all.filter((l) => l.row && l.target.ownPlaceId)
    const byPrevious = new Map<string, TargetLine[]>()
    for (const l of withRow) {
      const before = formatPeriod(previousPeriod(l.row!.period))
      byPrevious.set(before, [...(byPrevious.get(before) ?? []), l])
    }
    const previous = new Map<string, ShownRow>()
    for (const [period, group] of byPrevious) {
      const rows = await deps.assessments.findShownRows(
        db,
        group.map((l) => l.target.id),
        [...new Set(group.map((l) => l.target.ownPlaceId!))],
        { at, period },
      )
      for (const r of rows) previous.set(`${r.targetId}|${r.placeId}|${r.period}`, r)
    }
    const inputs: ChangeInput[] = withRow.map((l) => {
      const before = previous.get(
        `${l.target.id}|${l.target.ownPlaceId}|${formatPeriod(previousPeriod(l.row!.period))}`,
      )
      return {
        targetId: l.target.id,
        code: l.target.indicator.code,
        title: l.target.indicator.title,
        latest: { status: l.row!.status, period: l.row!.period },
        previous: before ? { status: before.status, period: before.period } : undefined,
      }
    })
    return changesOf(inputs)
  }

  return {
    lines,

    /** Status counts per theme, targets needing an improvement plan, reward targets and the total payable. */
    async summary(actor: Actor, partnershipId: string, opts: { at?: Date; period?: string }) {
      const { lines: all, themes } = await lines(actor, partnershipId, opts)
      return summarise(all, themes)
    },

    /**
     * What improved and what slipped: each target's status in its latest assessed period against
     * the period before it (each target by its own frequency), at its own place.
     */
    async changes(actor: Actor, partnershipId: string, opts: { at?: Date } = {}) {
      const { lines: all } = await lines(actor, partnershipId, opts)
      return changesFrom(all, opts.at)
    },

    /**
     * The dashboard at a glance, reading the targets' lines once: the summary, what changed since
     * the period before, and the lines themselves (the home page picks a person's own from them).
     */
    async headline(actor: Actor, partnershipId: string, opts: { at?: Date } = {}) {
      const { lines: all, themes } = await lines(actor, partnershipId, opts)
      return { lines: all, themes, ...summarise(all, themes), changes: await changesFrom(all, opts.at) }
    },

    /**
     * Each line's trend: its stored rows at its own place, by period, up to the period it shows
     * (the last `points` of them), as at a moment. One read for every target.
     */
    async trends(
      actor: Actor,
      partnershipId: string,
      of: TargetLine[],
      opts: { at?: Date; points?: number } = {},
    ) {
      const points = opts.points ?? TREND_POINTS
      const own = of.filter((l) => l.row && l.target.ownPlaceId)
      const places = [...new Set(own.map((l) => l.target.ownPlaceId!))]
      const stored = places.length
        ? await deps.assessments.list(actor, partnershipId, { at: opts.at, placeIds: places })
        : []
      const byKey = new Map<string, TrendPoint[]>()
      for (const s of stored) {
        const key = `${s.row.targetId}|${s.row.placeId}`
        const list = byKey.get(key) ?? []
        list.push({
          period: s.row.period,
          periodStart: s.row.periodStart,
          value: s.row.value,
          target: s.row.targetValue,
          status: s.row.status,
        })
        byKey.set(key, list)
      }
      const out = new Map<string, TrendPoint[]>()
      for (const l of own) {
        const rows = (byKey.get(`${l.target.id}|${l.target.ownPlaceId}`) ?? []).sort((a, b) =>
          a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0,
        )
        const upTo = rows.findIndex((r) => r.period === l.row!.period)
        out.set(l.target.id, rows.slice(Math.max(0, upTo + 1 - points), upTo + 1))
      }
      return out
    },

    /** One target: its stored rows at every place, as at a moment. */
    async target(actor: Actor, partnershipId: string, targetId: string, opts: { at?: Date }) {
      authorize(assessmentPolicy.read, actor, partnershipId)
      // The id comes from the address: anything but a uuid is simply not found.
      if (!z.uuid().safeParse(targetId).success) throw notFound('Target')
      const [target] = await targetsAt(partnershipId, opts.at, targetId)
      if (!target) throw notFound('Target')
      const rows = (await deps.assessments.list(actor, partnershipId, { at: opts.at, targetId })).sort(
        (a, b) => comparePeriods(a.row.period, b.row.period),
      )
      return { target, rows }
    },

    placeNames: (ids: string[]) => q.placeNames(db, ids),
  }
}

export type DashboardService = ReturnType<typeof createDashboardService>

/** Sums of money in pounds, added as whole pence. */
function sumPounds(amounts: readonly (number | null | undefined)[]) {
  return amounts.reduce<number>((s, n) => s + Math.round((n ?? 0) * 100), 0) / 100
}

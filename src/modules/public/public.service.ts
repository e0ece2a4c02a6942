/**
 * The public site (#16): what a partnership chooses to show anyone, without signing in. It reads
 * through other modules' services only, as a read-only system reader, and lets through nothing
 * the partnership has not published:
 *
 * - a partnership whose `publicSite` is off, archived or unknown is not found (404);
 * - only targets whose current version is `published`; any other target is not found;
 * - only figures from approved values. Stored assessments count submitted values too, marking
 *   such a row `provisional` (a derived or year-to-date figure is provisional when any value it
 *   is made from is). A provisional row, or one without a figure (an approved value reopened for
 *   correction is a draft, in no assessment), is shown as it was last approved: the latest
 *   earlier stored version of the same row (target, place, period) made from approved values
 *   only that had a figure, with its figure, target and status (a correction leaves the approved
 *   figure up until it is approved). Without one it is shown as no data: its value, status,
 *   direction and forecast are dropped, only the trajectory's target for the period stays. A
 *   draft or returned value is never in an assessment at all. Directions are recomputed between
 *   the figures shown. Forecasts are not shown;
 * - the vision and themes of the strategy as last signed off (else as last made final); before
 *   anything is agreed, the draft open to residents today, said to be a draft; never another
 *   draft;
 * - only commentary marked `published`, without its author;
 * - no person's contact details: only the partnership's own `publicContact`.
 */
import { notFound } from '../../errors.ts'
import { systemActor } from '../auth/actor.ts'
import type { AgreementsService } from '../agreements/agreements.service.ts'
import type { CommentaryService } from '../commentary/commentary.service.ts'
import type { AssessmentsService, StoredAssessment } from '../assessments/assessments.service.ts'
import type { DashboardService, DashboardTarget } from '../dashboard/dashboard.service.ts'
import type { PartnershipsService, PartnershipRow } from '../partnerships/partnerships.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import { comparePeriods } from '../../periods/index.ts'
import { codeSlug, periodSlug } from './public.addresses.ts'

export interface PublicDeps {
  partnerships: PartnershipsService
  strategy: StrategyService
  agreements: AgreementsService
  targets: TargetsService
  dashboard: DashboardService
  commentary: CommentaryService
  assessments: Pick<AssessmentsService, 'latestApprovedRows'>
}

/** Reads only: every call below is a read, filtered to what is published before it leaves. */
const reader = systemActor('public site')

type Row = StoredAssessment['row']

/**
 * A stored row as the public may see it: a row made from any unapproved value, or without a
 * figure, shows the row as it was last approved (`lastApproved`, an earlier version of the same
 * row made from approved values only, with a figure), else no data.
 */
export function approvedOnly(row: Row, lastApproved?: Row): Row {
  if ((row.provisional || row.value === null) && lastApproved) return approvedOnly(lastApproved)
  const masked = row.provisional
    ? {
        value: null,
        valueSource: null,
        status: row.targetValue === null ? 'no-target' : 'no-data',
        direction: 'n/a',
        directionBaseline: 'n/a',
        rewardShare: null,
        rewardPayable: null,
        needsPlan: false,
      }
    : {}
  return { ...row, ...masked, forecastValue: null, forecastStatus: 'n/a' }
}

/**
 * Each approved figure's direction against the approved figure of the period before (the stored
 * direction may compare with a figure not yet approved), by the indicator's polarity.
 */
export function directionsOf(rows: readonly Row[], polarity: string | null) {
  return rows.map((r, i) => {
    const before = i > 0 ? rows[i - 1] : undefined
    if (
      r.value === null ||
      !before ||
      before.value === null ||
      (polarity !== 'higher' && polarity !== 'lower')
    )
      return 'n/a'
    if (r.value === before.value) return 'unchanged'
    return r.value > before.value === (polarity === 'higher') ? 'improving' : 'worsening'
  })
}

export type PublishedTarget = Awaited<ReturnType<TargetsService['list']>>[number] & {
  agreement: { id: string; name: string; startYear: number; endYear: number }
  slug: string
}

export function createPublicService(deps: PublicDeps) {
  /** The partnership, only if it publishes its site. */
  async function site(slug: string): Promise<PartnershipRow> {
    const p = await deps.partnerships.findBySlug(slug)
    if (!p || p.archivedAt || !p.publicSite) throw notFound('Page')
    return p
  }

  /**
   * The published targets of the live agreements, each with its address's code. Where two share a
   * code (the same indicator in two agreements or at two places), the latest agreement's comes
   * first, then the one at the partnership's own area: the address keeps meaning the current one.
   */
  async function publishedTargets(partnershipId: string): Promise<PublishedTarget[]> {
    const out: PublishedTarget[] = []
    for (const a of await deps.agreements.list(reader, partnershipId)) {
      const list = await deps.targets.list(reader, partnershipId, a.id)
      for (const t of list)
        if (t.version.published) out.push({ ...t, agreement: a, slug: codeSlug(t.indicator.code) })
    }
    return out.sort(
      (x, y) =>
        x.slug.localeCompare(y.slug, 'en', { numeric: true }) ||
        y.agreement.endYear - x.agreement.endYear ||
        Number(x.target.placeId !== null) - Number(y.target.placeId !== null),
    )
  }

  /**
   * One target's approved rows at every place, in period order (a provisional row, or one
   * without a figure, as it was last approved), and when it last changed.
   */
  async function figures(partnershipId: string, t: PublishedTarget) {
    const { target, rows } = await deps.dashboard.target(reader, partnershipId, t.target.id, {})
    const key = (r: Row) => `${r.placeId}|${r.period}`
    const approved = rows.some((r) => r.row.provisional || r.row.value === null)
      ? await deps.assessments.latestApprovedRows(reader, partnershipId, [target.id])
      : []
    const lastApproved = new Map(approved.map((r) => [key(r), r]))
    const shown = rows
      .map((r) => ({ ...r, row: approvedOnly(r.row, lastApproved.get(key(r.row))) }))
      .sort((a, b) => comparePeriods(a.row.period, b.row.period))
    const own = shown.filter((r) => r.row.placeId === target.ownPlaceId).map((r) => r.row)
    const directions = directionsOf(own, target.indicator.polarity)
    const ownRows = own.map((r, i) => ({ ...r, direction: directions[i]! }))
    const latest = [...ownRows].reverse().find((r) => r.value !== null)
    // Last updated: the latest approved figure's row, or the target's own version.
    const stamps = [
      t.version.recordedAt,
      ...shown.filter((r) => !r.row.provisional && r.row.value !== null).map((r) => r.row.validFrom),
    ]
    return { target, ownRows, all: shown, latest, lastUpdated: latestOf(stamps) }
  }

  /** The published commentary of a target, newest period first (no author). */
  async function commentaryOf(partnershipId: string, targetId: string) {
    const rows = await deps.commentary.forTarget(reader, partnershipId, targetId)
    return rows
      .filter((r) => r.published)
      .map((r) => ({
        period: r.period,
        commentary: r.commentary,
        actions: r.actions,
        recordedAt: r.recordedAt,
      }))
  }

  async function findTarget(partnershipId: string, code: string) {
    const t = (await publishedTargets(partnershipId)).find((x) => x.slug === code.toLowerCase())
    if (!t) throw notFound('Target')
    return t
  }

  /** The strategy shown: as agreed (signed off, else final), else the draft open to residents. */
  async function strategyOf(partnershipId: string) {
    const shown = await deps.strategy.shownToPublic(reader, partnershipId)
    const version = shown?.version
    return {
      title: version?.title ?? null,
      vision: version?.vision ?? null,
      status: version?.status ?? null,
      /** A draft open to residents, shown as such, when nothing has been agreed yet. */
      draft: shown?.draft ?? false,
      updatedAt: version?.statusChangedAt ?? null,
      nodes: shown?.nodes ?? [],
    }
  }

  /**
   * A target's outcomes as nodes of the strategy shown: targets link to a node's key, which a
   * node keeps from version to version; one not in the shown version has no node.
   */
  function linkedTo(t: PublishedTarget, nodes: Awaited<ReturnType<typeof strategyOf>>['nodes']) {
    const byKey = new Map(nodes.map((n) => [n.key, n]))
    return { ...t, outcomes: t.outcomes.map((o) => ({ ...o, node: byKey.get(o.key) })) }
  }

  /** One published target: its approved figures, places and published commentary. */
  async function target(slug: string, code: string) {
    const p = await site(slug)
    const t = await findTarget(p.id, code)
    const f = await figures(p.id, t)
    const commentary = await commentaryOf(p.id, t.target.id)
    return {
      partnership: p,
      published: t,
      ...f,
      commentary,
      lastUpdated: latestOf([f.lastUpdated, ...commentary.map((c) => c.recordedAt)]),
    }
  }

  return {
    /** The partnerships that publish their site, by name. */
    async index() {
      const all = await deps.partnerships.listForActor(reader)
      return all
        .map((x) => x.partnership)
        .filter((p) => p.publicSite && !p.archivedAt)
        .map((p) => ({
          slug: p.slug,
          name: p.name,
          kind: p.kind,
          description: p.description,
          updatedAt: p.updatedAt,
        }))
    },

    site,

    /**
     * The home and outcomes pages: the partnership, its vision, themes and outcomes, and each
     * published target's approved figures.
     */
    async overview(slug: string) {
      const p = await site(slug)
      const strategy = await strategyOf(p.id)
      const lines = []
      // One target at a time: an embedded database serves one statement at a time.
      for (const t of await publishedTargets(p.id))
        lines.push({ t: linkedTo(t, strategy.nodes), f: await figures(p.id, t) })
      return {
        partnership: p,
        strategy,
        lines,
        lastUpdated: latestOf([p.updatedAt, strategy.updatedAt, ...lines.map((l) => l.f.lastUpdated)]),
      }
    },

    target,

    /** One period of a published target (by its address, e.g. `2009-10-q3`): every place's approved figure. */
    async period(slug: string, code: string, period: string) {
      const t = await target(slug, code)
      const own = t.ownRows.find((r) => periodSlug(r.period) === period.toLowerCase())
      if (!own) throw notFound('Period')
      const places = t.all.filter((r) => r.row.period === own.period)
      const commentary = t.commentary.find((c) => c.period === own.period) ?? null
      return {
        ...t,
        row: own,
        places,
        periodCommentary: commentary,
        lastUpdated: latestOf([
          t.published.version.recordedAt,
          ...places.filter((r) => !r.row.provisional && r.row.value !== null).map((r) => r.row.validFrom),
          commentary?.recordedAt,
        ]),
      }
    },
  }
}

export type PublicService = ReturnType<typeof createPublicService>
export type PublicOverview = Awaited<ReturnType<PublicService['overview']>>
export type PublicTarget = Awaited<ReturnType<PublicService['target']>>
export type PublicPeriod = Awaited<ReturnType<PublicService['period']>>
export type { DashboardTarget }

const latestOf = (dates: readonly (Date | null | undefined)[]) =>
  dates.reduce<Date | null>((m, d) => (d && (!m || d > m) ? d : m), null)

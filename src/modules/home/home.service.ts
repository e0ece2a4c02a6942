import { comparePeriods } from '../../periods/index.ts'
import type { AgreementsService } from '../agreements/agreements.service.ts'
import type { CommentaryService } from '../commentary/commentary.service.ts'
import type { Actor } from '../auth/actor.ts'
import { manager } from '../auth/policy.ts'
import type { Role } from '../auth/roles.ts'
import type { DeliveryService } from '../delivery/delivery.service.ts'
import type { EscalationsService } from '../escalations/escalations.service.ts'
import type { DashboardService, TargetLine } from '../dashboard/dashboard.service.ts'
import type { DirectoryRow, DirectoryService } from '../directory/directory.service.ts'
import type { IndicatorsService } from '../indicators/indicators.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PlacesService } from '../places/places.service.ts'
import type { RoundsService } from '../rounds/rounds.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import { memberPolicy } from '../users/users.policy.ts'
import type { UsersService } from '../users/users.service.ts'
import { valuePolicy } from '../values/values.policy.ts'
import type { ValuesService } from '../values/values.service.ts'
import { setupChecklist, type SetupFacts } from './home.checklist.ts'

interface HomePartnership {
  id: string
  slug: string
  areaPlaceId: string | null
  accountableBodyId: string | null
}

/** How many of the latest closed rounds the home page counts overdue returns in. */
const RECENT_ROUNDS = 2
/** Lists on the home page are short: the full lists are a link away. */
const LIST_LIMIT = 8

/**
 * The partnership's home: "what needs me now", per role. Every figure is read through the
 * owning module's service with the actor, so a role sees only what it may read; nothing is
 * computed here that a module does not already compute.
 */
export function createHomeService(deps: {
  places: PlacesService
  organisations: OrganisationsService
  strategy: StrategyService
  indicators: IndicatorsService
  agreements: AgreementsService
  targets: TargetsService
  rounds: RoundsService
  values: ValuesService
  users: UsersService
  dashboard: DashboardService
  directory: DirectoryService
  commentary: CommentaryService
  delivery: Pick<DeliveryService, 'lateForUser' | 'awaitingDecision'>
  escalations: Pick<EscalationsService, 'awaitingDecision'>
}) {
  /**
   * Delivery asks of this person: their own late actions, plans awaiting their challenge (a
   * reviewer's), and — for board members and managers — what awaits the board's decision.
   */
  async function delivery(actor: Actor, p: HomePartnership, role: Role | null) {
    const forBoard = role === 'board_member' || manager(actor, p.id)
    const [late, challenge, decisions] = await Promise.all([
      deps.delivery.lateForUser(actor, p.id),
      deps.delivery.awaitingDecision(actor, p.id),
      forBoard ? deps.escalations.awaitingDecision(actor, p.id) : [],
    ])
    if (!late.length && !challenge.length && !decisions.length && !forBoard) return null
    return { late, challenge, decisions, forBoard }
  }

  async function setupFacts(actor: Actor, p: HomePartnership): Promise<SetupFacts> {
    const places = await deps.places.list(actor, p.id)
    const organisations = await deps.organisations.list(actor, p.id)
    const nodes = await deps.strategy.currentNodes(actor, p.id)
    const indicators = await deps.indicators.list(actor, p.id)
    const agreements = await deps.agreements.list(actor, p.id)
    const agreement = await deps.agreements.current(actor, p.id)
    const trajectories = agreement
      ? await deps.targets.trajectoryCoverage(actor, p.id, agreement.id)
      : { targets: 0, withoutTrajectory: 0 }
    const rounds = await deps.rounds.list(actor, p.id)
    const members = memberPolicy.read(actor, p.id) ? (await deps.users.listMembers(actor, p.id)).length : null
    return {
      areaChosen: p.areaPlaceId !== null,
      places: places.length,
      organisations: organisations.length,
      strategyOutcomes: nodes.length,
      indicatorsWithOrganisation: indicators.filter((i) => i.responsibleOrganisationId).length,
      agreements: agreements.length,
      targets: trajectories.targets,
      targetsWithoutTrajectory: trajectories.withoutTrajectory,
      rounds: rounds.length,
      members,
    }
  }

  /**
   * Values awaiting approval (in any round), and what each organisation still owes in the most
   * recent rounds that have closed.
   */
  async function approvals(actor: Actor, p: HomePartnership) {
    const awaiting = await deps.values.awaitingApproval(actor, p.id, LIST_LIMIT)
    const closed = (await deps.rounds.list(actor, p.id))
      .filter((r) => r.state === 'closed')
      .sort((a, b) => comparePeriods(b.period, a.period))
      .slice(0, RECENT_ROUNDS)
    const overdue = new Map<string, { organisation: string; count: number; periods: string[] }>()
    for (const round of closed) {
      const c = await deps.rounds.completeness(actor, p.id, round.id)
      for (const o of c.overdue) {
        const entry = overdue.get(o.organisation) ?? { organisation: o.organisation, count: 0, periods: [] }
        entry.count++
        if (!entry.periods.includes(round.period)) entry.periods.push(round.period)
        overdue.set(o.organisation, entry)
      }
    }
    return {
      awaiting: awaiting.rows,
      awaitingTotal: awaiting.total,
      overdue: [...overdue.values()].sort(
        (a, b) => b.count - a.count || a.organisation.localeCompare(b.organisation),
      ),
    }
  }

  /** A data provider's returns: what is still to do, what came back and why, and by when. */
  async function returns(actor: Actor, p: HomePartnership) {
    const mine = await deps.rounds.returns(actor, p.id)
    return {
      linked: mine.organisationId !== null,
      rounds: mine.rounds.map((r) => {
        const toDo = r.items.filter((i) => !i.value || i.value.status === 'draft')
        const returned = r.items.filter((i) => i.value?.status === 'returned')
        const done = r.items.filter((i) => i.value && ['submitted', 'approved'].includes(i.value.status))
        return {
          round: r.round,
          exception: r.exception,
          expected: r.items.length,
          toDo: toDo.length,
          done: done.length,
          returned: returned.map((i) => ({
            code: i.code,
            placeName: i.placeName,
            valueId: i.value!.id,
            reason: i.value!.statusReason,
          })),
        }
      }),
    }
  }

  /**
   * The headline: status counts across the agreement (those not rated too, so they add up), what
   * changed since the period before and the targets flagged for a plan, from one read of the
   * dashboard's lines; and the lines, for an outcome lead's own.
   */
  async function headline(actor: Actor, p: HomePartnership) {
    const h = await deps.dashboard.headline(actor, p.id)
    return {
      lines: h.lines,
      view: {
        total: h.total,
        notRated: h.notRated,
        needsPlan: h.needsPlan.slice(0, LIST_LIMIT),
        needsPlanTotal: h.needsPlan.length,
        changes: h.changes,
      },
    }
  }

  /**
   * An outcome lead's own: the outcomes the directory names them outcome lead of, their targets
   * (linked to those outcomes by key) that are off track, red first, and what is asked of them —
   * the commentary they have been asked for and not yet written, an improvement plan for a target
   * red two periods running, and the roles of their outcomes still to fill.
   */
  async function outcomeLead(actor: Actor, p: HomePartnership, lines: TargetLine[]) {
    const led: DirectoryRow[] = await deps.directory.ledBy(actor, p.id)
    const keys = new Set(led.map((r) => r.key))
    const mine = lines.filter((l) => l.target.outcomeKeys.some((k) => keys.has(k)))
    const rank: Record<string, number> = { red: 0, amber: 1 }
    const offTrack = mine
      .filter((l) => l.row && l.row.status in rank)
      .sort((a, b) => rank[a.row!.status]! - rank[b.row!.status]!)
    const outcomesOf = (l: TargetLine) =>
      led.filter((r) => l.target.outcomeKeys.includes(r.key)).map((r) => ({ ref: r.ref, title: r.title }))
    return {
      outcomes: led.map((r) => ({ nodeId: r.nodeId, ref: r.ref, title: r.title })),
      targets: mine.length,
      offTrack: offTrack.slice(0, LIST_LIMIT).map((l) => ({ line: l, outcomes: outcomesOf(l) })),
      offTrackTotal: offTrack.length,
      asked: {
        commentary: (await deps.commentary.askedOf(actor, p.id)).map((r) => ({
          targetId: r.target.id,
          code: r.target.code,
          title: r.target.title,
          placeName: r.target.placeName,
          period: r.period,
          dueOn: r.request.dueOn,
          status: r.status,
        })),
        plans: mine.filter((l) => l.row?.needsPlan).map((l) => ({ line: l, outcomes: outcomesOf(l) })),
        gaps: led
          .filter((r) => r.missing.length > 0)
          .map((r) => ({ nodeId: r.nodeId, ref: r.ref, title: r.title, missing: r.missing })),
      },
    }
  }

  /** The partnership's area and accountable body, by name. */
  async function about(actor: Actor, p: HomePartnership) {
    const area = p.areaPlaceId
      ? (await deps.places.list(actor, p.id)).find((x) => x.id === p.areaPlaceId)
      : undefined
    const accountable = p.accountableBodyId
      ? (await deps.organisations.list(actor, p.id, { includeArchived: true })).find(
          (o) => o.id === p.accountableBodyId,
        )
      : undefined
    return {
      area: area ? { name: area.name, gssCode: area.gssCode } : null,
      accountableBody: accountable ? { name: accountable.name } : null,
    }
  }

  return {
    /** What the home page shows this actor, by what their role does. */
    async forActor(actor: Actor, p: HomePartnership, role: Role | null) {
      const isManager = manager(actor, p.id)
      const entersValues = valuePolicy.enterSome(actor, p.id) && !isManager
      const setup = isManager ? setupChecklist(p.slug, await setupFacts(actor, p)) : null
      const approvalsView = valuePolicy.approve(actor, p.id) ? await approvals(actor, p) : null
      const returnsView = entersValues ? await returns(actor, p) : null
      const h = role === 'data_provider' ? null : await headline(actor, p)
      return {
        role,
        setup,
        approvals: approvalsView,
        returns: returnsView,
        outcomeLead: h && role === 'outcome_lead' ? await outcomeLead(actor, p, h.lines) : null,
        headline: h?.view ?? null,
        delivery: role === 'data_provider' ? null : await delivery(actor, p, role),
        about: await about(actor, p),
      }
    },
  }
}

export type HomeService = ReturnType<typeof createHomeService>
export type HomeView = Awaited<ReturnType<HomeService['forActor']>>

import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import * as q from './risks.queries.ts'
import { riskPolicy } from './risks.policy.ts'
import { createAppetiteUseCases } from './risks.appetite.ts'
import {
  HIGH_RISK_SCORE,
  type ReviewInput,
  type RiskFilter,
  type RiskInput,
  type RiskStatus,
} from './risks.schema.ts'
import { heatMapOf, loadRiskViews } from './risks.views.ts'
import { createWorkshopUseCases } from './risks.workshops.ts'

export type { AppetiteRow, ReviewRow, RiskRow, WorkshopRow } from './risks.queries.ts'

export interface RisksDeps {
  clock: Clock
  /** A risk's owner is one of the partnership's people. */
  people: Pick<PeopleService, 'find'>
  organisations: Pick<OrganisationsService, 'find'>
  /** Outcome-level risks name a node of the current strategy by its key. */
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  /** An outcome lead edits the risks of the outcomes they lead (and of those outcomes' targets). */
  directory: Pick<DirectoryService, 'findPeopleOfUser' | 'mayEdit'>
  targets: Pick<TargetsService, 'findOutcomeKeys'>
}

export { heatMapOf, trendOf, type RiskView } from './risks.views.ts'

export function createRisksService(db: Db, deps: RisksDeps) {
  const today = () => ukDate(deps.clock())

  /** Managers edit every risk; an outcome lead those they own or whose outcome they lead. */
  async function mayEditRisk(
    actor: Actor,
    partnershipId: string,
    r: { ownerPersonId: string | null; outcomeKey: string | null; targetId: string | null },
  ) {
    if (manager(actor, partnershipId)) return true
    if (actor.roles.get(partnershipId) !== 'outcome_lead' || !actor.userId) return false
    const mine = await deps.directory.findPeopleOfUser(db, partnershipId, actor.userId)
    if (r.ownerPersonId && mine.includes(r.ownerPersonId)) return true
    const keys = r.outcomeKey
      ? [r.outcomeKey]
      : r.targetId
        ? ((await deps.targets.findOutcomeKeys(db, [r.targetId])).get(r.targetId) ?? [])
        : []
    if (keys.length === 0) return false
    const nodes = (await deps.strategy.findCurrentNodes(db, partnershipId)).filter((n) =>
      keys.includes(n.key),
    )
    for (const n of nodes) if (await deps.directory.mayEdit(actor, partnershipId, n.id)) return true
    return false
  }
  const views = (tx: DbOrTx, partnershipId: string, ids?: string[], at?: Date) =>
    loadRiskViews(tx, deps, today, partnershipId, ids, at)

  async function getView(actor: Actor, partnershipId: string, id: string) {
    authorize(riskPolicy.read, actor, partnershipId)
    const row = await q.findRisk(db, partnershipId, id)
    if (!row || row.archivedAt) throw notFound('Risk')
    return (await views(db, partnershipId, [id]))[0]!
  }

  /** The subject, owner, workshop and ref of a risk, checked: every problem named by field. */
  async function checkRisk(tx: DbOrTx, partnershipId: string, input: RiskInput, selfId?: string) {
    const errors: FieldErrors = {}
    let targetId: string | null = null
    let outcomeKey: string | null = null
    if (input.subject) {
      const [kind, id] = input.subject.split(':') as ['target' | 'outcome', string]
      if (kind === 'target') {
        if (await q.findTarget(tx, partnershipId, id)) targetId = id
        else errors.subject = 'Choose a target of this partnership from the list'
      } else {
        const nodes = await deps.strategy.findCurrentNodes(tx, partnershipId)
        if (nodes.some((n) => n.key === id)) outcomeKey = id
        else errors.subject = 'Choose a theme or outcome of the current strategy from the list'
      }
    }
    if (input.ownerPersonId) {
      const p = await deps.people.find(tx, partnershipId, input.ownerPersonId)
      if (!p || p.archivedAt) errors.ownerPersonId = 'Choose the owner from the partnership’s people'
    }
    if (input.workshopId && !(await q.findWorkshop(tx, partnershipId, input.workshopId)))
      errors.workshopId = 'Choose the workshop from the list'
    const clash = await q.findRiskByRef(tx, partnershipId, input.ref)
    if (clash && clash.id !== selfId) errors.ref = `${clash.ref} is already the reference of another risk`
    if (Object.keys(errors).length) throw validationError(errors)
    return { targetId, outcomeKey }
  }

  const columns = (input: RiskInput, subject: { targetId: string | null; outcomeKey: string | null }) => ({
    ref: input.ref,
    title: input.title,
    description: input.description ?? null,
    targetId: subject.targetId,
    outcomeKey: subject.outcomeKey,
    category: input.category ?? null,
    ownerPersonId: input.ownerPersonId,
    controls: input.controls ?? null,
    inherentLikelihood: input.inherentLikelihood,
    inherentImpact: input.inherentImpact,
    likelihood: input.likelihood,
    impact: input.impact,
    targetLikelihood: input.targetLikelihood,
    targetImpact: input.targetImpact,
    reviewOn: input.reviewOn,
    status: input.status,
    workshopId: input.workshopId,
  })

  /** Append a review, strictly after the risk's last one (so trend reads the order they were made). */
  async function appendReview(
    tx: DbOrTx,
    actor: Actor,
    risk: q.RiskRow,
    note: string | null,
  ): Promise<q.ReviewRow> {
    const earlier = await q.reviewsOf(tx, [risk.id])
    const last = earlier[earlier.length - 1]
    const now = deps.clock()
    const reviewedAt =
      last && last.reviewedAt.getTime() >= now.getTime() ? new Date(last.reviewedAt.getTime() + 1) : now
    return q.insertReview(tx, {
      riskId: risk.id,
      reviewedAt,
      reviewedBy: actor.label,
      likelihood: risk.likelihood,
      impact: risk.impact,
      controls: risk.controls,
      status: risk.status,
      note,
    })
  }

  /** Refuse (403) unless the actor may edit a risk in this state. */
  async function guard(actor: Actor, partnershipId: string, r: Parameters<typeof mayEditRisk>[2]) {
    if (!(await mayEditRisk(actor, partnershipId, r)))
      throw forbidden('You may change only the risks you own or of the outcomes you lead')
  }

  /** What an input names, unchecked: for the guard, which runs before the transaction opens. */
  const claimed = (input: RiskInput) => {
    const [kind, id] = (input.subject ?? ':').split(':') as [string, string]
    return {
      targetId: kind === 'target' ? id : null,
      outcomeKey: kind === 'outcome' ? id : null,
      ownerPersonId: input.ownerPersonId,
    }
  }

  /**
   * Create or change a risk inside the caller's transaction (forms, API and the Risks sheet). The
   * caller has guarded (outside the transaction: the directory reads on its own connection).
   */
  async function saveRisk(
    tx: DbOrTx,
    actor: Actor,
    partnershipId: string,
    input: RiskInput,
    before?: q.RiskRow,
  ) {
    const subject = await checkRisk(tx, partnershipId, input, before?.id)
    if (!before) {
      const row = await q.insertRisk(tx, { partnershipId, ...columns(input, subject) })
      await appendReview(tx, actor, row, input.note ?? 'Risk recorded')
      return { row, changed: true }
    }
    const next = columns(input, subject)
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== before[k])
    if (!changed && !input.note) return { row: before, changed: false }
    const row = await q.updateRisk(tx, before.id, next)
    const rescored =
      row.likelihood !== before.likelihood || row.impact !== before.impact || row.status !== before.status
    if (rescored || input.note) await appendReview(tx, actor, row, input.note ?? null)
    return { row, changed: true }
  }

  async function liveRisk(partnershipId: string, id: string) {
    const row = await q.findRisk(db, partnershipId, id)
    if (!row || row.archivedAt) throw notFound('Risk')
    return row
  }

  return {
    today,
    mayEditRisk,

    /**
     * The register, filtered by status (default open), category or matrix cell; with `at`, as it
     * stood then (reports: see loadRiskViews).
     */
    async list(actor: Actor, partnershipId: string, filter: RiskFilter = {}, opts: { at?: Date } = {}) {
      authorize(riskPolicy.read, actor, partnershipId)
      const status = filter.status ?? 'open'
      return (await views(db, partnershipId, undefined, opts.at)).filter(
        (r) =>
          (status === 'all' || r.status === status) &&
          (!filter.category || (r.category ?? '').toLowerCase() === filter.category.toLowerCase()) &&
          (!filter.likelihood || r.likelihood === filter.likelihood) &&
          (!filter.impact || r.impact === filter.impact),
      )
    },

    get: getView,

    /** The partnership's categories in use or with an appetite, for filters and forms. */
    async categories(actor: Actor, partnershipId: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      const [rows, appetites] = await Promise.all([
        q.listRisks(db, partnershipId),
        q.listAppetites(db, partnershipId),
      ])
      const all = new Map<string, string>()
      for (const c of [...appetites.map((a) => a.category), ...rows.map((r) => r.category)])
        if (c && !all.has(c.toLowerCase())) all.set(c.toLowerCase(), c)
      return [...all.values()].sort((a, b) => a.localeCompare(b))
    },

    /** Targets of the partnership a risk may be about. */
    async targetChoices(actor: Actor, partnershipId: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      return q.listTargets(db, partnershipId)
    },

    /** Open risks in each cell of the 5 × 5 matrix, by current score. */
    async heatMap(actor: Actor, partnershipId: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      return heatMapOf(await views(db, partnershipId))
    },

    /** Open risks scoring at least `threshold` (15 unless told), highest first: for the steering group. */
    async highRisks(actor: Actor, partnershipId: string, threshold = HIGH_RISK_SCORE) {
      authorize(riskPolicy.read, actor, partnershipId)
      return (await views(db, partnershipId))
        .filter((r) => r.status === 'open' && r.score >= threshold)
        .sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref))
    },

    /** Open risks whose review date has passed, longest overdue first. */
    async overdueReviews(actor: Actor, partnershipId: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      return (await views(db, partnershipId))
        .filter((r) => r.reviewOverdue)
        .sort((a, b) => (a.reviewOn! < b.reviewOn! ? -1 : a.reviewOn! > b.reviewOn! ? 1 : 0))
    },

    /** How the escalation log names a risk (another module's use-case, authorised): null if not the partnership's. */
    async subject(tx: DbOrTx, partnershipId: string, id: string) {
      const row = await q.findRisk(tx, partnershipId, id)
      return row && !row.archivedAt ? { label: `${row.ref} ${row.title}`, path: `/risks/${row.id}` } : null
    },

    /** The risks of a target (its page's panel). */
    async forTarget(actor: Actor, partnershipId: string, targetId: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      return (await views(db, partnershipId)).filter((r) => r.targetId === targetId)
    },

    /** The risks of an outcome and of its targets (its page's panel). */
    async forOutcome(actor: Actor, partnershipId: string, outcomeKey: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      const all = await views(db, partnershipId)
      const targetIds = [...new Set(all.map((r) => r.targetId).filter((t): t is string => !!t))]
      const keys = await deps.targets.findOutcomeKeys(db, targetIds)
      return all.filter(
        (r) => r.outcomeKey === outcomeKey || (r.targetId && keys.get(r.targetId)?.includes(outcomeKey)),
      )
    },

    async create(actor: Actor, partnershipId: string, input: RiskInput) {
      authorize(riskPolicy.edit, actor, partnershipId)
      await guard(actor, partnershipId, claimed(input))
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const { row } = await saveRisk(tx, actor, partnershipId, input)
        return { result: row, audit: { entityType: 'risk', entityId: row.id, action: 'create', after: row } }
      })
    },

    async update(actor: Actor, partnershipId: string, id: string, input: RiskInput) {
      authorize(riskPolicy.edit, actor, partnershipId)
      const before = await liveRisk(partnershipId, id)
      await guard(actor, partnershipId, before)
      await guard(actor, partnershipId, claimed(input))
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const { row, changed } = await saveRisk(tx, actor, partnershipId, input, before)
        return {
          result: row,
          audit: changed ? { entityType: 'risk', entityId: id, action: 'update', before, after: row } : null,
        }
      })
    },

    /** Record a review: the scores now, what was said and the next review date (always appends one). */
    async review(actor: Actor, partnershipId: string, id: string, input: ReviewInput) {
      authorize(riskPolicy.edit, actor, partnershipId)
      const before = await liveRisk(partnershipId, id)
      await guard(actor, partnershipId, before)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updateRisk(tx, id, {
          likelihood: input.likelihood,
          impact: input.impact,
          controls: input.controls ?? before.controls,
          reviewOn: input.reviewOn,
          status: input.status,
        })
        const review = await appendReview(tx, actor, row, input.note ?? null)
        return {
          result: row,
          audit: {
            entityType: 'risk',
            entityId: id,
            action: 'review',
            before,
            after: { ...row, review: { id: review.id, note: review.note } },
          },
        }
      })
    },

    /** Archive (soft delete): the risk leaves the register; its reviews stay. */
    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(riskPolicy.archive, actor, partnershipId)
      const before = await liveRisk(partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updateRisk(tx, id, { archivedAt: deps.clock() })
        return {
          result: row,
          audit: { entityType: 'risk', entityId: id, action: 'archive', before, after: row },
        }
      })
    },

    /**
     * For the Risks sheet, inside the import's transaction: create or update by ref. Imports are
     * for managers (who may change every risk); the sheet has authorised.
     */
    async saveByRef(tx: DbOrTx, actor: Actor, partnershipId: string, input: RiskInput) {
      const before = await q.findRiskByRef(tx, partnershipId, input.ref)
      // The sheet has no workshop column: a row keeps the workshop its risk came from.
      const kept = before && input.workshopId === null ? { ...input, workshopId: before.workshopId } : input
      const { row, changed } = await saveRisk(tx, actor, partnershipId, kept, before)
      return { row, created: !before, changed }
    },

    /** For the Risks sheet's export: the live risks with their names (it has authorised). */
    findAll: (tx: DbOrTx, partnershipId: string) => views(tx, partnershipId),

    /** For the Risks sheet: the partnership's targets by indicator code (it has authorised). */
    findTargets: (tx: DbOrTx, partnershipId: string) => q.listTargets(tx, partnershipId),

    /** For the Risks sheet: the partnership's live people, to match owners (it has authorised). */
    findPeople: (tx: DbOrTx, partnershipId: string) => q.listPeople(tx, partnershipId),

    // ---- Appetite ----
    ...createAppetiteUseCases(db, deps),

    // ---- Workshops (area-based risk assessment, 001 §11-12) ----
    ...createWorkshopUseCases(db, deps),
  }
}

export type RisksService = ReturnType<typeof createRisksService>
export type { RiskStatus }

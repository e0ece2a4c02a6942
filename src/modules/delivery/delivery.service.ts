import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import { createActionUseCases, presentAction } from './delivery.actions.ts'
import { createChallengeUseCases } from './delivery.challenge.ts'
import * as cq from './delivery.challenge.queries.ts'
import * as q from './delivery.queries.ts'
import { deliveryPolicy, reviewsByRole } from './delivery.policy.ts'
import { isLate } from './delivery.rules.ts'
import type { PlanCreate, PlanUpdate } from './delivery.schema.ts'
import { createSheetUseCases } from './delivery.sheet-store.ts'

export type { IssueRow, RoundRow } from './delivery.challenge.queries.ts'
export type { ActionWithNames, PlanWithNames } from './delivery.queries.ts'

export interface DeliveryDeps {
  clock: Clock
  people: Pick<PeopleService, 'find'>
  organisations: Pick<OrganisationsService, 'find'>
  /** Who a signed-in user is here, and which outcomes they lead. */
  directory: Pick<DirectoryService, 'findPeopleOfUser' | 'mayEdit'>
  /** The current strategy's outcomes, by their stable key. */
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  /** The outcomes a target serves. */
  targets: Pick<TargetsService, 'findOutcomeKeys'>
}

type Subject = { targetId: string | null; outcomeKey: string | null }

const OUTCOME_KINDS = ['outcome', 'sub_outcome']

export function createDeliveryService(db: Db, deps: DeliveryDeps) {
  const today = () => ukDate(deps.clock())

  const present = presentAction

  async function peopleOf(actor: Actor, partnershipId: string): Promise<string[]> {
    return actor.userId ? deps.directory.findPeopleOfUser(db, partnershipId, actor.userId) : []
  }

  /** Outcome keys → "1.7 Title", for the current strategy. */
  async function outcomeIndex(tx: DbOrTx, partnershipId: string) {
    const nodes = await deps.strategy.findCurrentNodes(tx, partnershipId)
    return new Map(nodes.map((n) => [n.key, n]))
  }

  /** Whether the actor leads the subject in the directory (an outcome, or an outcome a target serves). */
  async function leadsSubject(actor: Actor, partnershipId: string, subject: Subject) {
    if (actor.roles.get(partnershipId) !== 'outcome_lead') return false
    const keys = subject.outcomeKey
      ? [subject.outcomeKey]
      : ((await deps.targets.findOutcomeKeys(db, [subject.targetId!])).get(subject.targetId!) ?? [])
    if (keys.length === 0) return false
    const index = await outcomeIndex(db, partnershipId)
    for (const key of keys) {
      const node = index.get(key)
      if (node && (await deps.directory.mayEdit(actor, partnershipId, node.id))) return true
    }
    return false
  }

  /** Managers change any plan; an outcome lead the plans they lead (named, or in the directory). */
  async function mayEditPlan(actor: Actor, partnershipId: string, plan: q.PlanRow) {
    if (manager(actor, partnershipId)) return true
    if (!deliveryPolicy.edit(actor, partnershipId)) return false
    if (plan.leadPersonId && (await peopleOf(actor, partnershipId)).includes(plan.leadPersonId)) return true
    return leadsSubject(actor, partnershipId, plan)
  }

  async function mayReview(actor: Actor, partnershipId: string) {
    if (reviewsByRole(actor, partnershipId)) return true
    if (!actor.userId || !actor.roles.has(partnershipId)) return false
    return cq.isNamedReviewer(db, partnershipId, actor.userId)
  }

  /** The plan, or 404 (another partnership's plan, or none). */
  async function loadPlan(actor: Actor, partnershipId: string, id: string) {
    authorize(deliveryPolicy.read, actor, partnershipId)
    const plan = await q.findPlan(db, partnershipId, id)
    if (!plan) throw notFound('Delivery plan')
    return plan
  }

  async function loadEditablePlan(actor: Actor, partnershipId: string, id: string) {
    const plan = await loadPlan(actor, partnershipId, id)
    if (!(await mayEditPlan(actor, partnershipId, plan)))
      throw forbidden('Only the plan’s lead and performance officers may change it')
    return plan
  }

  async function loadAction(actor: Actor, partnershipId: string, id: string) {
    authorize(deliveryPolicy.read, actor, partnershipId)
    const action = await q.findAction(db, partnershipId, id)
    if (!action) throw notFound('Action')
    const plan = await q.findPlan(db, partnershipId, action.planId)
    if (!plan) throw notFound('Action')
    return { action, plan }
  }

  /** A subject's label: the target's indicator or the outcome's ref and title. */
  async function subjectLabel(
    tx: DbOrTx,
    partnershipId: string,
    plan: q.PlanWithNames,
    index?: Map<string, { ref: string; title: string }>,
  ) {
    if (plan.targetLabel) return plan.targetLabel
    const node = (index ?? (await outcomeIndex(tx, partnershipId))).get(plan.outcomeKey!)
    return node ? `${node.ref} ${node.title}` : 'An outcome no longer in the strategy'
  }

  async function checkPlanInput(tx: DbOrTx, partnershipId: string, input: PlanUpdate & Partial<Subject>) {
    const errors: FieldErrors = {}
    if (input.targetId && !(await q.liveTarget(tx, partnershipId, input.targetId)))
      errors.targetId = 'Choose a target of this partnership from the list'
    if (input.outcomeKey) {
      const node = (await outcomeIndex(tx, partnershipId)).get(input.outcomeKey)
      if (!node || !OUTCOME_KINDS.includes(node.kind))
        errors.outcomeKey = 'Choose an outcome of the current strategy from the list'
    }
    if (input.leadPersonId) {
      const p = await deps.people.find(tx, partnershipId, input.leadPersonId)
      if (!p || p.archivedAt) errors.leadPersonId = 'Choose a person of this partnership as the lead'
    }
    if (Object.keys(errors).length) throw validationError(errors)
  }

  /** The plan's rounds of challenge, oldest first, each with its issues. */
  async function roundsWithIssues(tx: DbOrTx, planId: string) {
    const rounds = await cq.roundsOf(tx, planId)
    const issues = await cq.issuesOfRounds(
      tx,
      rounds.map((r) => r.id),
    )
    return rounds.map((r) => ({ ...r, issues: issues.filter((i) => i.roundId === r.id) }))
  }

  async function actionsWithDeps(tx: DbOrTx, partnershipId: string, rows: q.ActionWithNames[]) {
    const day = today()
    const edges = rows.length ? await q.dependencyEdges(tx, partnershipId) : []
    return rows.map((a) => present(a, edges, day))
  }

  const actionUseCases = createActionUseCases(db, deps, {
    loadPlan,
    loadEditablePlan,
    loadAction,
    mayEditPlan,
    peopleOf,
    actionsWithDeps,
  })
  const sheetUseCases = createSheetUseCases(deps)
  const challengeUseCases = createChallengeUseCases(db, deps, {
    loadPlan,
    loadEditablePlan,
    mayReview,
    roundsWithIssues,
  })

  const service = {
    mayEditPlan,
    mayReview,
    today,

    /** The partnership's plans, each with its subject in words and counts of its actions. */
    async list(actor: Actor, partnershipId: string, opts: { status?: string } = {}) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const plans = await q.listPlans(db, partnershipId, opts)
      const index = await outcomeIndex(db, partnershipId)
      const all = await q.actionsOfPlans(
        db,
        plans.map((p) => p.id),
      )
      const day = today()
      return Promise.all(
        plans.map(async (p) => {
          const mine = all.filter((a) => a.planId === p.id)
          return {
            ...p,
            subject: await subjectLabel(db, partnershipId, p, index),
            actionCount: mine.length,
            lateCount: mine.filter((a) => isLate(a, day)).length,
          }
        }),
      )
    },

    /** One plan with its actions, its rounds of challenge and what the actor may do with it. */
    async get(actor: Actor, partnershipId: string, id: string) {
      const plan = await loadPlan(actor, partnershipId, id)
      const [actions, rounds, subject, canEdit, canReview] = await Promise.all([
        q.actionsOfPlans(db, [id]).then((rows) => actionsWithDeps(db, partnershipId, rows)),
        roundsWithIssues(db, id),
        subjectLabel(db, partnershipId, plan),
        mayEditPlan(actor, partnershipId, plan),
        mayReview(actor, partnershipId),
      ])
      const mine = await peopleOf(actor, partnershipId)
      return {
        plan: { ...plan, subject },
        actions: actions.map((a) => ({
          ...a,
          canProgress: canEdit || (a.ownerPersonId !== null && mine.includes(a.ownerPersonId)),
        })),
        rounds,
        currentRound: rounds.at(-1),
        canEdit,
        canReview,
      }
    },

    /** Targets and outcomes the actor may plan for (managers: all; an outcome lead: those they lead). */
    async subjectChoices(actor: Actor, partnershipId: string) {
      authorize(deliveryPolicy.edit, actor, partnershipId)
      const [targets, nodes] = await Promise.all([
        q.targetChoices(db, partnershipId),
        deps.strategy.findCurrentNodes(db, partnershipId),
      ])
      const outcomes = nodes
        .filter((n) => OUTCOME_KINDS.includes(n.kind))
        .map((n) => ({ key: n.key, label: `${n.ref} ${n.title}` }))
      if (manager(actor, partnershipId)) return { targets, outcomes }
      const mineT = []
      for (const t of targets)
        if (await leadsSubject(actor, partnershipId, { targetId: t.id, outcomeKey: null })) mineT.push(t)
      const mineO = []
      for (const o of outcomes)
        if (await leadsSubject(actor, partnershipId, { targetId: null, outcomeKey: o.key })) mineO.push(o)
      return { targets: mineT, outcomes: mineO }
    },

    async create(actor: Actor, partnershipId: string, input: PlanCreate) {
      authorize(deliveryPolicy.edit, actor, partnershipId)
      await checkPlanInput(db, partnershipId, input)
      const subject = { targetId: input.targetId, outcomeKey: input.outcomeKey }
      if (!manager(actor, partnershipId) && !(await leadsSubject(actor, partnershipId, subject)))
        throw forbidden('An outcome lead plans only for the outcomes they lead and their targets')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const existing = await q.planForSubject(tx, partnershipId, subject)
        if (existing)
          throw conflict(
            `There is already a plan for this ${input.targetId ? 'target' : 'outcome'}: ${existing.title}`,
            {
              [input.targetId ? 'targetId' : 'outcomeKey']: `It already has a plan: ${existing.title}`,
            },
          )
        const row = await q.insertPlan(tx, { partnershipId, ...input, status: 'draft' })
        return {
          result: row,
          audit: { entityType: 'delivery_plan', entityId: row.id, action: 'create', after: row },
        }
      })
    },

    async update(actor: Actor, partnershipId: string, id: string, input: PlanUpdate) {
      const before = await loadEditablePlan(actor, partnershipId, id)
      await checkPlanInput(db, partnershipId, input)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updatePlan(tx, id, input, deps.clock())
        return {
          result: row,
          audit: { entityType: 'delivery_plan', entityId: id, action: 'update', before, after: row },
        }
      })
    },

    ...actionUseCases,
    ...sheetUseCases,

    /** Every live action across the partnership whose due date has passed unfinished, oldest first. */
    async overdue(actor: Actor, partnershipId: string) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const rows = await q.listActions(db, partnershipId, { dueBefore: today() })
      const plans = new Map((await q.listPlans(db, partnershipId)).map((p) => [p.id, p]))
      return (await actionsWithDeps(db, partnershipId, rows)).map((a) => ({
        ...a,
        plan: plans.get(a.planId)!,
      }))
    },

    /** Late actions owned by the signed-in person (for their home page). */
    async lateForUser(actor: Actor, partnershipId: string) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const mine = await peopleOf(actor, partnershipId)
      const rows = await q.listActions(db, partnershipId, { dueBefore: today(), ownerPersonIds: mine })
      return actionsWithDeps(db, partnershipId, rows)
    },

    /** Plans in challenge the actor may review (for their home page). */
    async awaitingDecision(actor: Actor, partnershipId: string) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      if (!(await mayReview(actor, partnershipId))) return []
      return q.listPlans(db, partnershipId, { status: 'in_challenge' })
    },

    /** For another module's read (it has authorised): the live actions of an improvement plan. */
    async actionsOfImprovementPlan(tx: DbOrTx, partnershipId: string, improvementPlanId: string) {
      const rows = await q.listActions(tx, partnershipId, { improvementPlanId })
      return actionsWithDeps(tx, partnershipId, rows)
    },

    /** How the escalation log names a plan (another module's use-case, authorised): null if not the partnership's. */
    async planSubject(tx: DbOrTx, partnershipId: string, id: string) {
      const plan = await q.findPlan(tx, partnershipId, id)
      return plan ? { label: `Delivery plan: ${plan.title}`, path: `/delivery/plans/${plan.id}` } : null
    },

    /** How the escalation log names an action: null if not the partnership's. */
    async actionSubject(tx: DbOrTx, partnershipId: string, id: string) {
      const a = await q.findAction(tx, partnershipId, id)
      return a ? { label: `Action ${a.ref} ${a.title}`, path: `/delivery/actions/${a.id}` } : null
    },

    /** A target's plan, with its actions (for the target page). */
    async forTarget(actor: Actor, partnershipId: string, targetId: string) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const [plan] = await q.listPlans(db, partnershipId, { targetIds: [targetId] })
      if (!plan) return null
      const actions = await actionsWithDeps(db, partnershipId, await q.actionsOfPlans(db, [plan.id]))
      return { plan, actions }
    },

    /**
     * For reports: the plans of these targets and outcomes with their live actions, in one read
     * each; with `at`, each action as its latest version then had it (those made since left out;
     * the owner's name only while the owner is the same person).
     */
    async forSubjects(
      actor: Actor,
      partnershipId: string,
      s: { targetIds: string[]; outcomeKeys: string[]; at?: Date },
    ) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const plans = [
        ...(s.targetIds.length ? await q.listPlans(db, partnershipId, { targetIds: s.targetIds }) : []),
        ...(s.outcomeKeys.length ? await q.listPlans(db, partnershipId, { outcomeKeys: s.outcomeKeys }) : []),
      ]
      let rows = await q.actionsOfPlans(
        db,
        plans.map((p) => p.id),
      )
      if (s.at) {
        const then = new Map(
          (
            await q.versionsAt(
              db,
              rows.map((r) => r.id),
              s.at,
            )
          ).map((v) => [v.actionId, v]),
        )
        rows = rows.flatMap((r) => {
          const v = then.get(r.id)
          if (!v) return []
          const { title, status, percentComplete, startOn, dueOn, ownerPersonId, notes } = v
          const ownerName = ownerPersonId === r.ownerPersonId ? r.ownerName : null
          return [{ ...r, title, status, percentComplete, startOn, dueOn, ownerPersonId, notes, ownerName }]
        })
      }
      const actions = await actionsWithDeps(db, partnershipId, rows)
      return plans.map((plan) => ({ plan, actions: actions.filter((a) => a.planId === plan.id) }))
    },

    /** An outcome's own plan and the plans of its targets (for the outcome page). */
    async forOutcome(actor: Actor, partnershipId: string, outcomeKey: string, targetIds: string[] = []) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const plans = [
        ...(await q.listPlans(db, partnershipId, { outcomeKeys: [outcomeKey] })),
        ...(targetIds.length ? await q.listPlans(db, partnershipId, { targetIds }) : []),
      ]
      const actions = await actionsWithDeps(
        db,
        partnershipId,
        await q.actionsOfPlans(
          db,
          plans.map((p) => p.id),
        ),
      )
      return plans.map((plan) => ({ plan, actions: actions.filter((a) => a.planId === plan.id) }))
    },

    ...challengeUseCases,
  }
  return service
}

export type DeliveryService = ReturnType<typeof createDeliveryService>
export type PlanDetail = Awaited<ReturnType<DeliveryService['get']>>
export type PresentedActionRow = Awaited<ReturnType<DeliveryService['overdue']>>[number]

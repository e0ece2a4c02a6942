import type { Db, DbOrTx, Tx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import * as q from './delivery.queries.ts'
import { deliveryPolicy, reviewsByRole } from './delivery.policy.ts'
import { effectiveStatus, findCycle, isLate } from './delivery.rules.ts'
import type {
  ActionInput,
  IssueInput,
  PlanCreate,
  PlanUpdate,
  ProgressInput,
  ResponseInput,
  SubmitInput,
} from './delivery.schema.ts'

export type { ActionWithNames, IssueRow, PlanWithNames, RoundRow } from './delivery.queries.ts'

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

  /** An action as shown: with `late` derived and the ids it waits for. */
  const present = (
    a: q.ActionWithNames,
    edges: { actionId: string; dependsOnId: string }[],
    day: string,
  ) => ({
    ...a,
    late: isLate(a, day),
    effectiveStatus: effectiveStatus(a, day),
    dependsOn: edges.filter((e) => e.actionId === a.id).map((e) => e.dependsOnId),
  })

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
    return q.isNamedReviewer(db, partnershipId, actor.userId)
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

  async function checkActionInput(
    tx: DbOrTx,
    partnershipId: string,
    input: ActionInput,
    actionId: string | null,
  ) {
    const errors: FieldErrors = {}
    if (input.ownerPersonId) {
      const p = await deps.people.find(tx, partnershipId, input.ownerPersonId)
      if (!p || p.archivedAt) errors.ownerPersonId = 'Choose a person of this partnership as the owner'
    }
    if (input.organisationId) {
      const o = await deps.organisations.find(tx, partnershipId, input.organisationId)
      if (!o || o.archivedAt) errors.organisationId = 'Choose an organisation of this partnership'
    }
    if (input.improvementPlanId && !(await q.liveImprovementPlan(tx, partnershipId, input.improvementPlanId)))
      errors.improvementPlanId = 'Choose an improvement plan of this partnership'
    const clash = await q.actionByRef(tx, partnershipId, input.ref)
    if (clash && clash.id !== actionId) errors.ref = `Another action already has the reference ${clash.ref}`
    const dependsOn = [...new Set(input.dependsOn)]
    const found = await q.actionsByIds(tx, partnershipId, dependsOn)
    if (found.length !== dependsOn.length) errors.dependsOn = 'Choose the actions it depends on from the list'
    else if (actionId || dependsOn.length) {
      const self = actionId ?? 'new'
      const cycle = findCycle(self, dependsOn, await q.dependencyEdges(tx, partnershipId))
      if (cycle) {
        const refs = new Map(found.map((f) => [f.id, f.ref]))
        for (const e of await q.actionsByIds(
          tx,
          partnershipId,
          cycle.filter((c) => c !== self),
        ))
          refs.set(e.id, e.ref)
        refs.set(self, input.ref)
        errors.dependsOn = `That would make a loop of dependencies: ${cycle.map((c) => refs.get(c) ?? c).join(' → ')}`
      }
    }
    if (Object.keys(errors).length) throw validationError(errors)
    return dependsOn
  }

  const versionOf = (a: q.ActionRow, actor: Actor, at: Date) => ({
    actionId: a.id,
    recordedAt: at,
    recordedBy: actor.label,
    title: a.title,
    status: a.status,
    percentComplete: a.percentComplete,
    startOn: a.startOn,
    dueOn: a.dueOn,
    ownerPersonId: a.ownerPersonId,
    notes: a.notes,
  })

  /** The plan's rounds of challenge, oldest first, each with its issues. */
  async function roundsWithIssues(tx: DbOrTx, planId: string) {
    const rounds = await q.roundsOf(tx, planId)
    const issues = await q.issuesOfRounds(
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

    // --- actions ---

    async getAction(actor: Actor, partnershipId: string, id: string) {
      const { action, plan } = await loadAction(actor, partnershipId, id)
      const [presented] = await actionsWithDeps(db, partnershipId, [action])
      const canEdit = await mayEditPlan(actor, partnershipId, plan)
      const mine = await peopleOf(actor, partnershipId)
      return {
        action: presented!,
        plan,
        versions: await q.versionsOf(db, id),
        canEdit,
        canProgress: canEdit || (action.ownerPersonId !== null && mine.includes(action.ownerPersonId)),
      }
    },

    async createAction(actor: Actor, partnershipId: string, planId: string, input: ActionInput) {
      await loadEditablePlan(actor, partnershipId, planId)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const dependsOn = await checkActionInput(tx, partnershipId, input, null)
        const at = deps.clock()
        const { dependsOn: _d, ...values } = input
        const row = await q.insertAction(tx, { partnershipId, planId, ...values })
        await q.setDependencies(tx, row.id, dependsOn)
        await q.insertVersion(tx, versionOf(row, actor, at))
        return {
          result: row,
          audit: { entityType: 'action', entityId: row.id, action: 'create', after: { ...row, dependsOn } },
        }
      })
    },

    async updateAction(actor: Actor, partnershipId: string, id: string, input: ActionInput) {
      const { action: before, plan } = await loadAction(actor, partnershipId, id)
      if (!(await mayEditPlan(actor, partnershipId, plan)))
        throw forbidden('Only the plan’s lead and performance officers may change its actions')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const dependsOn = await checkActionInput(tx, partnershipId, input, id)
        const at = deps.clock()
        const { dependsOn: _d, ...values } = input
        const row = await q.updateAction(tx, id, values, at)
        await q.setDependencies(tx, id, dependsOn)
        await q.insertVersion(tx, versionOf(row, actor, at))
        return {
          result: row,
          audit: {
            entityType: 'action',
            entityId: id,
            action: 'update',
            before,
            after: { ...row, dependsOn },
          },
        }
      })
    },

    /** The owner (or the plan's lead) records progress: status, percent complete and a note. */
    async progress(actor: Actor, partnershipId: string, id: string, input: ProgressInput) {
      const { action: before, plan } = await loadAction(actor, partnershipId, id)
      const owner =
        before.ownerPersonId !== null && (await peopleOf(actor, partnershipId)).includes(before.ownerPersonId)
      if (!owner && !(await mayEditPlan(actor, partnershipId, plan)))
        throw forbidden('Only the action’s owner and the plan’s lead may update its progress')
      const percentComplete = input.status === 'complete' ? 100 : input.percentComplete
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const at = deps.clock()
        const row = await q.updateAction(
          tx,
          id,
          { status: input.status, percentComplete, notes: input.notes ?? null },
          at,
        )
        await q.insertVersion(tx, versionOf(row, actor, at))
        return {
          result: row,
          audit: { entityType: 'action', entityId: id, action: 'progress', before, after: row },
        }
      })
    },

    async archiveAction(actor: Actor, partnershipId: string, id: string) {
      const { action: before, plan } = await loadAction(actor, partnershipId, id)
      if (!(await mayEditPlan(actor, partnershipId, plan))) throw forbidden()
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const at = deps.clock()
        const row = await q.updateAction(tx, id, { archivedAt: at }, at)
        await q.setDependencies(tx, id, [])
        return {
          result: row,
          audit: { entityType: 'action', entityId: id, action: 'archive', before, after: row },
        }
      })
    },

    /** Every live action across the partnership whose due date has passed unfinished, oldest first. */
    // --- the Actions sheet (it has authorised; tx-first, inside the import's transaction) ---

    /** What the Actions sheet resolves names against: plans, targets, outcomes, people, organisations. */
    async sheetContext(tx: DbOrTx, partnershipId: string) {
      const [plans, targets, nodes, people, organisations, openPlans, actions, edges] = await Promise.all([
        q.sheetPlans(tx, partnershipId),
        q.sheetTargets(tx, partnershipId),
        deps.strategy.findCurrentNodes(tx, partnershipId),
        q.sheetPeople(tx, partnershipId),
        q.sheetOrganisations(tx, partnershipId),
        q.openImprovementPlans(tx, partnershipId),
        q.listActions(tx, partnershipId),
        q.dependencyEdges(tx, partnershipId),
      ])
      return { plans, targets, nodes, people, organisations, openPlans, actions, edges }
    },

    /**
     * Create or change an action by its ref (its dependencies are set apart, once every row is
     * written). An action whose fields are as they were writes nothing: no version, no audit.
     */
    async saveActionByRef(
      tx: Tx,
      actor: Actor,
      partnershipId: string,
      planId: string,
      input: Omit<ActionInput, 'dependsOn'>,
    ) {
      const before = await q.fullActionByRef(tx, partnershipId, input.ref)
      const values = {
        planId,
        title: input.title,
        ownerPersonId: input.ownerPersonId,
        organisationId: input.organisationId,
        startOn: input.startOn,
        dueOn: input.dueOn,
        status: input.status,
        percentComplete: input.percentComplete,
        milestone: input.milestone,
        notes: input.notes,
        improvementPlanId: input.improvementPlanId,
      }
      const at = deps.clock()
      if (!before) {
        const row = await q.insertAction(tx, { partnershipId, ref: input.ref, ...values })
        await q.insertVersion(tx, versionOf(row, actor, at))
        await audit(tx, actor, {
          partnershipId,
          entityType: 'action',
          entityId: row.id,
          action: 'create',
          after: row,
        })
        return { row, created: true, changed: true }
      }
      const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => before[k] === values[k])
      if (same) return { row: before, created: false, changed: false }
      const row = await q.updateAction(tx, before.id, values, at)
      await q.insertVersion(tx, versionOf(row, actor, at))
      await audit(tx, actor, {
        partnershipId,
        entityType: 'action',
        entityId: row.id,
        action: 'update',
        before,
        after: row,
      })
      return { row, created: false, changed: true }
    },

    /** Set what an action waits for (the sheet has checked for loops); false when it is as it was. */
    async setActionDependencies(
      tx: Tx,
      actor: Actor,
      partnershipId: string,
      actionId: string,
      dependsOn: string[],
      current: string[],
    ) {
      const wanted = [...new Set(dependsOn)].sort()
      const was = [...new Set(current)].sort()
      if (wanted.length === was.length && wanted.every((id, i) => id === was[i])) return false
      await q.setDependencies(tx, actionId, wanted)
      await audit(tx, actor, {
        partnershipId,
        entityType: 'action',
        entityId: actionId,
        action: 'update',
        before: { dependsOn: was },
        after: { dependsOn: wanted },
      })
      return true
    },

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

    // --- challenge ---

    /** The lead submits the plan for challenge: a new round (the first, or after revision). */
    async submit(actor: Actor, partnershipId: string, planId: string, input: SubmitInput) {
      const plan = await loadEditablePlan(actor, partnershipId, planId)
      if (plan.status === 'in_challenge') throw conflict('The plan is already in challenge')
      if (plan.status === 'accepted') throw conflict('The plan has been accepted')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const rounds = await roundsWithIssues(tx, planId)
        const last = rounds.at(-1)
        const unanswered = last?.issues.filter((i) => !i.response).length ?? 0
        if (unanswered)
          throw conflict(
            `Respond to every issue of round ${last!.number} before resubmitting: ${unanswered} ${unanswered === 1 ? 'has' : 'have'} no response`,
            {
              note: `${unanswered} issue${unanswered === 1 ? '' : 's'} of round ${last!.number} still need${unanswered === 1 ? 's' : ''} a response`,
            },
          )
        const at = deps.clock()
        const round = await q.insertRound(tx, {
          partnershipId,
          planId,
          number: (last?.number ?? 0) + 1,
          submittedAt: at,
          submittedBy: actor.label,
          note: input.note ?? null,
        })
        const row = await q.updatePlan(tx, planId, { status: 'in_challenge' }, at)
        return {
          result: round,
          audit: {
            entityType: 'delivery_plan',
            entityId: planId,
            action: 'submit',
            before: plan,
            after: { ...row, round },
          },
        }
      })
    },

    /** A reviewer raises an issue in the plan's open round. */
    async raiseIssue(actor: Actor, partnershipId: string, planId: string, input: IssueInput) {
      const plan = await loadPlan(actor, partnershipId, planId)
      if (!(await mayReview(actor, partnershipId))) throw forbidden('Only the challenge group reviews plans')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const round = (await q.roundsOf(tx, planId)).at(-1)
        if (plan.status !== 'in_challenge' || !round || round.outcome !== 'open')
          throw conflict('The plan is not in challenge: issues are raised while a round is open')
        const row = await q.insertIssue(tx, {
          partnershipId,
          roundId: round.id,
          body: input.body,
          raisedBy: actor.label,
          raisedByUserId: actor.userId,
          raisedAt: deps.clock(),
        })
        return {
          result: row,
          audit: { entityType: 'challenge_issue', entityId: row.id, action: 'create', after: row },
        }
      })
    },

    /** A reviewer closes the open round with issues for the lead to answer: the plan goes back for revision. */
    async returnForRevision(actor: Actor, partnershipId: string, planId: string) {
      const plan = await loadPlan(actor, partnershipId, planId)
      if (!(await mayReview(actor, partnershipId))) throw forbidden('Only the challenge group reviews plans')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const rounds = await roundsWithIssues(tx, planId)
        const round = rounds.at(-1)
        if (plan.status !== 'in_challenge' || !round || round.outcome !== 'open')
          throw conflict('The plan is not in challenge')
        if (round.issues.length === 0)
          throw conflict('Raise at least one issue before returning the plan for revision', {
            body: 'Raise at least one issue for the lead to address',
          })
        const at = deps.clock()
        const closed = await q.updateRound(tx, round.id, {
          outcome: 'revise',
          closedAt: at,
          closedBy: actor.label,
        })
        const row = await q.updatePlan(tx, planId, { status: 'revising' }, at)
        return {
          result: closed,
          audit: {
            entityType: 'delivery_plan',
            entityId: planId,
            action: 'return_for_revision',
            before: plan,
            after: { ...row, round: closed },
          },
        }
      })
    },

    /** The lead answers an issue of the latest round (before resubmitting). */
    async respond(actor: Actor, partnershipId: string, issueId: string, input: ResponseInput) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const found = await q.findIssue(db, partnershipId, issueId)
      if (!found) throw notFound('Issue')
      const plan = await loadEditablePlan(actor, partnershipId, found.round.planId)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const latest = (await q.roundsOf(tx, plan.id)).at(-1)
        if (plan.status === 'accepted' || latest?.id !== found.round.id)
          throw conflict('Only the issues of the plan’s latest round of challenge can be answered')
        const row = await q.updateIssue(tx, issueId, {
          response: input.response,
          respondedBy: actor.label,
          respondedAt: deps.clock(),
        })
        return {
          result: row,
          audit: {
            entityType: 'challenge_issue',
            entityId: issueId,
            action: 'respond',
            before: found.issue,
            after: row,
          },
        }
      })
    },

    /** The plan an issue was raised on (404 for another partnership's issue). */
    async planOfIssue(actor: Actor, partnershipId: string, issueId: string) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      const found = await q.findIssue(db, partnershipId, issueId)
      if (!found) throw notFound('Issue')
      return found.round.planId
    },

    /** A reviewer accepts the plan: the open round closes accepted. */
    async accept(actor: Actor, partnershipId: string, planId: string) {
      const plan = await loadPlan(actor, partnershipId, planId)
      if (!(await mayReview(actor, partnershipId))) throw forbidden('Only the challenge group reviews plans')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const round = (await roundsWithIssues(tx, planId)).at(-1)
        if (plan.status !== 'in_challenge' || !round || round.outcome !== 'open')
          throw conflict('Only a plan in challenge can be accepted')
        const unanswered = round.issues.filter((i) => !i.response).length
        if (unanswered)
          throw conflict(
            `${unanswered} issue${unanswered === 1 ? '' : 's'} of this round ${unanswered === 1 ? 'has' : 'have'} no response: return the plan for revision instead`,
          )
        const at = deps.clock()
        const closed = await q.updateRound(tx, round.id, {
          outcome: 'accepted',
          closedAt: at,
          closedBy: actor.label,
        })
        const row = await q.updatePlan(
          tx,
          planId,
          { status: 'accepted', acceptedAt: at, acceptedBy: actor.label },
          at,
        )
        return {
          result: row,
          audit: {
            entityType: 'delivery_plan',
            entityId: planId,
            action: 'accept',
            before: plan,
            after: { ...row, round: closed },
          },
        }
      })
    },

    // --- the challenge group ---

    async reviewers(actor: Actor, partnershipId: string) {
      authorize(deliveryPolicy.read, actor, partnershipId)
      return q.listReviewers(db, partnershipId)
    },

    async reviewerChoices(actor: Actor, partnershipId: string) {
      authorize(deliveryPolicy.manageReviewers, actor, partnershipId)
      const named = new Set((await q.listReviewers(db, partnershipId)).map((r) => r.userId))
      return (await q.members(db, partnershipId)).filter((m) => !named.has(m.userId))
    },

    async addReviewer(actor: Actor, partnershipId: string, userId: string) {
      authorize(deliveryPolicy.manageReviewers, actor, partnershipId)
      if (!(await q.memberOf(db, partnershipId, userId)))
        throw validationError({ userId: 'Choose a member of this partnership as a reviewer' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        if (await q.isNamedReviewer(tx, partnershipId, userId))
          throw conflict('They are already a reviewer', { userId: 'They are already a reviewer' })
        const row = await q.insertReviewer(tx, partnershipId, userId)
        return {
          result: row,
          audit: { entityType: 'challenge_reviewer', entityId: row.id, action: 'create', after: row },
        }
      })
    },

    async removeReviewer(actor: Actor, partnershipId: string, id: string) {
      authorize(deliveryPolicy.manageReviewers, actor, partnershipId)
      return mutate(db, actor, { partnershipId }, async (tx: Tx) => {
        const row = await q.archiveReviewer(tx, partnershipId, id, deps.clock())
        if (!row) throw notFound('Reviewer')
        return {
          result: row,
          audit: { entityType: 'challenge_reviewer', entityId: id, action: 'archive', after: row },
        }
      })
    },
  }
  return service
}

export type DeliveryService = ReturnType<typeof createDeliveryService>
export type PlanDetail = Awaited<ReturnType<DeliveryService['get']>>
export type PresentedActionRow = Awaited<ReturnType<DeliveryService['overdue']>>[number]

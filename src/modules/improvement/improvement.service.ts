import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError } from '../../errors.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import { systemActor, type Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import type { AssessmentsService, TargetFlag } from '../assessments/assessments.service.ts'
import type { DirectoryService } from '../directory/directory.service.ts'
import type { PeopleService } from '../people/people.service.ts'
import type { TargetsService } from '../targets/targets.service.ts'
import { improvementPolicy } from './improvement.policy.ts'
import * as q from './improvement.queries.ts'
import type { PlanUpdate } from './improvement.schema.ts'

export type { PlanRow, PlanWithNames } from './improvement.queries.ts'

/** An action of a plan, as the delivery module gives it. */
export interface PlanAction {
  id: string
  ref: string
  title: string
  status: string
  /** The status with `late` derived from the due date. */
  effectiveStatus?: string
  dueOn: string | null
}

export interface ImprovementDeps {
  clock: Clock
  /** The flags plans follow, and the hook that runs the opening and closing when they change. */
  assessments: Pick<AssessmentsService, 'findFlags' | 'onStoredChange'>
  targets: Pick<TargetsService, 'findOutcomeKeys'>
  /** The owner of a new plan is its target's outcome lead; outcome leads edit their own plans. */
  directory: Pick<DirectoryService, 'findOutcomeLeads' | 'findPeopleOfUser'>
  people: Pick<PeopleService, 'find'>
  /** A plan's actions (delivery: actions with `improvement_plan_id`), when that module is wired. */
  delivery?: {
    actionsOfImprovementPlan: (
      tx: DbOrTx,
      partnershipId: string,
      improvementPlanId: string,
    ) => Promise<PlanAction[]>
    /** The target's delivery plan, where the improvement plan's actions are added. */
    forTarget: (
      actor: Actor,
      partnershipId: string,
      targetId: string,
    ) => Promise<{ plan: { id: string } } | null>
  }
}

/** The system actor that opens and closes plans as the flags change. */
export const improvementActor = systemActor('improvement plans')

const listed = (xs: string[]) =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`

/** Why a plan opened: "Red in 2008/09 Q3 and 2008/09 Q4 (two periods running)". */
export function openedReasonOf(flag: TargetFlag) {
  const n = flag.periods.length
  const running = n === 2 ? 'two periods running' : `${n} periods running`
  return n >= 2
    ? `Red in ${listed(flag.periods)} (${running})`
    : `Red two periods running, latest ${flag.periods[0]}`
}

/**
 * Improvement plans (002 §23): opened by the system for every target flagged red two periods
 * running, in the transaction that changed its assessments (one plan while it is open, a new one
 * if the target is flagged again after a plan closed); owned by the target's outcome lead; edited
 * by the owner or a manager; signed off by a manager; closed by the system once the target has
 * recovered and the plan is signed off.
 */
export function createImprovementService(db: Db, deps: ImprovementDeps) {
  const today = () => ukDate(deps.clock())

  /** Each target's outcome lead (a person), by the directory of the current strategy. */
  async function leadsOf(tx: DbOrTx, partnershipId: string, targetIds: string[]) {
    const [keys, leads] = await Promise.all([
      deps.targets.findOutcomeKeys(tx, targetIds),
      deps.directory.findOutcomeLeads(tx, partnershipId),
    ])
    const out = new Map<string, string[]>()
    for (const id of targetIds)
      out.set(id, [
        ...new Set((keys.get(id) ?? []).map((k) => leads.get(k)?.personId).filter((p): p is string => !!p)),
      ])
    return out
  }

  /**
   * Bring the partnership's plans in step with its flags, in the caller's transaction: open a plan
   * for each flagged target without an open one, and close each signed-off plan whose target has
   * recovered. Each change is audited as the system.
   */
  async function sync(tx: DbOrTx, partnershipId: string) {
    const [flags, open] = await Promise.all([
      deps.assessments.findFlags(tx, partnershipId),
      q.openPlans(tx, partnershipId),
    ])
    const now = deps.clock()
    const hasOpen = new Set(open.map((p) => p.targetId))
    const toOpen = [...flags].filter(([id, f]) => f.flagged && !hasOpen.has(id))
    const opened: q.PlanRow[] = []
    const closed: q.PlanRow[] = []
    if (toOpen.length > 0) {
      const leads = await leadsOf(
        tx,
        partnershipId,
        toOpen.map(([id]) => id),
      )
      for (const [targetId, flag] of toOpen) {
        const row = await q.insertPlan(tx, {
          partnershipId,
          targetId,
          openedAt: now,
          openedReason: openedReasonOf(flag),
          ownerPersonId: leads.get(targetId)?.[0] ?? null,
          status: 'open',
          createdAt: now,
          updatedAt: now,
        })
        await audit(tx, improvementActor, {
          partnershipId,
          entityType: 'improvement_plan',
          entityId: row.id,
          action: 'open',
          after: {
            ...row,
            note: row.ownerPersonId
              ? 'Owner: the outcome lead of the target’s outcome'
              : 'No owner: the directory names no outcome lead (a person) for the target’s outcomes',
          },
        })
        opened.push(row)
      }
    }
    for (const plan of open) {
      if (!plan.signedOffAt || flags.get(plan.targetId)?.flagged) continue
      const row = await q.updatePlan(tx, plan.id, { status: 'closed', closedAt: now }, now)
      await audit(tx, improvementActor, {
        partnershipId,
        entityType: 'improvement_plan',
        entityId: plan.id,
        action: 'close',
        before: plan,
        after: { ...row, note: 'The target has recovered and the plan is signed off' },
      })
      closed.push(row)
    }
    return { opened, closed }
  }

  deps.assessments.onStoredChange(async (tx, partnershipId) => {
    await sync(tx, partnershipId)
  })

  /** Whether the actor may change this plan: managers any; an outcome lead their own. */
  async function mayEdit(actor: Actor, partnershipId: string, plan: q.PlanRow) {
    if (!improvementPolicy.edit(actor, partnershipId)) return false
    if (manager(actor, partnershipId)) return true
    if (!actor.userId) return false
    const mine = await deps.directory.findPeopleOfUser(db, partnershipId, actor.userId)
    if (plan.ownerPersonId && mine.includes(plan.ownerPersonId)) return true
    const leads = (await leadsOf(db, partnershipId, [plan.targetId])).get(plan.targetId) ?? []
    return leads.some((p) => mine.includes(p))
  }

  async function load(actor: Actor, partnershipId: string, id: string) {
    authorize(improvementPolicy.read, actor, partnershipId)
    const row = await q.findPlan(db, partnershipId, id)
    if (!row) throw notFound('Improvement plan')
    return row
  }

  const overdue = (p: q.PlanRow) => p.status === 'open' && !!p.reviewOn && p.reviewOn < today()

  const service = {
    /** For the assessments' hook and tests: see `sync`. */
    syncIn: sync,

    /** The partnership's plans, newest first (open ones by default in pages; all here unless filtered). */
    async list(actor: Actor, partnershipId: string, f: { status?: string; targetId?: string } = {}) {
      authorize(improvementPolicy.read, actor, partnershipId)
      return (await q.listPlans(db, partnershipId, f)).map((r) => ({ ...r, reviewOverdue: overdue(r.plan) }))
    },

    /** One plan with its names, whether its target is still flagged, its actions and what the actor may do. */
    async get(actor: Actor, partnershipId: string, id: string) {
      const row = await load(actor, partnershipId, id)
      const flags = await deps.assessments.findFlags(db, partnershipId)
      const actions = deps.delivery
        ? await deps.delivery.actionsOfImprovementPlan(db, partnershipId, id)
        : null
      const deliveryPlan = deps.delivery
        ? await deps.delivery.forTarget(actor, partnershipId, row.plan.targetId)
        : null
      const open = row.plan.status === 'open'
      return {
        ...row,
        reviewOverdue: overdue(row.plan),
        targetFlagged: flags.get(row.plan.targetId)?.flagged ?? false,
        actions,
        deliveryPlanId: deliveryPlan?.plan.id ?? null,
        may: {
          edit: open && (await mayEdit(actor, partnershipId, row.plan)),
          assign: open && improvementPolicy.assign(actor, partnershipId),
          signOff: open && !row.plan.signedOffAt && improvementPolicy.signOff(actor, partnershipId),
        },
      }
    },

    /** The ids of the partnership's targets flagged now (red two periods running). */
    async flaggedTargets(actor: Actor, partnershipId: string) {
      authorize(improvementPolicy.read, actor, partnershipId)
      const flags = await deps.assessments.findFlags(db, partnershipId)
      return new Set([...flags].filter(([, f]) => f.flagged).map(([id]) => id))
    },

    /** For the target page: the target's open plan, if any. */
    async openForTarget(actor: Actor, partnershipId: string, targetId: string) {
      authorize(improvementPolicy.read, actor, partnershipId)
      const [row] = await q.listPlans(db, partnershipId, { targetId, status: 'open' })
      return row ? { ...row, reviewOverdue: overdue(row.plan) } : null
    },

    /** How the escalation log names a plan (another module's use-case, authorised): null if not the partnership's. */
    async subject(tx: DbOrTx, partnershipId: string, id: string) {
      const row = await q.findPlan(tx, partnershipId, id)
      return row
        ? {
            label: `Improvement plan for ${row.indicatorCode} ${row.indicatorTitle}`,
            path: `/improvement-plans/${row.plan.id}`,
          }
        : null
    },

    /** For the target page: every plan of the target, newest first. */
    async forTarget(actor: Actor, partnershipId: string, targetId: string) {
      return service.list(actor, partnershipId, { targetId })
    },

    /** For the outcome page: the plans of targets linked to the outcome (by its key), newest first. */
    async forOutcome(actor: Actor, partnershipId: string, outcomeKey: string) {
      const all = await service.list(actor, partnershipId)
      const keys = await deps.targets.findOutcomeKeys(db, [...new Set(all.map((p) => p.plan.targetId))])
      return all.filter((p) => (keys.get(p.plan.targetId) ?? []).includes(outcomeKey))
    },

    /** For the signed-in person's home page: the open plans they own (by their person records). */
    async ownedBy(actor: Actor, partnershipId: string) {
      authorize(improvementPolicy.read, actor, partnershipId)
      if (!actor.userId) return []
      const mine = await deps.directory.findPeopleOfUser(db, partnershipId, actor.userId)
      if (mine.length === 0) return []
      return (await service.list(actor, partnershipId, { status: 'open' })).filter(
        (p) => !!p.plan.ownerPersonId && mine.includes(p.plan.ownerPersonId),
      )
    },

    /** Open plans whose review date has passed (UK date), the longest overdue first. */
    async overdueReviews(actor: Actor, partnershipId: string) {
      authorize(improvementPolicy.read, actor, partnershipId)
      return (await q.listPlans(db, partnershipId, { status: 'open', reviewBefore: today() })).map((r) => ({
        ...r,
        reviewOverdue: true,
      }))
    },

    /** Change the summary, review date or (managers) owner of an open plan. */
    async update(actor: Actor, partnershipId: string, id: string, input: PlanUpdate) {
      authorize(improvementPolicy.edit, actor, partnershipId)
      const before = (await load(actor, partnershipId, id)).plan
      if (!(await mayEdit(actor, partnershipId, before))) throw forbidden()
      if (before.status !== 'open')
        throw conflict('This improvement plan is closed: it can no longer be changed.')
      const changes: Partial<q.PlanInsert> = {}
      if (input.summary !== undefined) changes.summary = input.summary
      if (input.reviewOn !== undefined) changes.reviewOn = input.reviewOn
      if (input.ownerPersonId !== undefined && input.ownerPersonId !== before.ownerPersonId) {
        if (!improvementPolicy.assign(actor, partnershipId))
          throw validationError({
            ownerPersonId: 'Only a performance officer or administrator can change the owner',
          })
        if (input.ownerPersonId) {
          const person = await deps.people.find(db, partnershipId, input.ownerPersonId)
          if (!person || person.archivedAt)
            throw validationError({ ownerPersonId: 'Choose the owner from the list of people' })
        }
        changes.ownerPersonId = input.ownerPersonId
      }
      return mutate(db, actor, { partnershipId }, async (tx) => {
        if (Object.keys(changes).length === 0) return { result: before, audit: null }
        const row = await q.updatePlan(tx, id, changes, deps.clock())
        return {
          result: row,
          audit: { entityType: 'improvement_plan', entityId: id, action: 'update', before, after: row },
        }
      })
    },

    /**
     * A manager signs the plan off. It closes now if the target is no longer flagged, else when
     * it recovers (the next change of its assessments).
     */
    async signOff(actor: Actor, partnershipId: string, id: string) {
      authorize(improvementPolicy.signOff, actor, partnershipId)
      const before = (await load(actor, partnershipId, id)).plan
      if (before.status !== 'open') throw conflict('This improvement plan is already closed.')
      if (before.signedOffAt) throw conflict('This improvement plan is already signed off.')
      if (!before.summary)
        throw validationError({ summary: 'Write the plan’s summary before signing it off' })
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const now = deps.clock()
        const flagged = (await deps.assessments.findFlags(tx, partnershipId)).get(before.targetId)?.flagged
        const row = await q.updatePlan(
          tx,
          id,
          {
            signedOffAt: now,
            signedOffBy: actor.label,
            ...(flagged ? {} : { status: 'closed', closedAt: now }),
          },
          now,
        )
        return {
          result: row,
          audit: { entityType: 'improvement_plan', entityId: id, action: 'sign_off', before, after: row },
        }
      })
    },
  }
  return service
}

export type ImprovementService = ReturnType<typeof createImprovementService>

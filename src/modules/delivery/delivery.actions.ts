import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, validationError, type FieldErrors } from '../../errors.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import * as q from './delivery.queries.ts'
import { effectiveStatus, findCycle, isLate } from './delivery.rules.ts'
import type { ActionInput, ProgressInput } from './delivery.schema.ts'
import type { DeliveryDeps } from './delivery.service.ts'

/** An action as shown: with `late` derived and the ids it waits for. */
export const presentAction = (
  a: q.ActionWithNames,
  edges: { actionId: string; dependsOnId: string }[],
  day: string,
) => ({
  ...a,
  late: isLate(a, day),
  effectiveStatus: effectiveStatus(a, day),
  dependsOn: edges.filter((e) => e.actionId === a.id).map((e) => e.dependsOnId),
})

/** What the action use-cases share with the plans: loading, who may edit, and actions as shown. */
export interface DeliveryCore {
  loadPlan: (actor: Actor, partnershipId: string, id: string) => Promise<q.PlanWithNames>
  loadEditablePlan: (actor: Actor, partnershipId: string, id: string) => Promise<q.PlanWithNames>
  loadAction: (
    actor: Actor,
    partnershipId: string,
    id: string,
  ) => Promise<{ action: q.ActionWithNames; plan: q.PlanWithNames }>
  mayEditPlan: (actor: Actor, partnershipId: string, plan: q.PlanRow) => Promise<boolean>
  peopleOf: (actor: Actor, partnershipId: string) => Promise<string[]>
  actionsWithDeps: (
    tx: DbOrTx,
    partnershipId: string,
    rows: q.ActionWithNames[],
  ) => Promise<ReturnType<typeof presentAction>[]>
}

export const versionOf = (a: q.ActionRow, actor: Actor, at: Date) => ({
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

/** An action of a plan: seeing it with its history, creating, changing, progress and archiving. */
export function createActionUseCases(db: Db, deps: DeliveryDeps, core: DeliveryCore) {
  const { loadEditablePlan, loadAction, mayEditPlan, peopleOf, actionsWithDeps } = core

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

  return {
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
  }
}

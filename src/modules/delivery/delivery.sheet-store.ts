import type { DbOrTx, Tx } from '../../db/client.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { versionOf } from './delivery.actions.ts'
import * as q from './delivery.queries.ts'
import type { ActionInput } from './delivery.schema.ts'
import type { DeliveryDeps } from './delivery.service.ts'

/** The Actions sheet's use-cases (it has authorised; tx-first, inside the import's transaction). */
export function createSheetUseCases(deps: DeliveryDeps) {
  return {
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
  }
}

import type { Db, DbOrTx } from '../../db/client.ts'
import { notFound, validationError } from '../../errors.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import * as q from './risks.queries.ts'
import { riskPolicy } from './risks.policy.ts'
import type { WorkshopInput, WorkshopSourceInput } from './risks.schema.ts'

/** Area-based risk assessment workshops (001 §11-12): composed into the risks service. */
export function createWorkshopUseCases(db: Db, deps: { organisations: Pick<OrganisationsService, 'find'> }) {
  async function workshopView(tx: DbOrTx, partnershipId: string, w: q.WorkshopRow) {
    const [sources, drawn] = await Promise.all([q.sourcesOf(tx, w.id), q.listRisks(tx, partnershipId)])
    return {
      ...w,
      sources,
      risks: drawn
        .filter((r) => r.workshopId === w.id)
        .map((r) => ({ id: r.id, ref: r.ref, title: r.title })),
    }
  }

  return {
    async workshops(actor: Actor, partnershipId: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      return q.listWorkshops(db, partnershipId)
    },

    async workshop(actor: Actor, partnershipId: string, id: string) {
      authorize(riskPolicy.read, actor, partnershipId)
      const w = await q.findWorkshop(db, partnershipId, id)
      if (!w) throw notFound('Workshop')
      return workshopView(db, partnershipId, w)
    },

    createWorkshop: (actor: Actor, partnershipId: string, input: WorkshopInput) =>
      mutate(db, actor, { partnershipId, rule: riskPolicy.workshops }, async (tx) => {
        if (await q.findWorkshopByTitle(tx, partnershipId, input.title))
          throw validationError({ title: `A workshop called ${input.title} is already recorded` })
        const row = await q.insertWorkshop(tx, {
          partnershipId,
          title: input.title,
          heldOn: input.heldOn,
          notes: input.notes ?? null,
        })
        return {
          result: row,
          audit: { entityType: 'risk_workshop', entityId: row.id, action: 'create', after: row },
        }
      }),

    /** Add a partner's risk the workshop drew on. */
    async addSource(actor: Actor, partnershipId: string, workshopId: string, input: WorkshopSourceInput) {
      authorize(riskPolicy.workshops, actor, partnershipId)
      const w = await q.findWorkshop(db, partnershipId, workshopId)
      if (!w) throw notFound('Workshop')
      return mutate(db, actor, { partnershipId }, async (tx) => {
        if (input.organisationId) {
          const o = await deps.organisations.find(tx, partnershipId, input.organisationId)
          if (!o || o.archivedAt)
            throw validationError({ organisationId: 'Choose the partner from the list' })
        }
        const row = await q.insertSource(tx, {
          workshopId,
          organisationId: input.organisationId,
          description: input.description,
        })
        return {
          result: row,
          audit: { entityType: 'risk_workshop', entityId: workshopId, action: 'add_source', after: row },
        }
      })
    },
  }
}

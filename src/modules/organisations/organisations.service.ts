import type { Db, DbOrTx } from '../../db/client.ts'
import { notFound, validationError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { archiveOnce, mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as q from './organisations.queries.ts'
import { organisationPolicy } from './organisations.policy.ts'
import type { OrganisationInput } from './organisations.schema.ts'

const duplicateName = () =>
  validationError({ name: 'An organisation with that name already exists in this partnership' })

const entityType = 'organisation'

export type { OrganisationRow } from './organisations.queries.ts'

export function createOrganisationsService(db: Db, deps: { clock: Clock }) {
  async function get(actor: Actor, partnershipId: string, id: string) {
    authorize(organisationPolicy.read, actor, partnershipId)
    const row = await q.findOrganisation(db, partnershipId, id)
    if (!row) throw notFound('Organisation')
    return row
  }

  return {
    async list(actor: Actor, partnershipId: string, opts: { includeArchived?: boolean } = {}) {
      authorize(organisationPolicy.read, actor, partnershipId)
      return q.listOrganisations(db, partnershipId, opts)
    },

    get,

    /** For another module's use-case inside its transaction (it has authorised): one organisation or undefined. */
    find: (tx: DbOrTx, partnershipId: string, id: string) => q.findOrganisation(tx, partnershipId, id),

    /**
     * For another module's use-case inside its transaction (it has authorised): the partnership's
     * organisations by name, live ones unless `includeArchived`.
     */
    findAll: (tx: DbOrTx, partnershipId: string, opts: { includeArchived?: boolean } = {}) =>
      q.listOrganisations(tx, partnershipId, opts),

    create: (actor: Actor, partnershipId: string, input: OrganisationInput) =>
      mutate(db, actor, { partnershipId, rule: organisationPolicy.create }, async (tx) => {
        if (await q.findOrganisationByName(tx, partnershipId, input.name)) throw duplicateName()
        const row = await q.insertOrganisation(tx, { partnershipId, ...input })
        return { result: row, audit: { entityType, entityId: row.id, action: 'create', after: row } }
      }),

    async update(actor: Actor, partnershipId: string, id: string, input: OrganisationInput) {
      const before = await get(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId, rule: organisationPolicy.update }, async (tx) => {
        const clash = await q.findOrganisationByName(tx, partnershipId, input.name)
        if (clash && clash.id !== id) throw duplicateName()
        const row = await q.updateOrganisation(tx, id, input)
        return { result: row, audit: { entityType, entityId: id, action: 'update', before, after: row } }
      })
    },

    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(organisationPolicy.archive, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      return archiveOnce(db, actor, { partnershipId, entityType, entityId: id }, before, (tx) =>
        q.updateOrganisation(tx, id, { archivedAt: deps.clock() }),
      )
    },
  }
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>

import type { Db, DbOrTx } from '../../db/client.ts'
import { notFound, validationError, type FieldErrors } from '../../errors.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import { findOrganisation } from '../organisations/organisations.queries.ts'
import * as q from './people.queries.ts'
import { personPolicy } from './people.policy.ts'
import type { PersonInput } from './people.schema.ts'

async function checkPerson(db: DbOrTx, partnershipId: string, input: PersonInput, selfId?: string) {
  const errors: FieldErrors = {}
  if (input.email) {
    const clash = await q.findPersonByEmail(db, partnershipId, input.email)
    if (clash && clash.id !== selfId) errors.email = `${clash.name} already has that email address`
  }
  if (input.organisationId) {
    const org = await findOrganisation(db, partnershipId, input.organisationId)
    if (!org || org.archivedAt) errors.organisationId = 'Choose an organisation from the list'
  }
  if (Object.keys(errors).length) throw validationError(errors)
}

const values = (input: PersonInput) => ({
  name: input.name,
  email: input.email ?? null,
  organisationId: input.organisationId ?? null,
  jobTitle: input.jobTitle ?? null,
  phone: input.phone ?? null,
})

export function createPeopleService(db: Db) {
  async function get(actor: Actor, partnershipId: string, id: string) {
    authorize(personPolicy.read, actor, partnershipId)
    const row = await q.findPerson(db, partnershipId, id)
    if (!row) throw notFound('Person')
    return row
  }

  return {
    async list(actor: Actor, partnershipId: string, opts: { includeArchived?: boolean } = {}) {
      authorize(personPolicy.read, actor, partnershipId)
      return q.listPeople(db, partnershipId, opts)
    },

    get,

    async create(actor: Actor, partnershipId: string, input: PersonInput) {
      authorize(personPolicy.create, actor, partnershipId)
      return db.transaction(async (tx) => {
        await checkPerson(tx, partnershipId, input)
        const row = await q.insertPerson(tx, { partnershipId, ...values(input) })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'person',
          entityId: row.id,
          action: 'create',
          after: row,
        })
        return (await q.findPerson(tx, partnershipId, row.id))!
      })
    },

    async update(actor: Actor, partnershipId: string, id: string, input: PersonInput) {
      authorize(personPolicy.update, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      return db.transaction(async (tx) => {
        await checkPerson(tx, partnershipId, input, id)
        const row = await q.updatePerson(tx, id, values(input))
        await audit(tx, actor, {
          partnershipId,
          entityType: 'person',
          entityId: id,
          action: 'update',
          before,
          after: row,
        })
        return (await q.findPerson(tx, partnershipId, row.id))!
      })
    },

    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(personPolicy.archive, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      if (before.archivedAt) return before
      return db.transaction(async (tx) => {
        const row = await q.updatePerson(tx, id, { archivedAt: new Date() })
        await audit(tx, actor, {
          partnershipId,
          entityType: 'person',
          entityId: id,
          action: 'archive',
          before,
          after: row,
        })
        return (await q.findPerson(tx, partnershipId, row.id))!
      })
    },
  }
}

export type PeopleService = ReturnType<typeof createPeopleService>

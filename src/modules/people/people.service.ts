import type { Db, DbOrTx } from '../../db/client.ts'
import { notFound, validationError, type FieldErrors } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { OrganisationsService } from '../organisations/organisations.service.ts'
import * as q from './people.queries.ts'
import { personPolicy } from './people.policy.ts'
import type { PersonInput } from './people.schema.ts'

export type { PersonRow, PersonWithOrg } from './people.queries.ts'

const entityType = 'person'

const values = (input: PersonInput) => ({
  name: input.name,
  email: input.email ?? null,
  organisationId: input.organisationId ?? null,
  jobTitle: input.jobTitle ?? null,
  phone: input.phone ?? null,
})

export function createPeopleService(db: Db, deps: { clock: Clock; organisations: OrganisationsService }) {
  const { organisations } = deps

  async function checkPerson(tx: DbOrTx, partnershipId: string, input: PersonInput, selfId?: string) {
    const errors: FieldErrors = {}
    if (input.email) {
      const clash = await q.findPersonByEmail(tx, partnershipId, input.email)
      if (clash && clash.id !== selfId) errors.email = `${clash.name} already has that email address`
    }
    if (input.organisationId) {
      const org = await organisations.find(tx, partnershipId, input.organisationId)
      if (!org || org.archivedAt) errors.organisationId = 'Choose an organisation from the list'
    }
    if (Object.keys(errors).length) throw validationError(errors)
  }

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

    /** For another module's use-case inside its transaction (it has authorised): one person or undefined. */
    find: (tx: DbOrTx, partnershipId: string, id: string) => q.findPerson(tx, partnershipId, id),

    create: (actor: Actor, partnershipId: string, input: PersonInput) =>
      mutate(db, actor, { partnershipId, rule: personPolicy.create }, async (tx) => {
        await checkPerson(tx, partnershipId, input)
        const row = await q.insertPerson(tx, { partnershipId, ...values(input) })
        return {
          result: (await q.findPerson(tx, partnershipId, row.id))!,
          audit: { entityType, entityId: row.id, action: 'create', after: row },
        }
      }),

    async update(actor: Actor, partnershipId: string, id: string, input: PersonInput) {
      authorize(personPolicy.update, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        await checkPerson(tx, partnershipId, input, id)
        const row = await q.updatePerson(tx, id, values(input))
        return {
          result: (await q.findPerson(tx, partnershipId, row.id))!,
          audit: { entityType, entityId: id, action: 'update', before, after: row },
        }
      })
    },

    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(personPolicy.archive, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      if (before.archivedAt) return before
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const row = await q.updatePerson(tx, id, { archivedAt: deps.clock() })
        return {
          result: (await q.findPerson(tx, partnershipId, row.id))!,
          audit: { entityType, entityId: id, action: 'archive', before, after: row },
        }
      })
    },

    /**
     * For the users module's use-case inside its transaction (it has authorised): link an account
     * to the partnership's person with its email, creating the person if there is none, audited.
     */
    async linkUser(
      tx: DbOrTx,
      actor: Actor,
      partnershipId: string,
      user: { id: string; email: string; name: string },
      organisationId: string | null,
    ) {
      const person = await q.findPersonByEmail(tx, partnershipId, user.email)
      if (!person) {
        const row = await q.insertPerson(tx, {
          partnershipId,
          name: user.name,
          email: user.email,
          organisationId,
          userId: user.id,
        })
        await audit(tx, actor, { partnershipId, entityType, entityId: row.id, action: 'create', after: row })
      } else if (person.userId !== user.id) {
        const row = await q.updatePerson(tx, person.id, { userId: user.id })
        await audit(tx, actor, {
          partnershipId,
          entityType,
          entityId: row.id,
          action: 'update',
          before: person,
          after: row,
        })
      }
    },
  }
}

export type PeopleService = ReturnType<typeof createPeopleService>

import type { FastifyInstance } from 'fastify'
import { crudApi } from '../../lib/crud-api.ts'
import type { Services } from '../../services.ts'
import { memberPolicy } from './users.policy.ts'
import { presentMember } from './users.presenter.ts'
import { memberDoc, memberInput, memberUpdate } from './users.schema.ts'

/** Memberships: who can sign in to a partnership and in what role. Administrators only. */
export async function userApi(app: FastifyInstance, { users }: Services) {
  crudApi(app, {
    tags: ['Users'],
    base: '/api/v1/partnerships/:slug/users',
    noun: 'a user’s membership',
    summaries: {
      list: 'List the partnership’s users and their roles',
      create: 'Give someone a role, creating their account if they have none',
      update: 'Change a user’s role or organisation',
      archive: 'Remove a user’s access to the partnership (their account and history stay)',
    },
    descriptions: {
      create:
        'An existing account (matched by email) keeps its name and password. The id returned is the membership id.',
    },
    doc: memberDoc,
    input: memberInput,
    update: memberUpdate,
    policy: memberPolicy,
    presenter: () => presentMember,
    service: {
      list: users.listMembers,
      get: users.getMember,
      // The membership, as the other routes show it (not the account addMember also returns).
      create: async (actor, partnershipId, input) => {
        const { membership } = await users.addMember(actor, partnershipId, input)
        return users.getMember(actor, partnershipId, membership.id)
      },
      update: users.updateMember,
      archive: users.removeMember,
    },
  })
}

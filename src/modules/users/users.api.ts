import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import { crudApi } from '../../lib/crud-api.ts'
import type { Services } from '../../services.ts'
import { memberPolicy } from './users.policy.ts'
import { presentInvitation, presentMember, presentMyInvitation } from './users.presenter.ts'
import { invitationDoc, memberDoc, memberInput, memberUpdate, myInvitationDoc } from './users.schema.ts'

const inviteDescription =
  'Records an invitation: the person gets the role only when they sign in and accept it. The answer is the same whether or not the address already has an account (an address without one gets an account with the name and optional initial password given).'

/** Memberships: who can sign in to a partnership and in what role. Administrators only. */
export function userApi(fastify: FastifyInstance, { users, invitations }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/api/v1/partnerships/:slug'

  crudApi(app, {
    tags: ['Users'],
    base: `${base}/users`,
    noun: 'a user’s membership',
    summaries: {
      list: 'List the partnership’s users and their roles',
      update: 'Change a user’s role or organisation',
      archive: 'Remove a user’s access to the partnership (their account and history stay)',
    },
    doc: memberDoc,
    input: memberInput,
    update: memberUpdate,
    policy: memberPolicy,
    presenter: () => presentMember,
    service: {
      list: (actor, partnershipId) => users.listMembers(actor, partnershipId),
      get: (actor, partnershipId, id) => users.getMember(actor, partnershipId, id),
      update: (actor, partnershipId, id, input) => users.updateMember(actor, partnershipId, id, input),
      archive: (actor, partnershipId, id) => users.removeMember(actor, partnershipId, id),
    },
  })

  // Adding a user is inviting them; both addresses do the same.
  for (const [url, summary] of [
    [`${base}/invitations`, 'Invite someone to take a role'],
    [`${base}/users`, 'Invite someone to take a role (the same as POST …/invitations)'],
  ] as const)
    app.post(
      url,
      {
        config: { policy: memberPolicy.create },
        schema: {
          tags: ['Users'],
          summary,
          description: inviteDescription,
          params: slugParams,
          body: memberInput,
          response: { 201: one(invitationDoc), ...errorResponses },
        },
      },
      async (request, reply) => {
        const row = await invitations.invite(request.actor, request.partnership.id, request.body)
        return reply.status(201).send({ data: presentInvitation(row) })
      },
    )

  app.get(
    `${base}/invitations`,
    {
      config: { policy: memberPolicy.read },
      schema: {
        tags: ['Users'],
        summary: 'List the invitations waiting for an answer',
        params: slugParams,
        response: { 200: listOf(invitationDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await invitations.listPending(request.actor, request.partnership.id)).map(presentInvitation),
    }),
  )

  app.delete(
    `${base}/invitations/:id`,
    {
      config: { policy: memberPolicy.archive },
      schema: {
        tags: ['Users'],
        summary: 'Withdraw a pending invitation',
        params: slugIdParams,
        response: { 200: one(invitationDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentInvitation(
        await invitations.withdraw(request.actor, request.partnership.id, request.params.id),
      ),
    }),
  )

  // The token's own user: their invitations, to accept or decline.
  app.get(
    '/api/v1/invitations',
    {
      schema: {
        tags: ['Users'],
        summary: 'List your invitations waiting for an answer',
        response: { 200: listOf(myInvitationDoc), ...errorResponses },
      },
    },
    async (request) => ({ data: (await invitations.listMine(request.actor)).map(presentMyInvitation) }),
  )

  const idParams = z.object({ id: z.uuid() })
  for (const answer of ['accept', 'decline'] as const)
    app.post(
      `/api/v1/invitations/:id/${answer}`,
      {
        schema: {
          tags: ['Users'],
          summary:
            answer === 'accept'
              ? 'Accept an invitation: you become a member in the role offered'
              : 'Decline an invitation',
          params: idParams,
          response: { 200: one(myInvitationDoc), ...errorResponses },
        },
      },
      async (request) => {
        const id = request.params.id
        // The invitation as answered: accepted or declined now (the service's clock).
        const invitation =
          answer === 'accept'
            ? (await invitations.accept(request.actor, id)).invitation
            : await invitations.decline(request.actor, id)
        return { data: presentMyInvitation(invitation) }
      },
    )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

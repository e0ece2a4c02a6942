import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { presentMember } from './users.presenter.ts'
import { memberDoc, memberInput, memberUpdate } from './users.schema.ts'

/** Memberships: who can sign in to a partnership and in what role. Administrators only. */
export async function userApi(fastify: FastifyInstance, { users }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Users']
  const base = '/api/v1/partnerships/:slug/users'
  const pid = (r: { partnershipContext?: { partnership: { id: string } } }) =>
    r.partnershipContext!.partnership.id

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List the partnership’s users and their roles',
        params: slugParams,
        response: { 200: listOf(memberDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await users.listMembers(request.actor, pid(request))).map(presentMember),
    }),
  )

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Give someone a role, creating their account if they have none',
        description:
          'An existing account (matched by email) keeps its name and password. The id returned is the membership id.',
        params: slugParams,
        body: memberInput,
        response: { 201: one(memberDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { membership } = await users.addMember(request.actor, pid(request), request.body)
      const member = await users.getMember(request.actor, pid(request), membership.id)
      return reply.status(201).send({ data: presentMember(member) })
    },
  )

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Get a user’s membership',
        params: slugIdParams,
        response: { 200: one(memberDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentMember(await users.getMember(request.actor, pid(request), request.params.id)),
    }),
  )

  app.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change a user’s role or organisation',
        params: slugIdParams,
        body: memberUpdate,
        response: { 200: one(memberDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentMember(
        await users.updateMember(request.actor, pid(request), request.params.id, request.body),
      ),
    }),
  )

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Remove a user’s access to the partnership (their account and history stay)',
        params: slugIdParams,
        response: { 200: one(memberDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentMember(await users.removeMember(request.actor, pid(request), request.params.id)),
    }),
  )
}

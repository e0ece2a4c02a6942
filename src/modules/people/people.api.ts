import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, includeArchivedQuery, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { presentPerson } from './people.presenter.ts'
import { personDoc, personInput } from './people.schema.ts'

export async function peopleApi(fastify: FastifyInstance, { people }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['People']
  const base = '/api/v1/partnerships/:slug/people'
  const pid = (r: { partnershipContext?: { partnership: { id: string } } }) =>
    r.partnershipContext!.partnership.id

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List the partnership’s people',
        params: slugParams,
        querystring: includeArchivedQuery,
        response: { 200: listOf(personDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (
        await people.list(request.actor, pid(request), { includeArchived: request.query.includeArchived })
      ).map(presentPerson),
    }),
  )

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a person',
        description: 'Email addresses are unique within a partnership.',
        params: slugParams,
        body: personInput,
        response: { 201: one(personDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await people.create(request.actor, pid(request), request.body)
      return reply.status(201).send({ data: presentPerson(row) })
    },
  )

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Get a person',
        params: slugIdParams,
        response: { 200: one(personDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentPerson(await people.get(request.actor, pid(request), request.params.id)),
    }),
  )

  app.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Replace a person’s details',
        params: slugIdParams,
        body: personInput,
        response: { 200: one(personDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentPerson(await people.update(request.actor, pid(request), request.params.id, request.body)),
    }),
  )

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Archive a person (soft delete; does not remove sign-in access)',
        params: slugIdParams,
        response: { 200: one(personDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentPerson(await people.archive(request.actor, pid(request), request.params.id)),
    }),
  )
}

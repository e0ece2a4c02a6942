import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, includeArchivedQuery, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { presentPlace } from './places.presenter.ts'
import { placeDoc, placeInput } from './places.schema.ts'

export async function placeApi(fastify: FastifyInstance, { places }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Places']
  const base = '/api/v1/partnerships/:slug/places'
  const pid = (r: { partnershipContext?: { partnership: { id: string } } }) =>
    r.partnershipContext!.partnership.id

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List places (shared geography), shallowest first',
        params: slugParams,
        querystring: includeArchivedQuery,
        response: { 200: listOf(placeDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (
        await places.list(request.actor, pid(request), { includeArchived: request.query.includeArchived })
      ).map(presentPlace),
    }),
  )

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a place',
        description:
          'The parent must be of a higher kind (area → district → neighbourhood); GSS codes are unique.',
        params: slugParams,
        body: placeInput,
        response: { 201: one(placeDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await places.create(request.actor, pid(request), request.body)
      return reply.status(201).send({ data: presentPlace(row) })
    },
  )

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Get a place',
        params: slugIdParams,
        response: { 200: one(placeDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentPlace(await places.get(request.actor, pid(request), request.params.id)),
    }),
  )

  app.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Replace a place’s details; a new parent moves everything inside it too',
        params: slugIdParams,
        body: placeInput,
        response: { 200: one(placeDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentPlace(await places.update(request.actor, pid(request), request.params.id, request.body)),
    }),
  )

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Archive a place (soft delete); refused while places are inside it',
        params: slugIdParams,
        response: { 200: one(placeDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentPlace(await places.archive(request.actor, pid(request), request.params.id)),
    }),
  )
}

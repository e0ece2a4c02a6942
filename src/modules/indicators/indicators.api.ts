import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { presentIndicator } from './indicators.presenter.ts'
import { indicatorDoc, indicatorInput, indicatorQuery } from './indicators.schema.ts'

export async function indicatorApi(fastify: FastifyInstance, { indicators }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Indicators']
  const base = '/api/v1/partnerships/:slug/indicators'
  const pid = (r: { partnershipContext?: { partnership: { id: string } } }) =>
    r.partnershipContext!.partnership.id

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'Search the indicator catalogue',
        description:
          'Filter by set, theme, polarity (`unknown` for not yet recorded), completeness and text (`q` matches code, title, theme and definition).',
        params: slugParams,
        querystring: indicatorQuery,
        response: { 200: listOf(indicatorDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await indicators.list(request.actor, pid(request), request.query)).map(presentIndicator),
    }),
  )

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add an indicator to the catalogue',
        params: slugParams,
        body: indicatorInput,
        response: { 201: one(indicatorDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await indicators.create(request.actor, pid(request), request.body)
      return reply.status(201).send({ data: presentIndicator(row) })
    },
  )

  app.post(
    `${base}/seed-reference`,
    {
      schema: {
        tags,
        summary: 'Add the National Indicator Set reference entries the catalogue lacks (idempotent)',
        params: slugParams,
        response: { 200: one(z.object({ added: z.number().int() })), ...errorResponses },
      },
    },
    async (request) => ({ data: { added: await indicators.seedReference(request.actor, pid(request)) } }),
  )

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Get an indicator',
        params: slugIdParams,
        response: { 200: one(indicatorDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentIndicator(await indicators.get(request.actor, pid(request), request.params.id)),
    }),
  )

  app.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Replace an indicator’s metadata',
        params: slugIdParams,
        body: indicatorInput,
        response: { 200: one(indicatorDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentIndicator(
        await indicators.update(request.actor, pid(request), request.params.id, request.body),
      ),
    }),
  )

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Archive an indicator (soft delete; refused while targets use it)',
        params: slugIdParams,
        response: { 200: one(indicatorDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentIndicator(await indicators.archive(request.actor, pid(request), request.params.id)),
    }),
  )
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, includeArchivedQuery, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { organisationPolicy } from './organisations.policy.ts'
import { presentOrganisation } from './organisations.presenter.ts'
import { organisationDoc, organisationInput } from './organisations.schema.ts'

export async function organisationApi(fastify: FastifyInstance, { organisations }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Organisations']
  const base = '/api/v1/partnerships/:slug/organisations'
  const pid = (r: { partnershipContext?: { partnership: { id: string } } }) =>
    r.partnershipContext!.partnership.id

  app.get(
    base,
    {
      config: { policy: organisationPolicy.read },
      schema: {
        tags,
        summary: 'List partner organisations',
        params: slugParams,
        querystring: includeArchivedQuery,
        response: { 200: listOf(organisationDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (
        await organisations.list(request.actor, pid(request), {
          includeArchived: request.query.includeArchived,
        })
      ).map(presentOrganisation),
    }),
  )

  app.post(
    base,
    {
      config: { policy: organisationPolicy.create },
      schema: {
        tags,
        summary: 'Add an organisation',
        params: slugParams,
        body: organisationInput,
        response: { 201: one(organisationDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await organisations.create(request.actor, pid(request), request.body)
      return reply.status(201).send({ data: presentOrganisation(row) })
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: organisationPolicy.read },
      schema: {
        tags,
        summary: 'Get an organisation',
        params: slugIdParams,
        response: { 200: one(organisationDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentOrganisation(await organisations.get(request.actor, pid(request), request.params.id)),
    }),
  )

  app.put(
    `${base}/:id`,
    {
      config: { policy: organisationPolicy.update },
      schema: {
        tags,
        summary: 'Replace an organisation’s details',
        params: slugIdParams,
        body: organisationInput,
        response: { 200: one(organisationDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentOrganisation(
        await organisations.update(request.actor, pid(request), request.params.id, request.body),
      ),
    }),
  )

  app.delete(
    `${base}/:id`,
    {
      config: { policy: organisationPolicy.archive },
      schema: {
        tags,
        summary: 'Archive an organisation (soft delete; history kept)',
        params: slugIdParams,
        response: { 200: one(organisationDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentOrganisation(await organisations.archive(request.actor, pid(request), request.params.id)),
    }),
  )
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, includeArchivedQuery, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { presentAgreement } from './agreements.presenter.ts'
import { agreementDoc, agreementInput, signOffInput, statusInput } from './agreements.schema.ts'

export async function agreementApi(fastify: FastifyInstance, { agreements }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Agreements']
  const base = '/api/v1/partnerships/:slug/agreements'
  const pid = (r: { partnershipContext?: { partnership: { id: string } } }) =>
    r.partnershipContext!.partnership.id
  const present = async (
    actor: Parameters<typeof agreements.current>[0],
    partnershipId: string,
    row: Parameters<typeof presentAgreement>[0],
  ) => presentAgreement(row, (await agreements.current(actor, partnershipId))?.id)

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List Local Area Agreements, latest first',
        params: slugParams,
        querystring: includeArchivedQuery,
        response: { 200: listOf(agreementDoc), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await agreements.list(request.actor, pid(request), {
        includeArchived: request.query.includeArchived,
      })
      const current = await agreements.current(request.actor, pid(request))
      return { data: rows.map((r) => presentAgreement(r, current?.id)) }
    },
  )

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create an agreement (a draft)',
        params: slugParams,
        body: agreementInput,
        response: { 201: one(agreementDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await agreements.create(request.actor, pid(request), request.body)
      return reply.status(201).send({ data: await present(request.actor, pid(request), row) })
    },
  )

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Get an agreement',
        params: slugIdParams,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: await present(
        request.actor,
        pid(request),
        await agreements.get(request.actor, pid(request), request.params.id),
      ),
    }),
  )

  app.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change an agreement’s name, years or description',
        params: slugIdParams,
        body: agreementInput,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: await present(
        request.actor,
        pid(request),
        await agreements.update(request.actor, pid(request), request.params.id, request.body),
      ),
    }),
  )

  app.post(
    `${base}/:id/status`,
    {
      schema: {
        tags,
        summary: 'Move the agreement between draft, penultimate and final',
        params: slugIdParams,
        body: statusInput,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: await present(
        request.actor,
        pid(request),
        await agreements.changeStatus(request.actor, pid(request), request.params.id, request.body.status),
      ),
    }),
  )

  app.post(
    `${base}/:id/new-draft`,
    {
      schema: {
        tags,
        summary: 'Issue a new draft (the draft number goes up)',
        params: slugIdParams,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: await present(
        request.actor,
        pid(request),
        await agreements.newDraft(request.actor, pid(request), request.params.id),
      ),
    }),
  )

  app.post(
    `${base}/:id/sign-off`,
    {
      schema: {
        tags,
        summary: 'Record the agreement’s sign-off',
        params: slugIdParams,
        body: signOffInput,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: await present(
        request.actor,
        pid(request),
        await agreements.signOff(request.actor, pid(request), request.params.id, request.body),
      ),
    }),
  )

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Archive an agreement (soft delete; history kept)',
        params: slugIdParams,
        response: { 200: one(agreementDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: await present(
        request.actor,
        pid(request),
        await agreements.archive(request.actor, pid(request), request.params.id),
      ),
    }),
  )
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { requestPolicy } from './requests.policy.ts'
import { presentRequest } from './requests.presenter.ts'
import {
  commentsInput,
  requestDecisionInput,
  requestDoc,
  requestInput,
  requestsApiQuery,
} from './requests.schema.ts'

const errors = { ...errorResponses, 409: errorDoc }

/** Freedoms and flexibilities requests in the API. */
export function requestApi(fastify: FastifyInstance, { requests }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Freedoms and flexibilities']
  const base = '/api/v1/partnerships/:slug/requests'
  const out = async (request: { actor: Parameters<typeof requests.get>[0] }, pid: string, id: string) => ({
    data: presentRequest(await requests.get(request.actor, pid, id)),
  })

  app.get(
    base,
    {
      config: { policy: requestPolicy.read },
      schema: {
        tags,
        summary: 'Freedoms and flexibilities requests',
        params: slugParams,
        querystring: requestsApiQuery,
        response: { 200: listOf(requestDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await requests.list(request.actor, request.partnership.id, request.query)).map(presentRequest),
    }),
  )

  app.post(
    base,
    {
      config: { policy: requestPolicy.manage },
      schema: {
        tags,
        summary: 'Draft a request',
        params: slugParams,
        body: requestInput,
        response: { 201: one(requestDoc), ...errors },
      },
    },
    async (request, reply) => {
      const row = await requests.create(request.actor, request.partnership.id, request.body)
      return reply.status(201).send(await out(request, request.partnership.id, row.id))
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: requestPolicy.read },
      schema: {
        tags,
        summary: 'One request',
        params: slugIdParams,
        response: { 200: one(requestDoc), ...errors },
      },
    },
    async (request) => out(request, request.partnership.id, request.params.id),
  )

  app.put(
    `${base}/:id`,
    {
      config: { policy: requestPolicy.manage },
      schema: {
        tags,
        summary: 'Change a request (a draft or one awaiting a decision)',
        params: slugIdParams,
        body: requestInput,
        response: { 200: one(requestDoc), ...errors },
      },
    },
    async (request) => {
      await requests.update(request.actor, request.partnership.id, request.params.id, request.body)
      return out(request, request.partnership.id, request.params.id)
    },
  )

  const move = (path: string, summary: string, run: typeof requests.submit) =>
    app.post(
      `${base}/:id/${path}`,
      {
        config: { policy: requestPolicy.manage },
        schema: { tags, summary, params: slugIdParams, response: { 200: one(requestDoc), ...errors } },
      },
      async (request) => {
        await run(request.actor, request.partnership.id, request.params.id)
        return out(request, request.partnership.id, request.params.id)
      },
    )
  move('submit', 'Submit a draft to the government office (it needs a business case)', requests.submit)
  move('withdraw', 'Withdraw a request not yet decided', requests.withdraw)

  app.post(
    `${base}/:id/decision`,
    {
      config: { policy: requestPolicy.decide },
      schema: {
        tags,
        summary: 'Record the decision on a submitted request: agreed or refused (government office)',
        params: slugIdParams,
        body: requestDecisionInput,
        response: { 200: one(requestDoc), ...errors },
      },
    },
    async (request) => {
      await requests.decide(request.actor, request.partnership.id, request.params.id, request.body)
      return out(request, request.partnership.id, request.params.id)
    },
  )

  app.put(
    `${base}/:id/comments`,
    {
      config: { policy: requestPolicy.comment },
      schema: {
        tags,
        summary: 'The government office’s comments on a request (blank clears them)',
        params: slugIdParams,
        body: commentsInput,
        response: { 200: one(requestDoc), ...errors },
      },
    },
    async (request) => {
      await requests.comment(request.actor, request.partnership.id, request.params.id, request.body)
      return out(request, request.partnership.id, request.params.id)
    },
  )
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { listOf, one, slugIdParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { strategyErrors } from '../strategy/strategy.api.ts'
import { versionNumberParams } from '../strategy/strategy.schema.ts'
import { consultationPolicy } from './consultation.policy.ts'
import { presentComment } from './consultation.presenter.ts'
import { commentDoc, commentInput, commentsQuery, responseInput } from './consultation.schema.ts'

export function consultationApi(
  fastify: FastifyInstance,
  { consultation, strategy }: Services,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Consultation']
  const base = '/api/v1/partnerships/:slug/strategy'

  app.get(
    `${base}/versions/:number/comments`,
    {
      config: { policy: consultationPolicy.read },
      schema: {
        tags,
        summary: 'Consultation comments on a draft',
        params: versionNumberParams,
        querystring: commentsQuery,
        response: { 200: listOf(commentDoc), ...strategyErrors },
      },
    },
    async (request) => {
      const { version, comments } = await consultation.list(
        request.actor,
        request.partnership.id,
        request.params.number,
        request.query,
      )
      return { data: comments.map((c) => presentComment(c, version.number)) }
    },
  )

  app.post(
    `${base}/versions/:number/comments`,
    {
      config: { policy: consultationPolicy.comment },
      schema: {
        tags,
        summary: 'Comment on a draft, or on one of its outcomes',
        params: versionNumberParams,
        body: commentInput,
        response: { 201: one(commentDoc), ...strategyErrors },
      },
    },
    async (request, reply) => {
      const row = await consultation.comment(
        request.actor,
        request.partnership.id,
        request.params.number,
        request.body,
      )
      const { version, comments } = await consultation.list(
        request.actor,
        request.partnership.id,
        request.params.number,
      )
      return reply.status(201).send({
        data: presentComment(
          comments.find((c) => c.id === row.id)!,
          version.number,
        ),
      })
    },
  )

  app.post(
    `${base}/comments/:id/response`,
    {
      config: { policy: consultationPolicy.respond },
      schema: {
        tags,
        summary: 'Respond to a comment: accepted, rejected or noted',
        params: slugIdParams,
        body: responseInput,
        response: { 200: one(commentDoc), ...strategyErrors },
      },
    },
    async (request) => {
      const row = await consultation.respond(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      const v = (await strategy.listVersions(request.actor, request.partnership.id)).find(
        (x) => x.id === row.versionId,
      )!
      const { comments } = await consultation.list(request.actor, request.partnership.id, v.number)
      return {
        data: presentComment(
          comments.find((c) => c.id === row.id)!,
          v.number,
        ),
      }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

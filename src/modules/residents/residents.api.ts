import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorDoc, listOf, one, slugIdParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { strategyErrors } from '../strategy/strategy.api.ts'
import { versionNumberParams } from '../strategy/strategy.schema.ts'
import { residentsPolicy } from './residents.policy.ts'
import { presentModeratedComment } from './residents.presenter.ts'
import {
  moderationInput,
  publicCommentDoc,
  publicCommentsQuery,
  publicWindowDoc,
  publicWindowInput,
  residentResponseInput,
} from './residents.schema.ts'

/** Residents' comments on a draft, for the officers who moderate them (with email addresses). */
export function residentsApi(fastify: FastifyInstance, { residents }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Residents’ comments']
  const base = '/api/v1/partnerships/:slug/strategy'
  const errors = { ...strategyErrors, 429: errorDoc }

  /** The comment `id`, with its outcome, as the API answers it. */
  async function answer(actor: Parameters<typeof residents.get>[0], pid: string, id: string) {
    const c = await residents.get(actor, pid, id)
    return { data: presentModeratedComment(c, c.version.number) }
  }

  app.get(
    `${base}/versions/:number/public-comments`,
    {
      config: { policy: residentsPolicy.moderate },
      schema: {
        tags,
        summary: 'Residents’ comments on a draft, for moderation',
        params: versionNumberParams,
        querystring: publicCommentsQuery,
        response: { 200: listOf(publicCommentDoc), ...errors },
      },
    },
    async (request) => {
      const d = await residents.list(
        request.actor,
        request.partnership.id,
        request.params.number,
        request.query,
      )
      return { data: d.comments.map((c) => presentModeratedComment(c, d.version.number)) }
    },
  )

  app.put(
    `${base}/versions/:number/public-window`,
    {
      config: { policy: residentsPolicy.openToPublic },
      schema: {
        tags,
        summary: 'Open a draft to residents’ comments on the public site for these days (nulls: close it)',
        params: versionNumberParams,
        body: publicWindowInput,
        response: { 200: one(publicWindowDoc), ...errors },
      },
    },
    async (request) => {
      const v = await residents.setWindow(
        request.actor,
        request.partnership.id,
        request.params.number,
        request.body,
      )
      return {
        data: {
          versionNumber: v.number,
          opensOn: v.publicOpensOn,
          closesOn: v.publicClosesOn,
          openToday: await residents.openToday(v),
        },
      }
    },
  )

  app.post(
    `${base}/public-comments/:id/moderation`,
    {
      config: { policy: residentsPolicy.moderate },
      schema: {
        tags,
        summary: 'Publish or reject a resident’s confirmed comment, with the response shown beside it',
        params: slugIdParams,
        body: moderationInput,
        response: { 200: one(publicCommentDoc), ...errors },
      },
    },
    async (request) => {
      await residents.moderate(request.actor, request.partnership.id, request.params.id, request.body)
      return answer(request.actor, request.partnership.id, request.params.id)
    },
  )

  app.put(
    `${base}/public-comments/:id/response`,
    {
      config: { policy: residentsPolicy.moderate },
      schema: {
        tags,
        summary: 'Write or change the partnership’s response to a resident’s comment',
        params: slugIdParams,
        body: residentResponseInput,
        response: { 200: one(publicCommentDoc), ...errors },
      },
    },
    async (request) => {
      await residents.respond(request.actor, request.partnership.id, request.params.id, request.body)
      return answer(request.actor, request.partnership.id, request.params.id)
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

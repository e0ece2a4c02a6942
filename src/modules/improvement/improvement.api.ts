import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Actor } from '../auth/actor.ts'
import type { Services } from '../../services.ts'
import { improvementPolicy } from './improvement.policy.ts'
import { presentPlan } from './improvement.presenter.ts'
import { planDoc, planUpdate, plansQuery, signOffInput } from './improvement.schema.ts'

export function improvementApi(fastify: FastifyInstance, { improvement }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Improvement plans']
  const base = '/api/v1/partnerships/:slug/improvement-plans'
  const errors = { ...errorResponses, 409: errorDoc }

  const one_ = async (actor: Actor, partnershipId: string, id: string) => {
    const p = await improvement.get(actor, partnershipId, id)
    return presentPlan(p, p)
  }

  app.get(
    base,
    {
      config: { policy: improvementPolicy.read },
      schema: {
        tags,
        summary: 'Improvement plans: opened for targets red two periods running',
        params: slugParams,
        querystring: plansQuery,
        response: { 200: listOf(planDoc), ...errors },
      },
    },
    async (request) => {
      const pid = request.partnership.id
      const [list, flags] = await Promise.all([
        improvement.list(request.actor, pid, request.query),
        improvement.flaggedTargets(request.actor, pid),
      ])
      return {
        data: list.map((p) => presentPlan(p, { targetFlagged: flags.has(p.plan.targetId), actions: null })),
      }
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: improvementPolicy.read },
      schema: {
        tags,
        summary: 'One improvement plan, with its actions',
        params: slugIdParams,
        response: { 200: one(planDoc), ...errors },
      },
    },
    async (request) => ({ data: await one_(request.actor, request.partnership.id, request.params.id) }),
  )

  app.patch(
    `${base}/:id`,
    {
      config: { policy: improvementPolicy.edit },
      schema: {
        tags,
        summary: 'Change the summary, review date or (managers) owner of an open plan',
        params: slugIdParams,
        body: planUpdate,
        response: { 200: one(planDoc), ...errors },
      },
    },
    async (request) => {
      await improvement.update(request.actor, request.partnership.id, request.params.id, request.body)
      return { data: await one_(request.actor, request.partnership.id, request.params.id) }
    },
  )

  app.post(
    `${base}/:id/sign-off`,
    {
      config: { policy: improvementPolicy.signOff },
      schema: {
        tags,
        summary: 'Sign the plan off: it closes now if the target has recovered, else when it does',
        params: slugIdParams,
        body: signOffInput,
        response: { 200: one(planDoc), ...errors },
      },
    },
    async (request) => {
      await improvement.signOff(request.actor, request.partnership.id, request.params.id)
      return { data: await one_(request.actor, request.partnership.id, request.params.id) }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { escalationPolicy } from './escalations.policy.ts'
import { presentEscalation } from './escalations.presenter.ts'
import { decisionInput, escalationDoc, escalationInput, escalationsApiQuery } from './escalations.schema.ts'

const errors = { ...errorResponses, 409: errorDoc }

/** The escalation log in the API: list, raise, read, decide, withdraw. */
export function escalationApi(fastify: FastifyInstance, { escalations }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Escalations']
  const base = '/api/v1/partnerships/:slug/escalations'

  app.get(
    base,
    {
      config: { policy: escalationPolicy.read },
      schema: {
        tags,
        summary: 'The escalation log: what was escalated to the board, and its decisions',
        params: slugParams,
        querystring: escalationsApiQuery,
        response: { 200: listOf(escalationDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await escalations.list(request.actor, request.partnership.id, request.query)).map(
        presentEscalation,
      ),
    }),
  )

  app.post(
    base,
    {
      config: { policy: escalationPolicy.raise },
      schema: {
        tags,
        summary: 'Escalate something to the board with a question',
        description:
          'subjectType is target, plan, action, improvement_plan, risk, request, outcome (subjectId: the outcome’s key) or other (no subjectId).',
        params: slugParams,
        body: escalationInput,
        response: { 201: one(escalationDoc), ...errors },
      },
    },
    async (request, reply) => {
      const row = await escalations.escalate(request.actor, request.partnership.id, request.body)
      return reply.status(201).send({
        data: presentEscalation(await escalations.get(request.actor, request.partnership.id, row.id)),
      })
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: escalationPolicy.read },
      schema: {
        tags,
        summary: 'One escalation',
        params: slugIdParams,
        response: { 200: one(escalationDoc), ...errors },
      },
    },
    async (request) => ({
      data: presentEscalation(
        await escalations.get(request.actor, request.partnership.id, request.params.id),
      ),
    }),
  )

  app.post(
    `${base}/:id/decision`,
    {
      config: { policy: escalationPolicy.decide },
      schema: {
        tags,
        summary: 'Record the board’s decision (board members)',
        params: slugIdParams,
        body: decisionInput,
        response: { 200: one(escalationDoc), ...errors },
      },
    },
    async (request) => {
      const { id } = request.params
      await escalations.decide(request.actor, request.partnership.id, id, request.body)
      return { data: presentEscalation(await escalations.get(request.actor, request.partnership.id, id)) }
    },
  )

  app.post(
    `${base}/:id/withdraw`,
    {
      config: { policy: escalationPolicy.withdraw },
      schema: {
        tags,
        summary: 'Withdraw an escalation awaiting a decision (whoever raised it, or a performance officer)',
        params: slugIdParams,
        response: { 200: one(escalationDoc), ...errors },
      },
    },
    async (request) => {
      const { id } = request.params
      await escalations.withdraw(request.actor, request.partnership.id, id)
      return { data: presentEscalation(await escalations.get(request.actor, request.partnership.id, id)) }
    },
  )
  return Promise.resolve()
}

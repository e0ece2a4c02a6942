import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { riskPolicy } from './risks.policy.ts'
import { presentHeatMap, presentRisk, presentRiskWithReviews } from './risks.presenter.ts'
import {
  appetiteDoc,
  appetiteInput,
  heatMapDoc,
  HIGH_RISK_SCORE,
  reviewInput,
  riskDoc,
  riskFilter,
  riskInput,
  riskWithReviewsDoc,
  workshopDoc,
  workshopInput,
  workshopSourceInput,
} from './risks.schema.ts'
import type { AppetiteRow } from './risks.service.ts'

const errors = { ...errorResponses, 409: errorDoc } as const

const presentAppetite = (a: AppetiteRow) => ({
  id: a.id,
  category: a.category,
  maxScore: a.maxScore,
  setBy: a.setBy,
  setAt: a.setAt.toISOString(),
})

export function riskApi(fastify: FastifyInstance, { risks }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Risks']
  const base = '/api/v1/partnerships/:slug/risks'
  const workshops = '/api/v1/partnerships/:slug/risk-workshops'
  const appetites = '/api/v1/partnerships/:slug/risk-appetites'

  app.get(
    base,
    {
      config: { policy: riskPolicy.read },
      schema: {
        tags,
        summary: 'The risk register (open risks unless `status` says otherwise)',
        params: slugParams,
        querystring: riskFilter,
        response: { 200: listOf(riskDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await risks.list(request.actor, request.partnership.id, request.query)).map(presentRisk),
    }),
  )

  app.get(
    `${base}/heat-map`,
    {
      config: { policy: riskPolicy.read },
      schema: {
        tags,
        summary: 'Open risks in each cell of the 5 × 5 likelihood × impact matrix, with the descriptors',
        params: slugParams,
        response: { 200: one(heatMapDoc), ...errors },
      },
    },
    async (request) => ({ data: presentHeatMap(await risks.heatMap(request.actor, request.partnership.id)) }),
  )

  app.get(
    `${base}/high`,
    {
      config: { policy: riskPolicy.read },
      schema: {
        tags,
        summary: `Open risks scoring at least \`threshold\` (default ${HIGH_RISK_SCORE}), for the steering group`,
        params: slugParams,
        querystring: z.object({ threshold: z.coerce.number().int().min(1).max(25).optional() }),
        response: { 200: listOf(riskDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await risks.highRisks(request.actor, request.partnership.id, request.query.threshold)).map(
        presentRisk,
      ),
    }),
  )

  app.get(
    `${base}/overdue`,
    {
      config: { policy: riskPolicy.read },
      schema: {
        tags,
        summary: 'Open risks whose review date has passed',
        params: slugParams,
        response: { 200: listOf(riskDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await risks.overdueReviews(request.actor, request.partnership.id)).map(presentRisk),
    }),
  )

  app.post(
    base,
    {
      config: { policy: riskPolicy.edit },
      schema: {
        tags,
        summary: 'Add a risk (its first review records the scores)',
        params: slugParams,
        body: riskInput,
        response: { 201: one(riskWithReviewsDoc), ...errors },
      },
    },
    async (request, reply) => {
      const row = await risks.create(request.actor, request.partnership.id, request.body)
      return reply.status(201).send({
        data: presentRiskWithReviews(await risks.get(request.actor, request.partnership.id, row.id)),
      })
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: riskPolicy.read },
      schema: {
        tags,
        summary: 'A risk with its reviews, oldest first',
        params: slugIdParams,
        response: { 200: one(riskWithReviewsDoc), ...errors },
      },
    },
    async (request) => ({
      data: presentRiskWithReviews(await risks.get(request.actor, request.partnership.id, request.params.id)),
    }),
  )

  app.put(
    `${base}/:id`,
    {
      config: { policy: riskPolicy.edit },
      schema: {
        tags,
        summary: 'Change a risk (a change of its scores or status appends a review)',
        params: slugIdParams,
        body: riskInput,
        response: { 200: one(riskWithReviewsDoc), ...errors },
      },
    },
    async (request) => {
      await risks.update(request.actor, request.partnership.id, request.params.id, request.body)
      return {
        data: presentRiskWithReviews(
          await risks.get(request.actor, request.partnership.id, request.params.id),
        ),
      }
    },
  )

  app.post(
    `${base}/:id/reviews`,
    {
      config: { policy: riskPolicy.edit },
      schema: {
        tags,
        summary: 'Record a review of a risk',
        params: slugIdParams,
        body: reviewInput,
        response: { 201: one(riskWithReviewsDoc), ...errors },
      },
    },
    async (request, reply) => {
      await risks.review(request.actor, request.partnership.id, request.params.id, request.body)
      return reply.status(201).send({
        data: presentRiskWithReviews(
          await risks.get(request.actor, request.partnership.id, request.params.id),
        ),
      })
    },
  )

  app.delete(
    `${base}/:id`,
    {
      config: { policy: riskPolicy.archive },
      schema: {
        tags,
        summary: 'Remove a risk from the register (archived; its reviews stay)',
        params: slugIdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await risks.archive(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    appetites,
    {
      config: { policy: riskPolicy.read },
      schema: {
        tags,
        summary: 'The board’s risk appetite per category',
        params: slugParams,
        response: { 200: listOf(appetiteDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await risks.appetites(request.actor, request.partnership.id)).map(presentAppetite),
    }),
  )

  app.put(
    appetites,
    {
      config: { policy: riskPolicy.setAppetite },
      schema: {
        tags,
        summary: 'Set the appetite for a category (the highest acceptable current score)',
        params: slugParams,
        body: appetiteInput,
        response: { 200: one(appetiteDoc), ...errors },
      },
    },
    async (request) => ({
      data: presentAppetite(await risks.setAppetite(request.actor, request.partnership.id, request.body)),
    }),
  )

  app.delete(
    `${appetites}/:id`,
    {
      config: { policy: riskPolicy.setAppetite },
      schema: {
        tags,
        summary: 'Remove the appetite for a category',
        params: slugIdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await risks.removeAppetite(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    workshops,
    {
      config: { policy: riskPolicy.read },
      schema: {
        tags,
        summary: 'Area-based risk assessment workshops',
        params: slugParams,
        response: { 200: listOf(workshopDoc), ...errors },
      },
    },
    async (request) => {
      const pid = request.partnership.id
      const list = await risks.workshops(request.actor, pid)
      return { data: await Promise.all(list.map((w) => risks.workshop(request.actor, pid, w.id))) }
    },
  )

  app.post(
    workshops,
    {
      config: { policy: riskPolicy.workshops },
      schema: {
        tags,
        summary: 'Record a risk assessment workshop',
        params: slugParams,
        body: workshopInput,
        response: { 201: one(workshopDoc), ...errors },
      },
    },
    async (request, reply) => {
      const row = await risks.createWorkshop(request.actor, request.partnership.id, request.body)
      return reply
        .status(201)
        .send({ data: await risks.workshop(request.actor, request.partnership.id, row.id) })
    },
  )

  app.get(
    `${workshops}/:id`,
    {
      config: { policy: riskPolicy.read },
      schema: {
        tags,
        summary: 'A workshop with the partners’ risks it drew on and the register’s risks from it',
        params: slugIdParams,
        response: { 200: one(workshopDoc), ...errors },
      },
    },
    async (request) => ({
      data: await risks.workshop(request.actor, request.partnership.id, request.params.id),
    }),
  )

  app.post(
    `${workshops}/:id/sources`,
    {
      config: { policy: riskPolicy.workshops },
      schema: {
        tags,
        summary: 'Add a partner’s risk the workshop drew on',
        params: slugIdParams,
        body: workshopSourceInput,
        response: { 201: one(workshopDoc), ...errors },
      },
    },
    async (request, reply) => {
      await risks.addSource(request.actor, request.partnership.id, request.params.id, request.body)
      return reply
        .status(201)
        .send({ data: await risks.workshop(request.actor, request.partnership.id, request.params.id) })
    },
  )

  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { valuePolicy } from '../values/values.policy.ts'
import { roundPolicy } from './rounds.policy.ts'
import { presentRound } from './rounds.presenter.ts'
import {
  completenessRowDoc,
  exceptionInput,
  generateYearInput,
  roundCreateInput,
  roundDoc,
  roundWindowInput,
} from './rounds.schema.ts'

const itemDoc = z.object({
  indicatorId: z.uuid(),
  code: z.string(),
  title: z.string().nullable(),
  placeId: z.uuid(),
  place: z.string(),
  organisationId: z.uuid().nullable(),
  organisation: z.string(),
  status: z.string().describe('missing (nothing entered), draft or returned'),
  valueId: z.uuid().nullable(),
})

const completenessDoc = z.object({
  round: roundDoc,
  organisations: z.array(completenessRowDoc),
  totals: completenessRowDoc.omit({ organisationId: true, organisation: true }),
  outstanding: z.array(itemDoc).describe('Expected values not yet submitted or approved'),
  overdue: z.array(itemDoc).describe('The same, once the round has closed'),
  awaitingApproval: z.array(itemDoc).describe('Submitted values waiting for an officer'),
})

const exceptionDoc = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  grantedUntil: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
})

const returnsDoc = z.object({
  rounds: z.array(
    z.object({
      round: roundDoc,
      lateEntryUntil: z.string().nullable().describe('Set when the organisation has an exception'),
      items: z.array(
        z.object({
          indicatorId: z.uuid(),
          code: z.string(),
          placeId: z.uuid(),
          place: z.string(),
          organisationId: z.uuid().nullable(),
          valueId: z.uuid().nullable(),
          status: z.string(),
          value: z.number().nullable(),
          version: z.number().int().describe('0 when not entered yet'),
        }),
      ),
    }),
  ),
})

export function roundApi(fastify: FastifyInstance, { rounds }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Collection rounds']
  const base = '/api/v1/partnerships/:slug/rounds'

  app.get(
    base,
    {
      config: { policy: roundPolicy.read },
      schema: {
        tags,
        summary: 'List collection rounds',
        params: slugParams,
        response: { 200: listOf(roundDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: (await rounds.list(request.actor, request.partnership.id)).map(presentRound),
    }),
  )

  app.post(
    base,
    {
      config: { policy: roundPolicy.manage },
      schema: {
        tags,
        summary: 'Add a collection round for one period',
        params: slugParams,
        body: roundCreateInput,
        response: { 201: one(roundDoc), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send({
        data: presentRound(await rounds.create(request.actor, request.partnership.id, request.body)),
      }),
  )

  app.post(
    `${base}/generate`,
    {
      config: { policy: roundPolicy.manage },
      schema: {
        tags,
        summary: 'Create a financial year’s rounds from the indicators’ frequencies',
        description:
          'Windows open the day after each period ends and are due `dueWeeks` (default 6) weeks after. Existing rounds are kept.',
        params: slugParams,
        body: generateYearInput,
        response: {
          200: z.object({ data: z.array(roundDoc), skipped: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const r = await rounds.generateYear(request.actor, request.partnership.id, request.body)
      return { data: r.created.map(presentRound), skipped: r.skipped }
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: roundPolicy.read },
      schema: {
        tags,
        summary: 'Get a collection round',
        params: slugIdParams,
        response: { 200: one(roundDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentRound(await rounds.get(request.actor, request.partnership.id, request.params.id)),
    }),
  )

  app.put(
    `${base}/:id`,
    {
      config: { policy: roundPolicy.manage },
      schema: {
        tags,
        summary: 'Change a round’s opening and due dates',
        params: slugIdParams,
        body: roundWindowInput,
        response: { 200: one(roundDoc), ...errorResponses },
      },
    },
    async (request) => ({
      data: presentRound(
        await rounds.updateWindow(request.actor, request.partnership.id, request.params.id, request.body),
      ),
    }),
  )

  app.get(
    `${base}/:id/completeness`,
    {
      config: { policy: roundPolicy.read },
      schema: {
        tags,
        summary: 'Completeness and timeliness per organisation, and the overdue list',
        params: slugIdParams,
        response: { 200: one(completenessDoc), ...errorResponses },
      },
    },
    async (request) => {
      const c = await rounds.completeness(request.actor, request.partnership.id, request.params.id)
      const item = (o: (typeof c.outstanding)[number]) => ({
        indicatorId: o.indicatorId,
        code: o.code,
        title: o.title,
        placeId: o.placeId,
        place: o.placeName,
        organisationId: o.organisationId,
        organisation: o.organisation,
        status: o.status,
        valueId: o.valueId,
      })
      return {
        data: {
          round: presentRound(c.round),
          organisations: c.rows,
          totals: c.totals,
          outstanding: c.outstanding.map(item),
          overdue: c.overdue.map(item),
          awaitingApproval: c.awaitingApproval.map(item),
        },
      }
    },
  )

  app.post(
    `${base}/:id/exceptions`,
    {
      config: { policy: roundPolicy.manage },
      schema: {
        tags,
        summary: 'Let one organisation enter values late in a closed round',
        params: slugIdParams,
        body: exceptionInput,
        response: { 201: one(exceptionDoc), ...errorResponses },
      },
    },
    async (request, reply) => {
      const e = await rounds.grantException(
        request.actor,
        request.partnership.id,
        request.params.id,
        request.body,
      )
      return reply.status(201).send({
        data: {
          id: e.id,
          organisationId: e.organisationId,
          grantedUntil: e.grantedUntil,
          reason: e.reason,
          createdAt: e.createdAt.toISOString(),
          revokedAt: e.revokedAt?.toISOString() ?? null,
        },
      })
    },
  )

  app.get(
    '/api/v1/partnerships/:slug/returns',
    {
      config: { policy: valuePolicy.enterSome },
      schema: {
        tags,
        summary: 'My returns: values owed in open rounds (or under an exception)',
        params: slugParams,
        querystring: z.object({ organisationId: z.uuid().optional().describe('Managers: one organisation') }),
        response: { 200: one(returnsDoc), ...errorResponses, 409: errorDoc },
      },
    },
    async (request) => {
      const r = await rounds.returns(request.actor, request.partnership.id, {
        organisationId: request.query.organisationId ?? null,
      })
      return {
        data: {
          rounds: r.rounds.map((x) => ({
            round: presentRound(x.round),
            lateEntryUntil: x.exception?.grantedUntil ?? null,
            items: x.items.map((i) => ({
              indicatorId: i.indicatorId,
              code: i.code,
              placeId: i.placeId,
              place: i.placeName,
              organisationId: i.organisationId,
              valueId: i.value?.id ?? null,
              status: i.value?.status ?? 'missing',
              value: i.value?.value ?? null,
              version: i.value?.version ?? 0,
            })),
          })),
        },
      }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

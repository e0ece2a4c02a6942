import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorDoc, errorResponses, listOf, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import type { Actor } from '../auth/actor.ts'
import {
  commissioningBody,
  commissioningQuery,
  decisionBody,
  reasonBody,
  spendBody,
  spendListQuery,
  thresholdsBody,
  varianceQueryDoc,
  vfmQueryDoc,
} from './money.api.input.ts'
import { moneyPolicy } from './money.policy.ts'
import {
  decisionDoc,
  spendDoc,
  spendWithHistoryDoc,
  thresholdsDoc,
  varianceRowDoc,
  vfmDoc,
  withPounds,
} from './money.spend.api.presenter.ts'

const errors = { ...errorResponses, 409: errorDoc } as const

/**
 * Spend returns (save, submit, approve, return, the decision on a variance), the Variance,
 * the finance thresholds, commissioning decisions and value for money over the API. Each change
 * to a return is a new version with its own id: answers give the new version.
 */
export function moneySpendApi(fastify: FastifyInstance, { money }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Money']
  const spend = '/api/v1/partnerships/:slug/spend-returns'

  const oneReturn = async (actor: Actor, pid: string, id: string) => {
    const r = await money.getSpend(actor, pid, id)
    return withPounds({
      ...r,
      history: r.history.map((h) => ({
        id: h.id,
        status: h.status,
        actualPence: h.actualPence,
        forecastPence: h.forecastPence,
        explanation: h.explanation,
        statusReason: h.statusReason,
        decision: h.decision,
        recordedAt: h.recordedAt,
        recordedBy: h.recordedBy,
        supersededAt: h.supersededAt,
      })),
    }) as z.infer<typeof spendWithHistoryDoc>
  }

  app.get(
    spend,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary:
          'Current spend returns (filtered by quarter, stream, recipient or status), each with its variance',
        params: slugParams,
        querystring: spendListQuery,
        response: { 200: listOf(spendDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await money.listSpend(request.actor, request.partnership.id, request.query)).map(
        (r) => withPounds(r) as z.infer<typeof spendDoc>,
      ),
    }),
  )

  app.post(
    spend,
    {
      config: { policy: moneyPolicy.enterSpend },
      schema: {
        tags,
        summary:
          'Save a recipient’s spend return for a stream and quarter (a draft; `submit: true` submits it). 422 `protocol_not_signed` for a recipient that has not signed',
        params: slugParams,
        body: spendBody,
        response: { 201: one(spendWithHistoryDoc), ...errors },
      },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const { submit, ...input } = request.body
      const row = await money.saveSpend(request.actor, pid, input, { submit: submit === true })
      return reply.status(201).send({ data: await oneReturn(request.actor, pid, row.id) })
    },
  )

  app.get(
    `${spend}/:id`,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary: 'A spend return (any version) with its variance and every version of it',
        params: slugIdParams,
        response: { 200: one(spendWithHistoryDoc), ...errors },
      },
    },
    async (request) => ({ data: await oneReturn(request.actor, request.partnership.id, request.params.id) }),
  )

  const step = (
    path: string,
    policy: (typeof moneyPolicy)[keyof typeof moneyPolicy],
    summary: string,
    run: (actor: Actor, pid: string, id: string, body: unknown) => Promise<{ id: string }>,
    body?: z.ZodObject,
  ) =>
    app.post(
      `${spend}/:id/${path}`,
      {
        config: { policy },
        schema: {
          tags,
          summary,
          params: slugIdParams,
          ...(body ? { body } : {}),
          response: { 200: one(spendWithHistoryDoc), ...errors },
        },
      },
      async (request) => {
        const pid = request.partnership.id
        const row = await run(request.actor, pid, request.params.id, request.body)
        return { data: await oneReturn(request.actor, pid, row.id) }
      },
    )

  step('submit', moneyPolicy.enterSpend, 'Submit a draft or returned spend return for approval', (a, p, id) =>
    money.submitSpend(a, p, id),
  )
  step('approve', moneyPolicy.approveSpend, 'Approve a submitted spend return', (a, p, id) =>
    money.approveSpend(a, p, id),
  )
  step(
    'return',
    moneyPolicy.approveSpend,
    'Send a submitted or approved spend return back to its recipient with the reason',
    (a, p, id, body) => money.returnSpend(a, p, id, body),
    reasonBody,
  )
  step(
    'decision',
    moneyPolicy.approveSpend,
    'Record the decision on a return’s variance, taken with the lead officer, and who carries an overspend',
    (a, p, id, body) => money.decideVariance(a, p, id, body),
    decisionBody,
  )

  app.get(
    '/api/v1/partnerships/:slug/variance',
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary:
          'The Variance of a financial year: per stream a line per recipient then the stream’s total (as at the end of `period` if given)',
        params: slugParams,
        querystring: varianceQueryDoc,
        response: { 200: listOf(varianceRowDoc), ...errors },
      },
    },
    async (request) => ({
      data: (await money.varianceRows(request.actor, request.partnership.id, request.query)).map(
        (r) => withPounds(r) as z.infer<typeof varianceRowDoc>,
      ),
    }),
  )

  const thresholds = '/api/v1/partnerships/:slug/finance-thresholds'
  app.get(
    thresholds,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary: 'The variance thresholds (2% amber, 5% red until set)',
        params: slugParams,
        response: { 200: one(thresholdsDoc), ...errors },
      },
    },
    async (request) => ({ data: await money.thresholds(request.actor, request.partnership.id) }),
  )

  app.put(
    thresholds,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary: 'Set the variance thresholds: percentages, both 0 or more, amber at most red',
        params: slugParams,
        body: thresholdsBody,
        response: { 200: one(thresholdsDoc), ...errors },
      },
    },
    async (request) => ({
      data: await money.setThresholds(request.actor, request.partnership.id, request.body),
    }),
  )

  const decisions = '/api/v1/partnerships/:slug/commissioning-decisions'
  app.get(
    decisions,
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary: 'Commissioning decisions, by service then newest first (one service’s with `service`)',
        params: slugParams,
        querystring: commissioningQuery,
        response: { 200: listOf(decisionDoc), ...errors },
      },
    },
    async (request) => {
      const { actor } = request
      const pid = request.partnership.id
      const services = request.query.service
        ? [request.query.service]
        : (await money.commissionedServices(actor, pid)).map((s) => s.service)
      const rows = []
      for (const s of services) rows.push(...(await money.serviceDecisions(actor, pid, s)))
      return { data: rows.map((r) => withPounds(r) as z.infer<typeof decisionDoc>) }
    },
  )

  app.post(
    decisions,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary:
          'Record a decision about a funded service: commission, continue, give notice or de-commission',
        params: slugParams,
        body: commissioningBody,
        response: { 201: one(decisionDoc), ...errors },
      },
    },
    async (request, reply) => {
      const { actor } = request
      const pid = request.partnership.id
      const row = await money.recordCommissioningDecision(actor, pid, request.body)
      const named = (await money.serviceDecisions(actor, pid, row.service)).find((d) => d.id === row.id)
      return reply.status(201).send({ data: withPounds(named) as z.infer<typeof decisionDoc> })
    },
  )

  app.delete(
    `${decisions}/:id`,
    {
      config: { policy: moneyPolicy.write },
      schema: {
        tags,
        summary: 'Archive a decision recorded in error (the audit keeps it)',
        params: slugIdParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await money.archiveCommissioningDecision(request.actor, request.partnership.id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/api/v1/partnerships/:slug/value-for-money',
    {
      config: { policy: moneyPolicy.read },
      schema: {
        tags,
        summary:
          'Value for money: allocated and approved spend per target and per outcome, beside status and trend',
        params: slugParams,
        querystring: vfmQueryDoc,
        response: { 200: one(vfmDoc), ...errors },
      },
    },
    async (request) => ({
      data: withPounds(
        await money.valueForMoney(request.actor, request.partnership.id, request.query),
      ) as z.infer<typeof vfmDoc>,
    }),
  )

  return Promise.resolve()
}

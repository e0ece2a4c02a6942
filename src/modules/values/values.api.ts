import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorDoc, errorResponses, one, slugIdParams, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { valuePolicy } from './values.policy.ts'
import { presentValue, presentVersion } from './values.presenter.ts'
import {
  reasonInput,
  valueDoc,
  valueKeyInput,
  valuePutBody,
  valueQuery,
  valueWithHistoryDoc,
  versionInput,
} from './values.schema.ts'

const withWarnings = z.object({
  data: valueDoc,
  warnings: z.array(z.string()).describe('Plausibility warnings: the value is saved, but check it'),
})
const responses = { ...errorResponses, 409: errorDoc }

export function valueApi(fastify: FastifyInstance, { values }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const tags = ['Values']
  const base = '/api/v1/partnerships/:slug/values'

  async function full(actor: Parameters<typeof values.get>[0], partnershipId: string, id: string) {
    const v = await values.get(actor, partnershipId, id)
    return {
      ...presentValue({ value: v.value, indicator: v.indicator, place: v.place }),
      history: v.history.map(presentVersion),
    }
  }

  app.get(
    base,
    {
      config: { policy: valuePolicy.read },
      schema: {
        tags,
        summary: 'Find the value of an indicator at a place in a period',
        params: slugParams,
        querystring: valueQuery,
        response: { 200: one(valueWithHistoryDoc), ...responses },
      },
    },
    async (request) => {
      const id = await values.findByKey(request.actor, request.partnership.id, request.query)
      return { data: await full(request.actor, request.partnership.id, id) }
    },
  )

  app.get(
    `${base}/:id`,
    {
      config: { policy: valuePolicy.read },
      schema: {
        tags,
        summary: 'Get a value with its full history',
        params: slugIdParams,
        response: { 200: one(valueWithHistoryDoc), ...responses },
      },
    },
    async (request) => ({ data: await full(request.actor, request.partnership.id, request.params.id) }),
  )

  app.put(
    base,
    {
      config: { policy: valuePolicy.enterSome },
      schema: {
        tags,
        summary: 'Enter or change the value of an indicator at a place in a period',
        description:
          'Send `version` 0 to create, or the version you read to change it: 409 when someone else changed it since, with the value now stored. A value is derived from `numerator` and `denominator` when they are given.',
        params: slugParams,
        body: valuePutBody.extend(valueKeyInput.shape),
        response: { 200: withWarnings, ...responses },
      },
    },
    async (request) => {
      const { indicatorId, placeId, period, ...input } = request.body
      const { value, warnings } = await values.save(
        request.actor,
        request.partnership.id,
        { indicatorId, placeId, period },
        input,
      )
      const v = await values.get(request.actor, request.partnership.id, value.id)
      return { data: presentValue(v), warnings }
    },
  )

  app.put(
    `${base}/:id`,
    {
      config: { policy: valuePolicy.enterSome },
      schema: {
        tags,
        summary: 'Change a value at the version you read',
        params: slugIdParams,
        body: valuePutBody,
        response: { 200: withWarnings, ...responses },
      },
    },
    async (request) => {
      const current = await values.get(request.actor, request.partnership.id, request.params.id)
      const { value, warnings } = await values.save(
        request.actor,
        request.partnership.id,
        { indicatorId: current.indicator.id, placeId: current.place.id, period: current.period },
        request.body,
      )
      return {
        data: presentValue(await values.get(request.actor, request.partnership.id, value.id)),
        warnings,
      }
    },
  )

  const statusRoute = (
    action: string,
    summary: string,
    rule: typeof valuePolicy.read,
    body: typeof versionInput | typeof reasonInput,
    run: (r: {
      actor: Parameters<typeof values.get>[0]
      pid: string
      id: string
      body: never
    }) => Promise<unknown>,
  ) =>
    app.post(
      `${base}/:id/${action}`,
      {
        config: { policy: rule },
        schema: { tags, summary, params: slugIdParams, body, response: { 200: one(valueDoc), ...responses } },
      },
      async (request) => {
        await run({
          actor: request.actor,
          pid: request.partnership.id,
          id: request.params.id,
          body: request.body as never,
        })
        return {
          data: presentValue(await values.get(request.actor, request.partnership.id, request.params.id)),
        }
      },
    )

  statusRoute(
    'submit',
    'Submit a draft or returned value for approval',
    valuePolicy.enterSome,
    versionInput,
    (r) => values.submit(r.actor, r.pid, r.id, (r.body as { version?: number }).version),
  )
  statusRoute(
    'approve',
    'Approve a submitted value (it is then locked)',
    valuePolicy.approve,
    versionInput,
    (r) => values.approve(r.actor, r.pid, r.id, (r.body as { version?: number }).version),
  )
  statusRoute(
    'return',
    'Return a submitted value to its provider with a reason',
    valuePolicy.approve,
    reasonInput,
    (r) => values.returnValue(r.actor, r.pid, r.id, r.body),
  )
  statusRoute(
    'reopen',
    'Reopen an approved value for correction, with a reason',
    valuePolicy.reopen,
    reasonInput,
    (r) => values.reopen(r.actor, r.pid, r.id, r.body),
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { errorResponses, one, slugParams } from '../../lib/api.ts'
import { crudApi } from '../../lib/crud-api.ts'
import type { Services } from '../../services.ts'
import { indicatorPolicy } from './indicators.policy.ts'
import { presentIndicator } from './indicators.presenter.ts'
import { indicatorDoc, indicatorInput, indicatorQuery } from './indicators.schema.ts'

export async function indicatorApi(fastify: FastifyInstance, { indicators }: Services) {
  const base = '/api/v1/partnerships/:slug/indicators'
  const tags = ['Indicators']

  crudApi(fastify, {
    tags,
    base,
    noun: 'an indicator',
    summaries: {
      list: 'Search the indicator catalogue',
      create: 'Add an indicator to the catalogue',
      update: 'Replace an indicator’s metadata',
      archive: 'Archive an indicator (soft delete; refused while targets use it)',
    },
    descriptions: {
      list: 'Filter by set, theme, polarity (`unknown` for not yet recorded), completeness and text (`q` matches code, title, theme and definition).',
    },
    doc: indicatorDoc,
    input: indicatorInput,
    querystring: indicatorQuery,
    policy: indicatorPolicy,
    presenter: () => presentIndicator,
    service: indicators,
  })

  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.post(
    `${base}/seed-reference`,
    {
      config: { policy: indicatorPolicy.seed },
      schema: {
        tags,
        summary: 'Add the National Indicator Set reference entries the catalogue lacks (idempotent)',
        params: slugParams,
        response: { 200: one(z.object({ added: z.number().int() })), ...errorResponses },
      },
    },
    async (request) => {
      const added = await indicators.seedReference(request.actor, request.partnershipContext!.partnership.id)
      return { data: { added } }
    },
  )
}

import type { FastifyInstance } from 'fastify'
import { crudApi } from '../../lib/crud-api.ts'
import type { Services } from '../../services.ts'
import { indicatorPolicy } from './indicators.policy.ts'
import { presentIndicator } from './indicators.presenter.ts'
import { indicatorDoc, indicatorInput, indicatorQuery } from './indicators.schema.ts'

export function indicatorApi(fastify: FastifyInstance, { indicators }: Services): Promise<void> {
  const base = '/api/v1/partnerships/:slug/indicators'
  const tags = ['Indicators']

  crudApi(fastify, {
    tags,
    base,
    noun: 'an indicator',
    summaries: {
      list: 'Search the indicator catalogue',
      create: 'Add an indicator to the catalogue',
      update:
        'Replace an indicator’s metadata (a national one: only its lag and responsible organisation, unless you are a system administrator)',
      archive: 'Archive a local indicator (soft delete; refused while targets use it, and for national ones)',
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
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorDoc, errorResponses, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { assessmentPolicy } from '../assessments/assessments.policy.ts'
import { createChangesService, type Change } from './changes.service.ts'
import { changesDoc, changesQuery, type ChangeDoc } from './changes.schema.ts'

function presentChange(c: Change): ChangeDoc {
  if (c.kind === 'v') {
    const v = c.version
    return {
      type: 'value_approved',
      cursor: c.cursor,
      at: v.at,
      indicator_code: v.indicatorCode,
      place_gss: v.placeGss,
      place_name: v.placeName,
      period: v.period,
      value: v.value,
      numerator: v.numerator,
      denominator: v.denominator,
      value_id: v.valueId,
      version: v.version,
      action: v.action,
      late: v.late,
    }
  }
  const { row, ...s } = c.stored
  return {
    type: 'status',
    cursor: c.cursor,
    at: s.at,
    indicator_code: s.indicatorCode,
    place_gss: s.placeGss,
    place_name: s.placeName,
    period: row.period,
    value: row.value,
    target_id: row.targetId,
    target_value: row.targetValue,
    status: row.status,
    direction: row.direction,
    forecast_value: row.forecastValue,
    forecast_status: row.forecastStatus,
  }
}

/** The changes feed: approved values and stored statuses in time order, for partners' systems to poll. */
export function changesApi(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const changes = createChangesService({
    values: services.values,
    assessments: services.assessments,
    audit: services.audit,
  })
  app.get(
    '/api/v1/partnerships/:slug/changes',
    {
      config: { policy: assessmentPolicy.read },
      schema: {
        tags: ['Changes'],
        summary:
          'Approved values and status assessments in the order they happened, after a cursor: poll `next`',
        description:
          'A partner’s system keeps the last `cursor` it has and asks for the changes after it. Only ' +
          'approved figures appear: never a draft, submitted or returned value, nor a status rating one.',
        params: slugParams,
        querystring: changesQuery,
        response: { 200: changesDoc, 400: errorDoc, ...errorResponses },
      },
    },
    async (request) => {
      const { since, limit } = request.query
      const page = await changes.after(request.actor, request.partnership.id, since || undefined, limit)
      const next = new URLSearchParams({
        ...(page.cursor ? { since: page.cursor } : {}),
        limit: String(limit),
      })
      return {
        data: page.changes.map(presentChange),
        cursor: page.cursor,
        next: `/api/v1/partnerships/${encodeURIComponent(request.partnership.slug)}/changes?${next.toString()}`,
        more: page.more,
      }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

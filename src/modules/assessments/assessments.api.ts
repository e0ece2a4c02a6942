import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, listOf, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { assessmentPolicy } from './assessments.policy.ts'
import { presentAssessment } from './assessments.presenter.ts'
import { assessmentDoc, assessmentQuery } from './assessments.schema.ts'

export function assessmentApi(fastify: FastifyInstance, { assessments }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/api/v1/partnerships/:slug/assessments',
    {
      config: { policy: assessmentPolicy.read },
      schema: {
        tags: ['Assessments'],
        summary:
          'Stored assessments (status, direction, forecast, reward) per target, place and period, as at a moment',
        params: slugParams,
        querystring: assessmentQuery,
        response: { 200: listOf(assessmentDoc), ...errorResponses },
      },
    },
    async (request) => {
      const pid = request.partnership.id
      const at = await assessments.asAt(pid, request.query['as-at'])
      const rows = await assessments.list(request.actor, pid, {
        at,
        period: request.query.period,
        status: request.query.status,
      })
      return { data: rows.map(presentAssessment) }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

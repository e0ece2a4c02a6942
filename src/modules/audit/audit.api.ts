import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { errorResponses, slugParams } from '../../lib/api.ts'
import type { Services } from '../../services.ts'
import { recordLabel } from './audit.names.ts'
import { presentAuditEvent } from './audit.presenter.ts'
import { auditApiQuery, auditListDoc, fromBound, toBound } from './audit.schema.ts'
import { auditPolicy } from './audit.policy.ts'

export function auditApi(fastify: FastifyInstance, { audit }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()

  app.get(
    '/api/v1/partnerships/:slug/audit',
    {
      config: { policy: auditPolicy.read },
      schema: {
        tags: ['Audit'],
        summary: 'List the audit trail, newest first (administrators)',
        description:
          'Every change to the partnership’s data: who, when, what, and the record before and after. ' +
          'Page with `limit` (at most 500) and `offset`; `total` counts every match.',
        params: slugParams,
        querystring: auditApiQuery,
        response: { 200: auditListDoc, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query
      const { rows, total } = await audit.list(request.actor, request.partnership.id, {
        entityType: q.entityType || undefined,
        entityId: q.entityId || undefined,
        actorUserId: q.actorUserId,
        from: q.from ? fromBound(q.from) : undefined,
        to: q.to ? toBound(q.to) : undefined,
        limit: q.limit,
        offset: q.offset,
      })
      const events = rows.map(presentAuditEvent)
      const names = await audit.names(request.actor, request.partnership.id, events)
      return {
        data: events.map((e) => ({ ...e, record: recordLabel(e, names) })),
        total,
        limit: q.limit,
        offset: q.offset,
      }
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

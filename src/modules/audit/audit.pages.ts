import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { roleLabel } from '../auth/roles.ts'
import { namedValue, recordLabel } from './audit.names.ts'
import { entityTypeLabel, paginationFor, presentAuditEvent, readable } from './audit.presenter.ts'
import { AUDIT_PAGE_SIZE, auditPageQuery, parseAuditPageQuery, type AuditPageFilter } from './audit.schema.ts'
import { auditPolicy } from './audit.policy.ts'

/** The query string for a filter and page, leaving out what is blank. */
function queryString(values: AuditPageFilter, page: number) {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(values) as [string, string][]) if (v) qs.set(k, v)
  if (page > 1) qs.set('page', String(page))
  const s = qs.toString()
  return s ? `?${s}` : ''
}

export function auditPages(fastify: FastifyInstance, { audit }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/p/:slug/audit',
    { schema: { params: slugParams, querystring: auditPageQuery }, config: { policy: auditPolicy.read } },
    async (request, reply) => {
      const partnership = request.partnership
      const parsed = parseAuditPageQuery(request.query)
      const [entityTypes, people] = await Promise.all([
        audit.entityTypes(request.actor, partnership.id),
        audit.people(request.actor, partnership.id),
      ])
      const { values } = parsed
      const filterItems = {
        entityType: [
          { value: '', text: 'Any type' },
          ...entityTypes.map((t) => ({
            value: t,
            text: entityTypeLabel(t),
            selected: t === values.entityType,
          })),
        ],
        actorUserId: [
          { value: '', text: 'Anyone' },
          ...people.map((m) => ({
            value: m.userId,
            text: `${m.name} (${roleLabel(m.role)})`,
            selected: m.userId === values.actorUserId,
          })),
        ],
      }
      const base = `/p/${partnership.slug}/audit`
      if (!parsed.query) {
        reply.status(422)
        return reply.render('audit/views/index.njk', {
          title: 'Audit trail',
          values,
          filterItems,
          errors: parsed.errors,
          events: [],
        })
      }
      const page = parsed.page
      const { rows, total } = await audit.list(request.actor, partnership.id, {
        ...parsed.query,
        limit: AUDIT_PAGE_SIZE,
        offset: (page - 1) * AUDIT_PAGE_SIZE,
      })
      const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
      const presented = rows.map((row) => presentAuditEvent(row))
      const names = await audit.names(request.actor, partnership.id, presented)
      const events = presented.map((e) => {
        return {
          ...e,
          recordName: recordLabel(e, names),
          at: new Date(e.at),
          entityTypeLabel: entityTypeLabel(e.entityType),
          // A new record has no "before" and a deleted one no "after": show just the values.
          created: e.before === null && e.after !== null,
          removed: e.after === null && e.before !== null,
          changes: e.changes.map((c) => ({
            key: c.key,
            before: readable(namedValue(e.entityType, c.key, c.before, names)),
            after: readable(namedValue(e.entityType, c.key, c.after, names)),
          })),
        }
      })
      const filtered = Object.values(values).some(Boolean)
      return reply.render('audit/views/index.njk', {
        title: 'Audit trail',
        values,
        filterItems,
        events,
        total,
        filtered,
        clearHref: base,
        first: total === 0 ? 0 : (page - 1) * AUDIT_PAGE_SIZE + 1,
        last: Math.min(total, page * AUDIT_PAGE_SIZE),
        pagination: paginationFor(Math.min(page, pages), pages, (n) => base + queryString(values, n)),
      })
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services.ts'

interface OpenApiDoc {
  info: { title: string; description?: string }
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string
        tags?: string[]
        requestBody?: unknown
        parameters?: { name: string; in: string; required?: boolean }[]
      }
    >
  >
}

/** Health check, the OpenAPI document and its readable reference page. */
export async function coreRoutes(app: FastifyInstance, services: Services) {
  app.get('/healthz', { config: { public: true } }, async (_request, reply) => {
    try {
      await services.ping()
      return { status: 'ok', database: services.engine }
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: services.engine })
    }
  })

  app.get('/api/v1/openapi.json', { config: { public: true } }, async () => app.swagger())

  app.get('/api/v1/docs', { config: { public: true } }, async (_request, reply) => {
    const doc = app.swagger() as unknown as OpenApiDoc
    const groups = new Map<string, { method: string; path: string; summary: string; params: string[] }[]>()
    for (const [path, ops] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(ops)) {
        const tag = op.tags?.[0] ?? 'Other'
        if (!groups.has(tag)) groups.set(tag, [])
        groups.get(tag)!.push({
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? '',
          params: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        })
      }
    }
    return reply.render('core/views/api-docs.njk', {
      title: 'API reference',
      info: doc.info,
      groups: [...groups.entries()].map(([tag, ops]) => ({ tag, ops })),
    })
  })
}

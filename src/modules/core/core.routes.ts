import type { FastifyInstance } from 'fastify'
import { CSRF_COOKIE, RETURN_COOKIE } from '../../plugins/context.ts'
import type { Services } from '../../services.ts'

/** The cookies the service sets, as the cookies page names them (a test checks them against sign-in). */
export const COOKIES = { session: 'goldthread.sid', csrf: CSRF_COOKIE, returnTo: RETURN_COOKIE }

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

/**
 * Health check, the OpenAPI document and its readable reference page, and the pages every footer
 * links to (accessibility statement, privacy notice, cookies): all public.
 */
export function coreRoutes(
  app: FastifyInstance,
  services: Services,
  options: { sessionMaxAgeMs?: number } = {},
): Promise<void> {
  const sessionHours = Math.round(((options.sessionMaxAgeMs ?? 8 * 3600_000) / 3600_000) * 10) / 10

  app.get('/accessibility', { config: { public: true } }, async (_request, reply) =>
    reply.render('core/views/accessibility.njk', { title: 'Accessibility statement' }),
  )
  app.get('/privacy', { config: { public: true } }, async (_request, reply) =>
    reply.render('core/views/privacy.njk', { title: 'Privacy notice', sessionHours }),
  )
  app.get('/cookies', { config: { public: true } }, async (_request, reply) =>
    reply.render('core/views/cookies.njk', { title: 'Cookies', cookies: COOKIES, sessionHours }),
  )

  app.get('/healthz', { config: { public: true } }, async (_request, reply) => {
    try {
      await services.ping()
      return { status: 'ok', database: services.engine }
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: services.engine })
    }
  })

  app.get('/api/v1/openapi.json', { config: { public: true } }, (_request, reply) =>
    reply.send(app.swagger()),
  )

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
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

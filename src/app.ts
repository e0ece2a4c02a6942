import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import multipart from '@fastify/multipart'
import rateLimit from '@fastify/rate-limit'
import session from '@fastify/session'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { strictRouteBody, strictValidatorCompiler } from './lib/api.ts'
import qs from 'node:querystring'
import type { Config } from './config.ts'
import { registerModules } from './modules/index.ts'
import { registerPublicCache } from './modules/public/public.cache.ts'
import { registerAssets } from './plugins/assets.ts'
import { CSRF_COOKIE, registerContext } from './plugins/context.ts'
import { registerErrors } from './plugins/errors.ts'
import { registerOpenApi } from './plugins/openapi.ts'
import { registerSecurity } from './plugins/security.ts'
import { registerViews } from './plugins/views.ts'
import type { Services } from './services.ts'

export type App = FastifyInstance

/** One registered route, as the authorization route-walk test enumerates them. */
export interface RouteInfo {
  method: string
  url: string
  public: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on the app (HEAD included), in registration order. */
    routeList: RouteInfo[]
  }
}

export type AppConfig = Pick<
  Config,
  | 'sessionSecret'
  | 'sessionMaxAgeMs'
  | 'cookieSecure'
  | 'trustProxy'
  | 'logLevel'
  | 'uploadLimitBytes'
  | 'signInRateLimit'
  | 'oidc'
> &
  Partial<Pick<Config, 'publicDownloadsPerMinute'>>

/** A one-time link's token (`/set-password?token=…`) works for whoever reads it: keep it out of the logs. */
export const redactUrl = (url: string) => url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]')

/** Fastify's request log fields, with the URL redacted. */
const logRequest = (req: FastifyRequest) => ({
  method: req.method,
  url: redactUrl(req.url),
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
})

/** Build the application: plugins in a visible order, then the modules' routes. */
export async function buildApp(config: AppConfig, services: Services, opts: { logger?: boolean } = {}) {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : { level: config.logLevel, serializers: { req: (req: FastifyRequest) => logRequest(req) } },
    trustProxy: config.trustProxy,
    bodyLimit: config.uploadLimitBytes,
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(strictValidatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  // 0. A registry of routes, so tests can prove every one of them is authorised as declared.
  const routeList: RouteInfo[] = []
  app.decorate('routeList', routeList)
  app.addHook('onRoute', (route) => {
    // API bodies are strict, in validation and in the OpenAPI document alike.
    strictRouteBody(route)
    for (const method of [route.method].flat())
      routeList.push({ method, url: route.url ?? route.path, public: route.config?.public === true })
  })

  // 1. Errors first, so every later failure renders through them.
  registerErrors(app, config.uploadLimitBytes)
  // 2a. Public site pages answered from their cache before the rest (they carry their headers).
  registerPublicCache(app, services)
  // 2. Security headers (CSP nonces).
  await registerSecurity(app)
  // 3. Static assets (public, cached).
  await registerAssets(app)
  // 4. Body parsers: forms (repeated fields become arrays) and uploads.
  await app.register(formbody, { parser: (body) => qs.parse(body) })
  await app.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20 } })
  // 5. Cookies, database-backed sessions, CSRF.
  const secret = await services.auth.sessionSecret(config.sessionSecret)
  // The secret also signs the CSRF and return-to cookies.
  await app.register(cookie, { secret })
  await app.register(session, {
    secret,
    cookieName: 'goldthread.sid',
    store: services.auth.sessionStore(config.sessionMaxAgeMs),
    saveUninitialized: false,
    rolling: false,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      maxAge: config.sessionMaxAgeMs,
    },
  })
  // The CSRF secret lives in a signed cookie, not the session: a visitor who only reads pages
  // (or a crawler) writes no session row; one is written only at sign-in.
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, signed: true },
    getToken: (req: FastifyRequest) =>
      (req.body as Record<string, string> | undefined)?._csrf ??
      (req.query as Record<string, string> | undefined)?._csrf ??
      (req.headers['x-csrf-token'] as string | undefined),
  })
  await app.register(rateLimit, { global: false })
  // 6. Views and per-request context (actor, sign-in requirement, CSRF check, partnership).
  registerViews(app)
  registerContext(app, services)
  // 7. OpenAPI document, then the modules.
  await registerOpenApi(app)
  await registerModules(app, services, config)
  return app
}

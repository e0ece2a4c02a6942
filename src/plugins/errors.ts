import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  preValidationHookHandler,
  RouteOptions,
} from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import {
  AppError,
  badRequest,
  isAppError,
  notFound,
  rateLimited,
  tooLarge,
  validationError,
} from '../errors.ts'
import { isApi } from './context.ts'

/** Map framework errors (validation, CSRF, limits) to our typed errors with stable ids. */
function normalise(err: FastifyError, uploadLimitBytes: number, api: boolean): AppError {
  if (isAppError(err)) return err
  // A page whose address does not parse is a page that does not exist.
  if (!api && err.validation && err.validationContext === 'params') return notFound()
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields: Record<string, string> = {}
    for (const v of err.validation) {
      const where =
        v.instancePath.replace(/^\//, '').replace(/\//g, '.') ||
        (v.params as { issue?: { path?: unknown[] } }).issue?.path?.join('.') ||
        '_body'
      fields[where] ??= v.message ?? 'Invalid value'
    }
    return validationError(fields)
  }
  if (err.validation) {
    const fields: Record<string, string> = {}
    for (const v of err.validation)
      fields[v.instancePath.replace(/^\//, '') || '_body'] = v.message ?? 'Invalid'
    return validationError(fields)
  }
  const fromDb = databaseInputError(err)
  if (fromDb) return fromDb
  const code = err.code ?? ''
  if (code.startsWith('FST_CSRF') || code === 'FST_INVALID_CSRF_TOKEN')
    return new AppError(
      'csrf_invalid',
      403,
      'The form has expired or was sent from somewhere else. Go back, reload the page and try again.',
    )
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413)
    return tooLarge(
      `The file is too large: the limit is ${Math.round(uploadLimitBytes / 1024 / 1024)} MB. Use the command line import for larger files.`,
    )
  if (err.statusCode === 429) return rateLimited()
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415)
    return new AppError('unsupported_media_type', 415, 'That content type is not supported')
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return new AppError('bad_request', 400, 'The request body is not valid JSON')
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
    return new AppError('bad_request', err.statusCode, err.message)
  return new AppError('internal_error', 500, 'Sorry, there is a problem with the service')
}

export function sendError(request: FastifyRequest, reply: FastifyReply, e: AppError) {
  if (isApi(request)) {
    return reply.status(e.status).send({
      error: {
        id: e.id,
        message: e.message,
        fields: e.fields ?? {},
        ...(e.details ? { details: e.details } : {}),
      },
    })
  }
  if (e.status === 401) return reply.redirect('/sign-in')
  const template =
    e.status === 404
      ? 'errors/404.njk'
      : e.status === 403
        ? 'errors/403.njk'
        : e.status >= 500
          ? 'errors/500.njk'
          : 'errors/problem.njk'
  return reply.status(e.status).render(template, { error: e })
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's `:id`-like parameters are not uuids: it checks them itself. */
    freeParams?: boolean
  }
}

/**
 * The safety net behind {@link guardInput}: a value the database cannot take (a malformed uuid,
 * an out-of-range date or number, a NUL byte) is the request's fault, not the server's.
 */
export function databaseInputError(err: unknown): AppError | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    const code = typeof e.code === 'string' ? e.code : ''
    if (code === '22P02') return notFound()
    if (['22007', '22008', '22021', '22003', '22001', '54000'].includes(code))
      return badRequest('The request has a value that is out of range or not valid')
    e = e.cause as typeof e
  }
  return undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/
/** What a page's parameter must look like, by its name. */
function paramFormatOk(name: string, value: string): boolean {
  if (name === 'id' || name.endsWith('Id')) return UUID.test(value)
  if (name === 'number') return /^\d{1,9}$/.test(value)
  return true
}

/** The first string holding a NUL byte in a query or body, by its path (`q`, `rows.0.name`). */
function nulIn(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '_body' : undefined
  if (depth > 8 || value === null || typeof value !== 'object') return undefined
  for (const [k, v] of Object.entries(value)) {
    const found = nulIn(v, path ? `${path}.${k}` : k, depth + 1)
    if (found) return found
  }
  return undefined
}

const params = (request: FastifyRequest) => Object.entries((request.params ?? {}) as Record<string, string>)

/** Before anything reads them (the partnership is looked up by its slug): no control characters. */
const checkParams: onRequestHookHandler = (request, _reply, done) => {
  for (const [, value] of params(request))
    if (value.length > 200 || CONTROL.test(value)) return done(notFound())
  done()
}

/**
 * Once the actor is known (anonymous people are sent to sign in, a role without access is
 * refused, as for any id): a page's `:id` must be a uuid and `:number` a number, and the query and
 * body hold no NUL byte. The API checks its parameters with its own schemas (422).
 */
const checkText: preValidationHookHandler = (request, _reply, done) => {
  const free = isApi(request) || request.routeOptions.config?.freeParams === true
  if (!free)
    for (const [name, value] of params(request)) if (!paramFormatOk(name, value)) return done(notFound())
  for (const [part, value] of [
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const field = nulIn(value)
    if (field)
      return done(
        badRequest(`The ${part === 'query' ? 'address' : 'request'} has a NUL character in ${field}`, {
          [field]: 'Must not contain a NUL character',
        }),
      )
  }
  done()
}

/** The route's own hooks (one, several or none), then ours. */
const withHook = (existing: unknown, hook: unknown): unknown[] =>
  existing === undefined ? [hook] : [...[existing].flat(), hook]

/**
 * Every route, pages and API alike, refuses what it could not mean before anything reads it:
 * a parameter with control characters or longer than any id (404), a page's `:id` that is not a
 * uuid (404, as another partnership's would be), a NUL byte anywhere in the query or body (400,
 * naming the field). Registered before the routes, so it reaches every one of them; the route's
 * own hooks run after the app's, so the format checks come after sign-in and the route's policy.
 */
export function guardInput(app: FastifyInstance) {
  app.addHook('onRoute', (route: RouteOptions) => {
    route.onRequest = withHook(route.onRequest, checkParams) as RouteOptions['onRequest']
    route.preValidation = withHook(route.preValidation, checkText) as RouteOptions['preValidation']
  })
}

/** One error page and one JSON error shape; no stack traces leave the server. */
export function registerErrors(app: FastifyInstance, uploadLimitBytes: number) {
  guardInput(app)
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const e = normalise(err, uploadLimitBytes, isApi(request))
    if (e.status >= 500) request.log.error({ err }, 'request failed')
    else request.log.info({ errorId: e.id, status: e.status }, e.message)
    return sendError(request, reply, e)
  })
  app.setNotFoundHandler((request, reply) => sendError(request, reply, notFound()))
}

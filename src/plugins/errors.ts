import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError, isAppError, notFound, rateLimited, tooLarge, validationError } from '../errors.ts'
import { isApi } from './context.ts'

/** Map framework errors (validation, CSRF, limits) to our typed errors with stable ids. */
function normalise(err: FastifyError, uploadLimitBytes: number): AppError {
  if (isAppError(err)) return err
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

/** One error page and one JSON error shape; no stack traces leave the server. */
export async function registerErrors(app: FastifyInstance, uploadLimitBytes: number) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const e = normalise(err, uploadLimitBytes)
    if (e.status >= 500) request.log.error({ err }, 'request failed')
    else request.log.info({ errorId: e.id, status: e.status }, e.message)
    return sendError(request, reply, e)
  })
  app.setNotFoundHandler((request, reply) => sendError(request, reply, notFound()))
}

/**
 * Errors with stable ids, rendered once by the error plugin: a GOV.UK page for people,
 * `{ error: { id, message, fields } }` for machines.
 */
export type FieldErrors = Record<string, string>

export class AppError extends Error {
  constructor(
    readonly id: string,
    readonly status: number,
    message: string,
    readonly fields?: FieldErrors,
    readonly details?: string[],
  ) {
    super(message)
  }
}

export const notFound = (what = 'Page') => new AppError('not_found', 404, `${what} not found`)
export const forbidden = (message = 'You do not have permission to do that') =>
  new AppError('forbidden', 403, message)
export const unauthorized = (message = 'Sign in to continue') => new AppError('unauthorized', 401, message)
export const validationError = (fields: FieldErrors, message = 'There is a problem with what was sent') =>
  new AppError('validation_failed', 422, message, fields)
export const conflict = (message: string, fields?: FieldErrors) =>
  new AppError('conflict', 409, message, fields)
export const badRequest = (message: string, fields?: FieldErrors) =>
  new AppError('bad_request', 400, message, fields)
export const tooLarge = (message: string) => new AppError('payload_too_large', 413, message)
/** An import failed: every problem listed as `Sheet!row column: message`; nothing was written. */
export const importFailed = (problems: string[]) =>
  new AppError(
    'import_failed',
    422,
    `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported`,
    undefined,
    problems,
  )
export const rateLimited = (message = 'Too many attempts. Wait a minute and try again') =>
  new AppError('rate_limited', 429, message)

export const isAppError = (e: unknown): e is AppError => e instanceof AppError

import type { z } from 'zod'
import type { FieldErrors } from '../errors.ts'

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

/** Validate a submitted form against its zod schema; first message per field, GOV.UK style. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {})
  if (result.success) return { ok: true, data: result.data }
  return { ok: false, errors: zodFieldErrors(result.error) }
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form'
    errors[key] ??= issue.message
  }
  return errors
}

/** Items for govukErrorSummary, each linking to its field. */
export function errorList(errors: FieldErrors | undefined) {
  if (!errors) return []
  return Object.entries(errors).map(([field, text]) => ({
    text,
    href: field === '_form' ? '#main-content' : `#${field}`,
  }))
}

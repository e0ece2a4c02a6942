import type { z } from 'zod'
import { validationError } from '../../errors.ts'
import { zodFieldErrors } from '../../lib/forms.ts'

/**
 * Parse a use-case's input against its schema, or refuse it (422) naming each field: the money
 * services take what a form, the API or a sheet sent, so every door checks the same way.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {})
  if (!result.success) throw validationError(zodFieldErrors(result.error))
  return result.data
}

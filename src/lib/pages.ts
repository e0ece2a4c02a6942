import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import { isAppError, type FieldErrors } from '../errors.ts'
import { parseForm } from './forms.ts'

type Invalid = (errors: FieldErrors) => FastifyReply | Promise<FastifyReply>

/** Run a use-case; a field error (validation, conflict) re-renders the page instead of the error page. */
export async function orShowErrors(
  reply: FastifyReply,
  run: () => Promise<FastifyReply>,
  invalid: Invalid,
): Promise<FastifyReply> {
  try {
    return await run()
  } catch (e) {
    if (isAppError(e) && e.fields && Object.keys(e.fields).length) {
      reply.status(e.status)
      return invalid(e.fields)
    }
    throw e
  }
}

/**
 * The GOV.UK form round trip: validate with the form's zod schema, run the use-case, and on any
 * field error re-render the form (422) with the error summary and what the user typed.
 */
export async function submitForm<S extends z.ZodType>(
  reply: FastifyReply,
  opts: { schema: S; body: unknown; invalid: Invalid; valid: (data: z.output<S>) => Promise<FastifyReply> },
): Promise<FastifyReply> {
  const form = parseForm(opts.schema, opts.body)
  if (!form.ok) {
    reply.status(422)
    return opts.invalid(form.errors)
  }
  return orShowErrors(reply, () => opts.valid(form.data), opts.invalid)
}

/**
 * Route parameters of pages, validated by the route's schema like the API's
 * (`schema: { params: idParams }` with `withTypeProvider<ZodTypeProvider>()`). A page answers a
 * malformed parameter with 404, as it would another partnership's id (src/plugins/errors.ts).
 */
export const slugParams = z.object({ slug: z.string().min(1) })
export const idParams = slugParams.extend({ id: z.uuid() })

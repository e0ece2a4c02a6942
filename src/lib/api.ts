import type { FastifySchemaCompiler } from 'fastify'
import { validatorCompiler } from 'fastify-type-provider-zod'
import { z } from 'zod'

export const errorDoc = z
  .object({
    error: z.object({
      id: z.string().describe('Stable error id, e.g. not_found, validation_failed, forbidden'),
      message: z.string(),
      fields: z.record(z.string(), z.string()).describe('Field (or `Sheet!row column`) → message'),
      details: z.array(z.string()).optional(),
    }),
  })
  .describe('Error')

export const errorResponses = {
  401: errorDoc,
  403: errorDoc,
  404: errorDoc,
  422: errorDoc,
} as const

export const slugParams = z.object({ slug: z.string() })
export const slugIdParams = z.object({ slug: z.string(), id: z.uuid() })

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) })
export const one = <T extends z.ZodType>(item: T) => z.object({ data: item })

export const includeArchivedQuery = z.object({
  includeArchived: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
})

type ValidationIssue = {
  keyword: string
  instancePath: string
  message?: string
  params: Record<string, unknown>
}

/**
 * The API's validator: the zod type provider's, with every JSON body object strict. A field the
 * route does not take (a misspelt or undocumented `parentSlug`) is refused with 422 naming it,
 * never silently dropped. Forms are parsed by the pages themselves (`parseForm`), not by route
 * schemas, so their extra fields (`_csrf`, buttons) are untouched.
 */
export const strictValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const schema = route.httpPart === 'body' ? strictBody(route.schema) : route.schema
  const validate = validatorCompiler({ ...route, schema })
  return (data) => {
    const result = validate(data) as { error?: ValidationIssue[]; value?: unknown }
    if (!result.error) return result as never
    return {
      error: result.error.flatMap((issue) =>
        issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)
          ? (issue.params.keys as string[]).map((key) => ({
              ...issue,
              instancePath: `${issue.instancePath === '/' ? '' : issue.instancePath}/${key}`,
              message: `Unknown field: ${key} is not one of this request’s fields`,
            }))
          : [issue],
      ),
    } as never
  }
}

/**
 * An `onRoute` hook making a route's body schema strict where it is declared, so the OpenAPI
 * document says so too (`additionalProperties: false`); the validator does it again regardless.
 */
export function strictRouteBody(route: { schema?: { body?: unknown } }) {
  if (route.schema?.body instanceof z.ZodType) route.schema.body = strictBody(route.schema.body)
}

/** An object body, and the objects of an array body, made strict (other shapes as they are). */
function strictBody(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) return schema.strict()
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodObject)
    return z.array(schema.element.strict())
  return schema
}

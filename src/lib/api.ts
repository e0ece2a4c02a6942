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

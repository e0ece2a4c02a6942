import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'

/** OpenAPI 3.1 generated from the API routes' zod schemas; only tagged (API) routes appear. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Goldthread API',
        version: '1',
        description:
          'JSON API for a Local Strategic Partnership’s performance data. Authenticate with a bearer token ' +
          'created on your account page or with `goldthread tokens create`. Errors are returned as ' +
          '`{ "error": { "id", "message", "fields" } }`.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A Goldthread API token (gt_…)' },
        },
      },
      security: [{ bearer: [] }],
    },
    hideUntagged: true,
    transform: jsonSchemaTransform,
  })
}

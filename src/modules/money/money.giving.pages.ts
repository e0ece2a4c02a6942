import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { yearQuery } from './money.allocations.api.ts'
import { givingGrants } from './money.giving.export.ts'
import { givingCsv, givingJson } from './money.giving.ts'
import { moneyPolicy } from './money.policy.ts'

/** The allocations in the 360Giving Data Standard, to download (CSV or JSON; one year with `?year=`). */
export function givingPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  for (const format of ['csv', 'json'] as const)
    app.get(
      `/p/:slug/money/360giving.${format}`,
      {
        schema: { params: slugParams, querystring: z.object({ year: z.string().optional() }) },
        config: { policy: moneyPolicy.read },
      },
      async (request, reply) => {
        const year = yearQuery(request.query.year || undefined)
        const grants = await givingGrants(services, request.actor, request.partnership, { year })
        const name = `${request.partnership.slug}-360giving${year ? `-${year.replace('/', '-')}` : ''}`
        return reply
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.${format}"`)
          .send(format === 'csv' ? givingCsv(grants) : JSON.stringify(givingJson(grants), null, 2))
      },
    )
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { descriptors } from './risks.presenter.ts'
import { riskPolicy } from './risks.policy.ts'
import { bandOf, scoreBands } from './risks.schema.ts'

/** The 5 × 5 heat map of open risks: registered from riskPages. */
export function riskHeatMapPages(fastify: FastifyInstance, { risks }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const page = { params: slugParams }

  app.get(
    '/p/:slug/risks/heat-map',
    { schema: page, config: { policy: riskPolicy.read } },
    async (request, reply) => {
      const map = await risks.heatMap(request.actor, request.partnership.id)
      const rows = descriptors.likelihood
        .slice()
        .reverse()
        .map((l) => ({
          likelihood: l,
          cells: map.cells
            .filter((c) => c.likelihood === l.value)
            .map((c) => ({ ...c, band: bandOf(c.score) })),
        }))
      return reply.render('risks/views/heat-map.njk', {
        title: 'Risk heat map',
        rows,
        impact: descriptors.impact,
        total: map.total,
        bands: scoreBands,
      })
    },
  )
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Services } from '../../services.ts'
import { periodLabel } from '../agreements/agreements.schema.ts'
import { targetPolicy } from './targets.policy.ts'
import {
  coverageQuery,
  targetKinds,
  targetKindShort,
  targetStatusLabels,
  targetStatuses,
} from './targets.schema.ts'

export function coveragePages(fastify: FastifyInstance, { agreements, targets }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/p/:slug/coverage',
    { schema: { querystring: coverageQuery }, config: { policy: targetPolicy.read } },
    async (request, reply) => {
      const p = request.partnership
      const wanted = request.query.agreement
      const list = await agreements.list(request.actor, p.id)
      const agreement = (wanted ? list.find((a) => a.id === wanted) : undefined) ?? list[0]
      if (!agreement)
        return reply.render('targets/views/coverage.njk', {
          title: 'Coverage',
          agreement: null,
          agreements: [],
        })
      const coverage = await targets.coverage(request.actor, p.id, agreement.id)
      return reply.render('targets/views/coverage.njk', {
        title: `Coverage of ${agreement.name}`,
        agreement,
        period: periodLabel(agreement),
        agreementItems: list.map((a) => ({
          value: a.id,
          text: `${a.name} (${periodLabel(a)})`,
          selected: a.id === agreement.id,
        })),
        c: coverage,
        kinds: targetKinds,
        statuses: targetStatuses,
        kindLabels: targetKindShort,
        statusLabels: targetStatusLabels,
      })
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

import type { FastifyInstance } from 'fastify'
import { isUuid } from '../../lib/fields.ts'
import type { Services } from '../../services.ts'
import { periodLabel } from '../agreements/agreements.schema.ts'
import { targetPolicy } from './targets.policy.ts'
import { targetKinds, targetKindShort, targetStatusLabels, targetStatuses } from './targets.schema.ts'

export async function coveragePages(app: FastifyInstance, { agreements, targets }: Services) {
  app.get('/p/:slug/coverage', { config: { policy: targetPolicy.read } }, async (request, reply) => {
    const p = request.partnershipContext!.partnership
    const wanted = (request.query as { agreement?: string }).agreement
    const list = await agreements.list(request.actor, p.id)
    const agreement = (wanted && isUuid(wanted) ? list.find((a) => a.id === wanted) : undefined) ?? list[0]
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
  })
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { allocationPages } from './money.allocations.pages.ts'
import { moneyPolicy } from './money.policy.ts'
import { protocolPages } from './money.protocol.pages.ts'
import { streamPages } from './money.streams.pages.ts'

/** Funding streams, budgets, allocations and the financial protocol. */
export async function fundingPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/p/:slug/money',
    { schema: { params: slugParams }, config: { policy: moneyPolicy.read } },
    (request, reply) => reply.redirect(`/p/${request.partnership.slug}/money/streams`),
  )
  await streamPages(fastify, services)
  await allocationPages(fastify, services)
  await protocolPages(fastify, services)
}

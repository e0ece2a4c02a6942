import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { partnershipPolicy } from '../partnerships/partnerships.policy.ts'
import { partnershipKindLabels } from '../partnerships/partnerships.schema.ts'
import { isRole } from '../auth/roles.ts'
import { presentHome } from './home.presenter.ts'

/** The partnership's home page: what needs the signed-in person now. */
export function homePages(fastify: FastifyInstance, { home, renderCache }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/p/:slug',
    { schema: { params: slugParams }, config: { policy: partnershipPolicy.read } },
    // Answered from the render cache while the partnership's data is unchanged (src/lib/render-cache.ts).
    (request, reply) =>
      renderCache.page(request, reply, async () => {
        const { partnership, role } = request.partnershipContext!
        const view = await home.forActor(request.actor, partnership, role && isRole(role) ? role : null)
        return reply.render('home/views/home.njk', {
          title: partnership.name,
          home: presentHome(view, partnership.name),
          kindLabel:
            partnershipKindLabels[partnership.kind as keyof typeof partnershipKindLabels] ?? partnership.kind,
          role,
          canEdit: partnershipPolicy.update(request.actor, partnership.id),
        })
      }),
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

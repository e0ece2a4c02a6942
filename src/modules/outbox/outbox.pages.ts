import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { authorize } from '../auth/policy.ts'
import { outboxPolicy } from './outbox.policy.ts'

export function outboxPages(fastify: FastifyInstance, { outbox, rounds }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()

  app.get(
    '/p/:slug/outbox',
    { schema: { params: slugParams }, config: { policy: outboxPolicy.read } },
    async (request, reply) =>
      reply.render('outbox/views/index.njk', {
        title: 'Outbox',
        messages: await outbox.list(request.actor, request.partnership.id),
        mailConfigured: outbox.mailConfigured,
      }),
  )

  /** Run the reminder check for this partnership now, rather than waiting for the hourly run. */
  app.post(
    '/p/:slug/outbox/reminders',
    { schema: { params: slugParams }, config: { policy: outboxPolicy.read } },
    async (request, reply) => {
      const p = request.partnership
      authorize(outboxPolicy.read, request.actor, p.id)
      // "Now" is the rounds service's clock.
      const r = await rounds.sendDueReminders(undefined, { partnershipId: p.id })
      request.flash(
        'success',
        r.recorded
          ? `${r.recorded} reminder${r.recorded === 1 ? '' : 's'} recorded${outbox.mailConfigured ? ` and ${r.sent} sent` : ''}`
          : 'No reminders are due: each is sent once, before the due date and when overdue',
      )
      return reply.redirect(`/p/${p.slug}/outbox`)
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

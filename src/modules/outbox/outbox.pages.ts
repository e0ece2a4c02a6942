import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Services } from '../../services.ts'
import { authorize } from '../auth/policy.ts'
import { outboxPolicy } from './outbox.service.ts'

export async function outboxPages(app: FastifyInstance, { outbox, rounds }: Services) {
  const p = (request: FastifyRequest) => request.partnershipContext!.partnership

  app.get('/p/:slug/outbox', { config: { policy: outboxPolicy.read } }, async (request, reply) =>
    reply.render('outbox/views/index.njk', {
      title: 'Outbox',
      messages: await outbox.list(request.actor, p(request).id),
      mailConfigured: outbox.mailConfigured,
    }),
  )

  /** Run the reminder check for this partnership now, rather than waiting for the hourly run. */
  app.post('/p/:slug/outbox/reminders', { config: { policy: outboxPolicy.read } }, async (request, reply) => {
    authorize(outboxPolicy.read, request.actor, p(request).id)
    const r = await rounds.sendDueReminders(new Date(), { partnershipId: p(request).id })
    request.flash(
      'success',
      r.recorded
        ? `${r.recorded} reminder${r.recorded === 1 ? '' : 's'} recorded${outbox.mailConfigured ? ` and ${r.sent} sent` : ''}`
        : 'No reminders are due: each is sent once, before the due date and when overdue',
    )
    return reply.redirect(`/p/${p(request).slug}/outbox`)
  })
}

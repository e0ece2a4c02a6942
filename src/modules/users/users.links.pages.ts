import type { FastifyInstance } from 'fastify'
import { notFound } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import { orShowErrors } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { ukWhen } from '../auth/sign-in-links.service.ts'
import { signInLinkPolicy } from './users.policy.ts'

/** "Send a link to set a password", from a member's page. */
export async function userLinkPages(app: FastifyInstance, { users, signInLinks }: Services) {
  app.post(
    '/p/:slug/users/:id/sign-in-link',
    { config: { policy: signInLinkPolicy.send } },
    async (request, reply) => {
      const partnership = request.partnershipContext!.partnership
      const { id } = request.params as { id: string }
      if (!isUuid(id)) throw notFound('User')
      const member = await users.getMember(request.actor, partnership.id, id)
      return orShowErrors(
        reply,
        async () => {
          const sent = await signInLinks.sendToMember(request.actor, partnership.id, id)
          return reply.render('users/views/link-sent.njk', {
            title:
              sent.delivery === 'emailed' ? `Link sent to ${member.name}` : `Link created for ${member.name}`,
            member,
            sent,
            until: ukWhen(sent.expiresAt),
          })
        },
        (errors) =>
          reply.render('users/views/show.njk', {
            title: member.name,
            member,
            isSelf: member.userId === request.actor.userId,
            errors,
          }),
      )
    },
  )
}

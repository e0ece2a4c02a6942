import type { FastifyInstance, FastifyRequest } from 'fastify'
import { notFound } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import type { Services } from '../../services.ts'
import { roleLabel } from '../auth/roles.ts'

/** The signed-in person's invitations: accept to become a member, or decline. */
export async function invitationPages(app: FastifyInstance, { invitations }: Services) {
  const idOf = (request: FastifyRequest) => {
    const { id } = request.params as { id: string }
    if (!isUuid(id)) throw notFound('Invitation')
    return id
  }

  app.get('/invitations', async (request, reply) =>
    reply.render('users/views/invitations.njk', {
      title: 'Invitations',
      invitations: await invitations.listMine(request.actor),
    }),
  )

  app.post('/invitations/:id/accept', async (request, reply) => {
    const { invitation } = await invitations.accept(request.actor, idOf(request))
    request.flash('success', `You have joined ${invitation.partnershipName} as ${roleLabel(invitation.role)}`)
    return reply.redirect(`/p/${invitation.partnershipSlug}`)
  })

  app.post('/invitations/:id/decline', async (request, reply) => {
    const invitation = await invitations.decline(request.actor, idOf(request))
    request.flash('success', `You have declined the invitation to join ${invitation.partnershipName}`)
    return reply.redirect('/invitations')
  })
}

import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Services } from '../../services.ts'
import { roleLabel } from '../auth/roles.ts'
import { invitationParams } from './users.schema.ts'

/** The signed-in person's invitations: accept to become a member, or decline. */
export function invitationPages(fastify: FastifyInstance, { invitations }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()

  app.get('/invitations', async (request, reply) =>
    reply.render('users/views/invitations.njk', {
      title: 'Invitations',
      invitations: await invitations.listMine(request.actor),
    }),
  )

  app.post('/invitations/:id/accept', { schema: { params: invitationParams } }, async (request, reply) => {
    const { invitation } = await invitations.accept(request.actor, request.params.id)
    request.flash('success', `You have joined ${invitation.partnershipName} as ${roleLabel(invitation.role)}`)
    return reply.redirect(`/p/${invitation.partnershipSlug}`)
  })

  app.post('/invitations/:id/decline', { schema: { params: invitationParams } }, async (request, reply) => {
    const invitation = await invitations.decline(request.actor, request.params.id)
    request.flash('success', `You have declined the invitation to join ${invitation.partnershipName}`)
    return reply.redirect('/invitations')
  })
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

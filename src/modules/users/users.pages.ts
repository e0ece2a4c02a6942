import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { ROLES, roleLabel, roleNames } from '../auth/roles.ts'
import { invitationPages } from './invitations.pages.ts'
import type { MemberRow } from './users.service.ts'
import { memberPolicy } from './users.policy.ts'
import { memberInput, memberUpdate, roleDescriptions } from './users.schema.ts'

type FormValues = Record<string, unknown>

const roleItems = (selected?: unknown) =>
  roleNames.map((r) => ({
    value: r,
    text: ROLES[r],
    hint: { text: roleDescriptions[r] },
    checked: r === selected,
  }))

export function userPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { users, organisations, invitations } = services
  const base = '/p/:slug/users'
  const listUrl = (request: FastifyRequest) => `/p/${request.partnership.slug}/users`

  async function organisationItems(request: FastifyRequest, selected: unknown) {
    const orgs = await organisations.list(request.actor, request.partnership.id)
    return [
      { value: '', text: 'None' },
      ...orgs.map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
    ]
  }

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormValues,
    errors?: FieldErrors,
  ) {
    return reply.render('users/views/new.njk', {
      title: 'Invite a user',
      values,
      errors,
      roleItems: roleItems(values.role),
      organisationItems: await organisationItems(request, values.organisationId),
    })
  }

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    member: MemberRow,
    values: FormValues,
    errors?: FieldErrors,
  ) {
    return reply.render('users/views/edit.njk', {
      title: `Change ${member.name}’s role`,
      member,
      values,
      errors,
      roleItems: roleItems(values.role),
      organisationItems: await organisationItems(request, values.organisationId),
    })
  }

  const renderShow = (
    request: FastifyRequest,
    reply: FastifyReply,
    member: MemberRow,
    errors?: FieldErrors,
  ) =>
    reply.render('users/views/show.njk', {
      title: member.name,
      member,
      isSelf: member.userId === request.actor.userId,
      errors,
    })

  app.get(
    base,
    { schema: { params: slugParams }, config: { policy: memberPolicy.read } },
    async (request, reply) => {
      const p = request.partnership
      return reply.render('users/views/index.njk', {
        title: 'Users',
        members: await users.listMembers(request.actor, p.id),
        invitations: await invitations.listPending(request.actor, p.id),
        selfId: request.actor.userId,
      })
    },
  )

  app.get(
    `${base}/new`,
    { schema: { params: slugParams }, config: { policy: memberPolicy.create } },
    async (request, reply) => renderNew(request, reply, {}),
  )

  app.post(
    base,
    { schema: { params: slugParams }, config: { policy: memberPolicy.create } },
    async (request, reply) => {
      return submitForm(reply, {
        schema: memberInput,
        body: request.body,
        invalid: (errors) => renderNew(request, reply, request.body as FormValues, errors),
        valid: async (input) => {
          // The same answer whether or not the address has an account (see invitations.service).
          await invitations.invite(request.actor, request.partnership.id, input)
          request.flash(
            'success',
            `${input.email} has been invited to join as ${roleLabel(input.role)}. They get the role when they sign in and accept`,
          )
          return reply.redirect(listUrl(request))
        },
      })
    },
  )

  app.post(
    `${base}/invitations/:id/withdraw`,
    { schema: { params: idParams }, config: { policy: memberPolicy.archive } },
    async (request, reply) => {
      const row = await invitations.withdraw(request.actor, request.partnership.id, request.params.id)
      request.flash('success', `The invitation to ${row.email} has been withdrawn`)
      return reply.redirect(listUrl(request))
    },
  )

  app.get(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: memberPolicy.read } },
    async (request, reply) =>
      renderShow(
        request,
        reply,
        await users.getMember(request.actor, request.partnership.id, request.params.id),
      ),
  )

  app.get(
    `${base}/:id/edit`,
    { schema: { params: idParams }, config: { policy: memberPolicy.update } },
    async (request, reply) => {
      const member = await users.getMember(request.actor, request.partnership.id, request.params.id)
      return renderEdit(request, reply, member, member)
    },
  )

  app.post(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: memberPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const member = await users.getMember(request.actor, request.partnership.id, id)
      return submitForm(reply, {
        schema: memberUpdate,
        body: request.body,
        invalid: (errors) => renderEdit(request, reply, member, request.body as FormValues, errors),
        valid: async (input) => {
          const row = await users.updateMember(request.actor, request.partnership.id, id, input)
          request.flash('success', `${row.name} is now ${roleLabel(row.role)}`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    `${base}/:id/remove`,
    { schema: { params: idParams }, config: { policy: memberPolicy.archive } },
    async (request, reply) => {
      const { id } = request.params
      const member = await users.getMember(request.actor, request.partnership.id, id)
      return orShowErrors(
        reply,
        async () => {
          await users.removeMember(request.actor, request.partnership.id, id)
          request.flash('success', `${member.name} can no longer sign in to ${request.partnership.name}`)
          return reply.redirect(listUrl(request))
        },
        (errors) => renderShow(request, reply, member, errors),
      )
    },
  )

  return invitationPages(fastify, services)
}

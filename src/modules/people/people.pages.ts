import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { personPolicy } from './people.policy.ts'
import type { PersonWithOrg } from './people.service.ts'
import { personInput } from './people.schema.ts'

type FormValues = Record<string, unknown>

export function peoplePages(fastify: FastifyInstance, { people, organisations }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/p/:slug/people'
  const listUrl = (request: FastifyRequest) => `/p/${request.partnership.slug}/people`

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { person?: PersonWithOrg; values: FormValues; errors?: FieldErrors },
  ) {
    const orgs = await organisations.list(request.actor, request.partnership.id)
    const selected = locals.values.organisationId
    return reply.render('people/views/form.njk', {
      title: locals.person ? `Change ${locals.person.name}` : 'Add a person',
      organisationItems: [
        { value: '', text: 'None' },
        ...orgs.map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
      ],
      ...locals,
    })
  }

  const renderShow = (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonWithOrg,
    errors?: FieldErrors,
  ) =>
    reply.render('people/views/show.njk', {
      title: person.name,
      person,
      canEdit: personPolicy.update(request.actor, request.partnership.id) && !person.archivedAt,
      errors,
    })

  app.get(
    base,
    { schema: { params: slugParams }, config: { policy: personPolicy.read } },
    async (request, reply) => {
      const p = request.partnership
      return reply.render('people/views/index.njk', {
        title: 'People',
        people: await people.list(request.actor, p.id),
        canEdit: personPolicy.create(request.actor, p.id),
      })
    },
  )

  app.get(
    `${base}/new`,
    { schema: { params: slugParams }, config: { policy: personPolicy.create } },
    async (request, reply) => renderForm(request, reply, { values: {} }),
  )

  app.post(
    base,
    { schema: { params: slugParams }, config: { policy: personPolicy.create } },
    async (request, reply) => {
      return submitForm(reply, {
        schema: personInput,
        body: request.body,
        invalid: (errors) => renderForm(request, reply, { values: request.body as FormValues, errors }),
        valid: async (input) => {
          const row = await people.create(request.actor, request.partnership.id, input)
          request.flash('success', `${row.name} has been added`)
          return reply.redirect(listUrl(request))
        },
      })
    },
  )

  app.get(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: personPolicy.read } },
    async (request, reply) =>
      renderShow(request, reply, await people.get(request.actor, request.partnership.id, request.params.id)),
  )

  app.get(
    `${base}/:id/edit`,
    { schema: { params: idParams }, config: { policy: personPolicy.update } },
    async (request, reply) => {
      const person = await people.get(request.actor, request.partnership.id, request.params.id)
      return renderForm(request, reply, { person, values: person })
    },
  )

  app.post(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: personPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const person = await people.get(request.actor, request.partnership.id, id)
      return submitForm(reply, {
        schema: personInput,
        body: request.body,
        invalid: (errors) =>
          renderForm(request, reply, { person, values: request.body as FormValues, errors }),
        valid: async (input) => {
          const row = await people.update(request.actor, request.partnership.id, id, input)
          request.flash('success', `${row.name} has been updated`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    `${base}/:id/archive`,
    { schema: { params: idParams }, config: { policy: personPolicy.archive } },
    async (request, reply) => {
      const { id } = request.params
      const person = await people.get(request.actor, request.partnership.id, id)
      return orShowErrors(
        reply,
        async () => {
          await people.archive(request.actor, request.partnership.id, id)
          request.flash('success', `${person.name} has been archived`)
          return reply.redirect(listUrl(request))
        },
        (errors) => renderShow(request, reply, person, errors),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

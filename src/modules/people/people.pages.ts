import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { notFound, type FieldErrors } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import { orShowErrors, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { personPolicy } from './people.policy.ts'
import type { PersonWithOrg } from './people.queries.ts'
import { personInput } from './people.schema.ts'

type FormValues = Record<string, unknown>

export async function peoplePages(app: FastifyInstance, { people, organisations }: Services) {
  const base = '/p/:slug/people'
  const ctx = (request: FastifyRequest) => request.partnershipContext!.partnership
  const listUrl = (request: FastifyRequest) => `/p/${ctx(request).slug}/people`
  /** A malformed id is a page that does not exist, not a database error. */
  const idOf = (request: FastifyRequest) => {
    const { id } = request.params as { id: string }
    if (!isUuid(id)) throw notFound('Person')
    return id
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    locals: { person?: PersonWithOrg; values: FormValues; errors?: FieldErrors },
  ) {
    const orgs = await organisations.list(request.actor, ctx(request).id)
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
      canEdit: personPolicy.update(request.actor, ctx(request).id) && !person.archivedAt,
      errors,
    })

  app.get(base, { config: { policy: personPolicy.read } }, async (request, reply) => {
    const p = ctx(request)
    return reply.render('people/views/index.njk', {
      title: 'People',
      people: await people.list(request.actor, p.id),
      canEdit: personPolicy.create(request.actor, p.id),
    })
  })

  app.get(`${base}/new`, { config: { policy: personPolicy.create } }, async (request, reply) =>
    renderForm(request, reply, { values: {} }),
  )

  app.post(base, { config: { policy: personPolicy.create } }, async (request, reply) => {
    return submitForm(reply, {
      schema: personInput,
      body: request.body,
      invalid: (errors) => renderForm(request, reply, { values: request.body as FormValues, errors }),
      valid: async (input) => {
        const row = await people.create(request.actor, ctx(request).id, input)
        request.flash('success', `${row.name} has been added`)
        return reply.redirect(listUrl(request))
      },
    })
  })

  app.get(`${base}/:id`, { config: { policy: personPolicy.read } }, async (request, reply) =>
    renderShow(request, reply, await people.get(request.actor, ctx(request).id, idOf(request))),
  )

  app.get(`${base}/:id/edit`, { config: { policy: personPolicy.update } }, async (request, reply) => {
    const person = await people.get(request.actor, ctx(request).id, idOf(request))
    return renderForm(request, reply, { person, values: person })
  })

  app.post(`${base}/:id`, { config: { policy: personPolicy.update } }, async (request, reply) => {
    const id = idOf(request)
    const person = await people.get(request.actor, ctx(request).id, id)
    return submitForm(reply, {
      schema: personInput,
      body: request.body,
      invalid: (errors) => renderForm(request, reply, { person, values: request.body as FormValues, errors }),
      valid: async (input) => {
        const row = await people.update(request.actor, ctx(request).id, id, input)
        request.flash('success', `${row.name} has been updated`)
        return reply.redirect(`${listUrl(request)}/${id}`)
      },
    })
  })

  app.post(`${base}/:id/archive`, { config: { policy: personPolicy.archive } }, async (request, reply) => {
    const id = idOf(request)
    const person = await people.get(request.actor, ctx(request).id, id)
    return orShowErrors(
      reply,
      async () => {
        await people.archive(request.actor, ctx(request).id, id)
        request.flash('success', `${person.name} has been archived`)
        return reply.redirect(listUrl(request))
      },
      (errors) => renderShow(request, reply, person, errors),
    )
  })
}

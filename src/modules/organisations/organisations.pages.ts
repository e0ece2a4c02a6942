import type { FastifyInstance, FastifyRequest } from 'fastify'
import { submitForm, orShowErrors } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { organisationPolicy } from './organisations.policy.ts'
import { organisationInput, organisationTypeLabels, organisationTypes } from './organisations.schema.ts'

const typeItems = (selected?: string) => [
  { value: '', text: 'Choose a type' },
  ...organisationTypes.map((t) => ({ value: t, text: organisationTypeLabels[t], selected: t === selected })),
]

export async function organisationPages(app: FastifyInstance, { organisations }: Services) {
  const base = '/p/:slug/organisations'
  const ctx = (request: FastifyRequest) => request.partnershipContext!.partnership
  const listUrl = (request: FastifyRequest) => `/p/${ctx(request).slug}/organisations`

  app.get(base, { config: { policy: organisationPolicy.read } }, async (request, reply) => {
    const p = ctx(request)
    return reply.render('organisations/views/index.njk', {
      title: 'Partner organisations',
      organisations: await organisations.list(request.actor, p.id),
      typeLabels: organisationTypeLabels,
      canEdit: organisationPolicy.create(request.actor, p.id),
    })
  })

  app.get(`${base}/new`, { config: { policy: organisationPolicy.create } }, async (_request, reply) =>
    reply.render('organisations/views/form.njk', {
      title: 'Add an organisation',
      values: {},
      typeItems,
    }),
  )

  app.post(base, { config: { policy: organisationPolicy.create } }, async (request, reply) =>
    submitForm(reply, {
      schema: organisationInput,
      body: request.body,
      invalid: (errors) =>
        reply.render('organisations/views/form.njk', {
          title: 'Add an organisation',
          values: request.body,
          errors,
          typeItems,
        }),
      valid: async (input) => {
        const row = await organisations.create(request.actor, ctx(request).id, input)
        request.flash('success', `${row.name} has been added`)
        return reply.redirect(listUrl(request))
      },
    }),
  )

  app.get(`${base}/:id`, { config: { policy: organisationPolicy.read } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const p = ctx(request)
    const row = await organisations.get(request.actor, p.id, id)
    return reply.render('organisations/views/show.njk', {
      title: row.name,
      organisation: row,
      typeLabels: organisationTypeLabels,
      canEdit: organisationPolicy.update(request.actor, p.id) && !row.archivedAt,
    })
  })

  app.get(`${base}/:id/edit`, { config: { policy: organisationPolicy.update } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const row = await organisations.get(request.actor, ctx(request).id, id)
    return reply.render('organisations/views/form.njk', {
      title: `Change ${row.name}`,
      organisation: row,
      values: row,
      typeItems,
    })
  })

  app.post(`${base}/:id`, { config: { policy: organisationPolicy.update } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const row = await organisations.get(request.actor, ctx(request).id, id)
    return submitForm(reply, {
      schema: organisationInput,
      body: request.body,
      invalid: (errors) =>
        reply.render('organisations/views/form.njk', {
          title: `Change ${row.name}`,
          organisation: row,
          values: request.body,
          errors,
          typeItems,
        }),
      valid: async (input) => {
        const updated = await organisations.update(request.actor, ctx(request).id, id, input)
        request.flash('success', `${updated.name} has been updated`)
        return reply.redirect(`${listUrl(request)}/${id}`)
      },
    })
  })

  app.post(
    `${base}/:id/archive`,
    { config: { policy: organisationPolicy.archive } },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const row = await organisations.get(request.actor, ctx(request).id, id)
      return orShowErrors(
        reply,
        async () => {
          await organisations.archive(request.actor, ctx(request).id, id)
          request.flash('success', `${row.name} has been archived`)
          return reply.redirect(listUrl(request))
        },
        (errors) =>
          reply.render('organisations/views/show.njk', {
            title: row.name,
            organisation: row,
            typeLabels: organisationTypeLabels,
            errors,
          }),
      )
    },
  )
}

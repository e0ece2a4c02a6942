import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { idParams, orShowErrors, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { organisationPolicy } from './organisations.policy.ts'
import { organisationInput, organisationTypeLabels, organisationTypes } from './organisations.schema.ts'

const typeItems = (selected?: string) => [
  { value: '', text: 'Choose a type' },
  ...organisationTypes.map((t) => ({ value: t, text: organisationTypeLabels[t], selected: t === selected })),
]

export function organisationPages(fastify: FastifyInstance, { organisations }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/p/:slug/organisations'
  const listUrl = (request: FastifyRequest) => `/p/${request.partnership.slug}/organisations`

  app.get(base, { config: { policy: organisationPolicy.read } }, async (request, reply) => {
    const p = request.partnership
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
        const row = await organisations.create(request.actor, request.partnership.id, input)
        request.flash('success', `${row.name} has been added`)
        return reply.redirect(listUrl(request))
      },
    }),
  )

  app.get(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: organisationPolicy.read } },
    async (request, reply) => {
      const { id } = request.params
      const p = request.partnership
      const row = await organisations.get(request.actor, p.id, id)
      return reply.render('organisations/views/show.njk', {
        title: row.name,
        organisation: row,
        typeLabels: organisationTypeLabels,
        canEdit: organisationPolicy.update(request.actor, p.id) && !row.archivedAt,
      })
    },
  )

  app.get(
    `${base}/:id/edit`,
    { schema: { params: idParams }, config: { policy: organisationPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const row = await organisations.get(request.actor, request.partnership.id, id)
      return reply.render('organisations/views/form.njk', {
        title: `Change ${row.name}`,
        organisation: row,
        values: row,
        typeItems,
      })
    },
  )

  app.post(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: organisationPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const row = await organisations.get(request.actor, request.partnership.id, id)
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
          const updated = await organisations.update(request.actor, request.partnership.id, id, input)
          request.flash('success', `${updated.name} has been updated`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    `${base}/:id/archive`,
    { schema: { params: idParams }, config: { policy: organisationPolicy.archive } },
    async (request, reply) => {
      const { id } = request.params
      const row = await organisations.get(request.actor, request.partnership.id, id)
      return orShowErrors(
        reply,
        async () => {
          await organisations.archive(request.actor, request.partnership.id, id)
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
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

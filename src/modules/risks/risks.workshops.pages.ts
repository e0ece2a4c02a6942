import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { riskPolicy } from './risks.policy.ts'
import { workshopInput, workshopSourceInput } from './risks.schema.ts'

type Values = Record<string, unknown>

/** Risk assessment workshops and the partners' risks they drew on: registered from riskPages. */
export function riskWorkshopPages(fastify: FastifyInstance, { risks, organisations }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/risks`
  const page = { params: slugParams }
  const workshopSource = { params: idParams }

  app.get(
    '/p/:slug/risks/workshops',
    { schema: page, config: { policy: riskPolicy.read } },
    async (request, reply) =>
      reply.render('risks/views/workshops.njk', {
        title: 'Risk assessment workshops',
        workshops: await risks.workshops(request.actor, request.partnership.id),
        canEdit: riskPolicy.workshops(request.actor, request.partnership.id),
      }),
  )

  const renderWorkshopForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors?: FieldErrors,
  ) =>
    reply.render('risks/views/workshop-form.njk', {
      title: 'Record a risk assessment workshop',
      values,
      errors,
    })

  app.get(
    '/p/:slug/risks/workshops/new',
    { schema: page, config: { policy: riskPolicy.workshops } },
    async (request, reply) => renderWorkshopForm(request, reply, {}),
  )

  app.post(
    '/p/:slug/risks/workshops',
    { schema: page, config: { policy: riskPolicy.workshops } },
    async (request, reply) =>
      submitForm(reply, {
        schema: workshopInput,
        body: request.body,
        invalid: (errors) => renderWorkshopForm(request, reply, request.body as Values, errors),
        valid: async (input) => {
          const row = await risks.createWorkshop(request.actor, request.partnership.id, input)
          request.flash('success', `${row.title} has been recorded`)
          return reply.redirect(`${base(request)}/workshops/${row.id}`)
        },
      }),
  )

  async function renderWorkshop(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [workshop, orgs] = await Promise.all([
      risks.workshop(request.actor, pid, id),
      organisations.list(request.actor, pid),
    ])
    return reply.render('risks/views/workshop.njk', {
      title: workshop.title,
      workshop,
      values,
      errors,
      canEdit: riskPolicy.workshops(request.actor, pid),
      organisationItems: [
        { value: '', text: 'Not one partner' },
        ...orgs.map((o) => ({ value: o.id, text: o.name, selected: values.organisationId === o.id })),
      ],
    })
  }

  app.get(
    '/p/:slug/risks/workshops/:id',
    { schema: workshopSource, config: { policy: riskPolicy.read } },
    async (request, reply) => renderWorkshop(request, reply, request.params.id, {}),
  )

  app.post(
    '/p/:slug/risks/workshops/:id/sources',
    { schema: workshopSource, config: { policy: riskPolicy.workshops } },
    async (request, reply) => {
      const id = request.params.id
      // Unknown workshop: 404 before reading the form.
      await risks.workshop(request.actor, request.partnership.id, id)
      return submitForm(reply, {
        schema: workshopSourceInput,
        body: request.body,
        invalid: (errors) => renderWorkshop(request, reply, id, request.body as Values, errors),
        valid: async (input) => {
          await risks.addSource(request.actor, request.partnership.id, id, input)
          request.flash('success', 'The partner’s risk has been added')
          return reply.redirect(`${base(request)}/workshops/${id}`)
        },
      })
    },
  )
}

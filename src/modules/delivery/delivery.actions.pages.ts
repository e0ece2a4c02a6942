import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { deliveryPolicy } from './delivery.policy.ts'
import { actionInput, actionStatuses, actionStatusLabels, progressInput } from './delivery.schema.ts'
import { base, labels, selectItems, type Values } from './delivery.shared.pages.ts'

/** A plan's actions and milestones: add, change, remove, record progress; the overdue list. */
export function deliveryActionPages(fastify: FastifyInstance, services: Services): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { delivery, people, organisations } = services

  async function renderActionForm(
    request: FastifyRequest,
    reply: FastifyReply,
    planId: string,
    actionId: string | null,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [d, persons, orgs] = await Promise.all([
      delivery.get(request.actor, pid, planId),
      people.list(request.actor, pid),
      organisations.list(request.actor, pid),
    ])
    const chosen = new Set(
      Array.isArray(values.dependsOn)
        ? (values.dependsOn as string[])
        : typeof values.dependsOn === 'string'
          ? [values.dependsOn]
          : [],
    )
    return reply.render('delivery/views/action-form.njk', {
      title:
        actionId && typeof values.ref === 'string' ? `Change ${values.ref}` : 'Add an action or milestone',
      plan: d.plan,
      actionId,
      values,
      errors,
      ownerItems: selectItems(persons, values.ownerPersonId, 'No owner yet'),
      organisationItems: selectItems(orgs, values.organisationId, 'No organisation'),
      statusItems: actionStatuses.map((s) => ({
        value: s,
        text: actionStatusLabels[s],
        selected: (values.status ?? 'not-started') === s,
      })),
      dependsOnItems: d.actions
        .filter((a) => a.id !== actionId)
        .map((a) => ({ value: a.id, text: `${a.ref} ${a.title}`, checked: chosen.has(a.id) })),
      milestone: values.milestone === true || values.milestone === 'yes',
    })
  }

  app.get(
    '/p/:slug/delivery/plans/:id/actions/new',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) => renderActionForm(request, reply, request.params.id, null, {}),
  )

  app.post(
    '/p/:slug/delivery/plans/:id/actions',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) =>
      submitForm(reply, {
        schema: actionInput,
        body: request.body,
        invalid: (errors) =>
          renderActionForm(request, reply, request.params.id, null, request.body as Values, errors),
        valid: async (input) => {
          const row = await delivery.createAction(
            request.actor,
            request.partnership.id,
            request.params.id,
            input,
          )
          request.flash('success', `${row.ref} has been added`)
          return reply.redirect(`${base(request)}/plans/${request.params.id}`)
        },
      }),
  )

  app.get(
    '/p/:slug/delivery/actions/overdue',
    { schema: { params: slugParams }, config: { policy: deliveryPolicy.read } },
    async (request, reply) => {
      const rows = await delivery.overdue(request.actor, request.partnership.id)
      return reply.render('delivery/views/overdue.njk', {
        title: 'Overdue actions',
        actions: rows,
        today: delivery.today(),
        labels,
      })
    },
  )

  async function renderAction(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values?: Values,
    errors?: FieldErrors,
  ) {
    const d = await delivery.getAction(request.actor, request.partnership.id, id)
    return reply.render('delivery/views/action.njk', {
      title: `${d.action.ref} ${d.action.title}`,
      ...d,
      labels,
      values: values ?? d.action,
      errors,
      statusItems: actionStatuses.map((s) => ({
        value: s,
        text: actionStatusLabels[s],
        checked: ((values ?? d.action) as Values).status === s,
      })),
    })
  }

  app.get(
    '/p/:slug/delivery/actions/:id',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.read } },
    async (request, reply) => renderAction(request, reply, request.params.id),
  )

  app.get(
    '/p/:slug/delivery/actions/:id/edit',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) => {
      const d = await delivery.getAction(request.actor, request.partnership.id, request.params.id)
      return renderActionForm(request, reply, d.plan.id, d.action.id, d.action)
    },
  )

  app.post(
    '/p/:slug/delivery/actions/:id',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) => {
      const d = await delivery.getAction(request.actor, request.partnership.id, request.params.id)
      return submitForm(reply, {
        schema: actionInput,
        body: request.body,
        invalid: (errors) =>
          renderActionForm(request, reply, d.plan.id, d.action.id, request.body as Values, errors),
        valid: async (input) => {
          await delivery.updateAction(request.actor, request.partnership.id, d.action.id, input)
          request.flash('success', `${input.ref} has been saved`)
          return reply.redirect(`${base(request)}/actions/${d.action.id}`)
        },
      })
    },
  )

  app.post(
    '/p/:slug/delivery/actions/:id/progress',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.progress } },
    async (request, reply) =>
      submitForm(reply, {
        schema: progressInput,
        body: request.body,
        invalid: (errors) => renderAction(request, reply, request.params.id, request.body as Values, errors),
        valid: async (input) => {
          const row = await delivery.progress(request.actor, request.partnership.id, request.params.id, input)
          request.flash('success', `Progress on ${row.ref} has been recorded`)
          return reply.redirect(`${base(request)}/actions/${row.id}`)
        },
      }),
  )

  app.post(
    '/p/:slug/delivery/actions/:id/archive',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) => {
      const row = await delivery.archiveAction(request.actor, request.partnership.id, request.params.id)
      request.flash('success', `${row.ref} has been removed from the plan`)
      return reply.redirect(`${base(request)}/plans/${row.planId}`)
    },
  )
}

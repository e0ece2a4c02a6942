import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { deliveryActionPages } from './delivery.actions.pages.ts'
import { deliveryChallengePages } from './delivery.challenge.pages.ts'
import { deliveryPolicy } from './delivery.policy.ts'
import { planCreateForm, planUpdate } from './delivery.schema.ts'
import { base, labels, renderPlan, selectItems, type Values } from './delivery.shared.pages.ts'

/** Delivery plans, their actions, the timeline, the overdue list and challenge. */
export function deliveryPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { delivery, people } = services

  app.get(
    '/p/:slug/delivery',
    { schema: { params: slugParams }, config: { policy: deliveryPolicy.read } },
    async (request, reply) => reply.redirect(`${base(request)}/plans`),
  )

  app.get(
    '/p/:slug/delivery/plans',
    { schema: { params: slugParams }, config: { policy: deliveryPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const plans = await delivery.list(request.actor, pid)
      return reply.render('delivery/views/plans.njk', {
        title: 'Delivery plans',
        plans,
        labels,
        canCreate: deliveryPolicy.edit(request.actor, pid),
        canManageReviewers: deliveryPolicy.manageReviewers(request.actor, pid),
      })
    },
  )

  // --- a plan: start, edit ---

  async function renderPlanForm(
    request: FastifyRequest,
    reply: FastifyReply,
    planId: string | null,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [choices, persons, plan] = await Promise.all([
      planId ? null : delivery.subjectChoices(request.actor, pid),
      people.list(request.actor, pid),
      planId ? delivery.get(request.actor, pid, planId) : null,
    ])
    const subject = values.subject as string | undefined
    return reply.render('delivery/views/plan-form.njk', {
      title: plan ? `Change ${plan.plan.title}` : 'Start a delivery plan',
      plan: plan?.plan,
      values,
      errors: errors && {
        ...errors,
        ...(errors.targetId || errors.outcomeKey ? { subject: errors.targetId ?? errors.outcomeKey } : {}),
      },
      subjectItems: choices && [
        { value: '', text: 'Choose a target or an outcome' },
        ...choices.targets.map((t) => ({
          value: `target:${t.id}`,
          text: `Target: ${t.label}`,
          selected: subject === `target:${t.id}`,
        })),
        ...choices.outcomes.map((o) => ({
          value: `outcome:${o.key}`,
          text: `Outcome ${o.label}`,
          selected: subject === `outcome:${o.key}`,
        })),
      ],
      leadItems: selectItems(persons, values.leadPersonId, 'No lead named yet'),
    })
  }

  app.get(
    '/p/:slug/delivery/plans/new',
    { schema: { params: slugParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) => renderPlanForm(request, reply, null, {}),
  )

  app.post(
    '/p/:slug/delivery/plans',
    { schema: { params: slugParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) =>
      submitForm(reply, {
        schema: planCreateForm,
        body: request.body,
        invalid: (errors) => renderPlanForm(request, reply, null, request.body as Values, errors),
        valid: async (input) => {
          const row = await delivery.create(request.actor, request.partnership.id, input)
          request.flash('success', `The plan ${row.title} has been started`)
          return reply.redirect(`${base(request)}/plans/${row.id}`)
        },
      }),
  )

  app.get(
    '/p/:slug/delivery/plans/:id/edit',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) => {
      const d = await delivery.get(request.actor, request.partnership.id, request.params.id)
      return renderPlanForm(request, reply, d.plan.id, d.plan)
    },
  )

  app.post(
    '/p/:slug/delivery/plans/:id',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) =>
      submitForm(reply, {
        schema: planUpdate,
        body: request.body,
        invalid: (errors) =>
          renderPlanForm(request, reply, request.params.id, request.body as Values, errors),
        valid: async (input) => {
          await delivery.update(request.actor, request.partnership.id, request.params.id, input)
          request.flash('success', 'The plan has been saved')
          return reply.redirect(`${base(request)}/plans/${request.params.id}`)
        },
      }),
  )

  // --- the plan's page: actions, timeline, challenge ---

  app.get(
    '/p/:slug/delivery/plans/:id',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.read } },
    async (request, reply) => renderPlan(services, request, reply, request.params.id),
  )

  deliveryChallengePages(fastify, services)
  deliveryActionPages(fastify, services)

  return Promise.resolve()
}

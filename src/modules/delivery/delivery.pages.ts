import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { deliveryPolicy } from './delivery.policy.ts'
import {
  actionInput,
  actionStatuses,
  actionStatusLabels,
  actionStatusTags,
  issueInput,
  planCreateForm,
  planStatusLabels,
  planStatusTags,
  planUpdate,
  progressInput,
  responseInput,
  reviewerInput,
  roundOutcomeLabels,
  submitInput,
  type PlanStatus,
} from './delivery.schema.ts'
import { timelineSvg } from './delivery.timeline.ts'

type Values = Record<string, unknown>

/** Labels the views share: status in colour and words. */
const labels = {
  planStatus: planStatusLabels,
  planTag: planStatusTags,
  actionStatus: actionStatusLabels,
  actionTag: actionStatusTags,
  roundOutcome: roundOutcomeLabels,
}

const selectItems = (rows: { id: string; name: string }[], selected: unknown, blank: string) => [
  { value: '', text: blank },
  ...rows.map((r) => ({ value: r.id, text: r.name, selected: r.id === selected })),
]

/** Delivery plans, their actions, the timeline, the overdue list and challenge. */
export function deliveryPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { delivery, people, organisations } = services
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/delivery`

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

  async function renderPlan(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Values = {},
    errors?: FieldErrors,
  ) {
    const d = await delivery.get(request.actor, request.partnership.id, id)
    const chart = timelineSvg({
      id: 'plan-timeline',
      title: `Timeline of ${d.plan.title}`,
      actions: d.actions,
      today: delivery.today(),
    })
    const refs = new Map(d.actions.map((a) => [a.id, a.ref]))
    const status = d.plan.status as PlanStatus
    const current = d.currentRound
    return reply.render('delivery/views/plan.njk', {
      title: d.plan.title,
      ...d,
      status,
      actions: d.actions.map((a) => ({
        ...a,
        dependsOnRefs: a.dependsOn.map((x) => refs.get(x) ?? 'another plan’s action'),
      })),
      rounds: [...d.rounds].reverse(),
      chart,
      labels,
      canSubmit: d.canEdit && (status === 'draft' || status === 'revising'),
      canAnswer: d.canEdit && status !== 'accepted' && current !== undefined,
      reviewing: d.canReview && status === 'in_challenge' && current?.outcome === 'open',
      values,
      errors,
    })
  }

  app.get(
    '/p/:slug/delivery/plans/:id',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.read } },
    async (request, reply) => renderPlan(request, reply, request.params.id),
  )

  app.post(
    '/p/:slug/delivery/plans/:id/submit',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) =>
      submitForm(reply, {
        schema: submitInput,
        body: request.body,
        invalid: (errors) => renderPlan(request, reply, request.params.id, request.body as Values, errors),
        valid: async (input) => {
          const round = await delivery.submit(request.actor, request.partnership.id, request.params.id, input)
          request.flash('success', `The plan has been submitted for challenge (round ${round.number})`)
          return reply.redirect(`${base(request)}/plans/${request.params.id}#challenge`)
        },
      }),
  )

  app.post(
    '/p/:slug/delivery/plans/:id/issues',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.review } },
    async (request, reply) =>
      submitForm(reply, {
        schema: issueInput,
        body: request.body,
        invalid: (errors) => renderPlan(request, reply, request.params.id, request.body as Values, errors),
        valid: async (input) => {
          await delivery.raiseIssue(request.actor, request.partnership.id, request.params.id, input)
          request.flash('success', 'The issue has been raised')
          return reply.redirect(`${base(request)}/plans/${request.params.id}#challenge`)
        },
      }),
  )

  app.post(
    '/p/:slug/delivery/plans/:id/revision',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.review } },
    async (request, reply) =>
      submitForm(reply, {
        schema: submitInput,
        body: request.body,
        invalid: (errors) => renderPlan(request, reply, request.params.id, request.body as Values, errors),
        valid: async () => {
          await delivery.returnForRevision(request.actor, request.partnership.id, request.params.id)
          request.flash('success', 'The plan has been returned to its lead for revision')
          return reply.redirect(`${base(request)}/plans/${request.params.id}#challenge`)
        },
      }),
  )

  app.post(
    '/p/:slug/delivery/plans/:id/accept',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.review } },
    async (request, reply) =>
      submitForm(reply, {
        schema: submitInput,
        body: request.body,
        invalid: (errors) => renderPlan(request, reply, request.params.id, request.body as Values, errors),
        valid: async () => {
          await delivery.accept(request.actor, request.partnership.id, request.params.id)
          request.flash('success', 'The plan has been accepted')
          return reply.redirect(`${base(request)}/plans/${request.params.id}#challenge`)
        },
      }),
  )

  app.post(
    '/p/:slug/delivery/issues/:id/response',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.edit } },
    async (request, reply) => {
      const body = request.body as Values
      const planId = await delivery.planOfIssue(request.actor, request.partnership.id, request.params.id)
      return submitForm(reply, {
        schema: responseInput,
        body,
        invalid: (errors) =>
          renderPlan(request, reply, planId, body, {
            [`response-${request.params.id}`]: errors.response ?? '',
          }),
        valid: async (input) => {
          const issue = await delivery.respond(
            request.actor,
            request.partnership.id,
            request.params.id,
            input,
          )
          request.flash('success', 'Your response has been saved')
          return reply.redirect(`${base(request)}/plans/${planId}#issue-${issue.id}`)
        },
      })
    },
  )

  // --- actions ---

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

  // --- the challenge group ---

  async function renderReviewers(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values = {},
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const canManage = deliveryPolicy.manageReviewers(request.actor, pid)
    const [reviewers, choices] = await Promise.all([
      delivery.reviewers(request.actor, pid),
      canManage ? delivery.reviewerChoices(request.actor, pid) : [],
    ])
    return reply.render('delivery/views/reviewers.njk', {
      title: 'The challenge group',
      reviewers,
      canManage,
      values,
      errors,
      memberItems: [
        { value: '', text: 'Choose a member of the partnership' },
        ...choices.map((m) => ({
          value: m.userId,
          text: `${m.name} (${m.email})`,
          selected: m.userId === values.userId,
        })),
      ],
    })
  }

  app.get(
    '/p/:slug/delivery/reviewers',
    { schema: { params: slugParams }, config: { policy: deliveryPolicy.read } },
    async (request, reply) => renderReviewers(request, reply),
  )

  app.post(
    '/p/:slug/delivery/reviewers',
    { schema: { params: slugParams }, config: { policy: deliveryPolicy.manageReviewers } },
    async (request, reply) =>
      submitForm(reply, {
        schema: reviewerInput,
        body: request.body,
        invalid: (errors) => renderReviewers(request, reply, request.body as Values, errors),
        valid: async (input) => {
          await delivery.addReviewer(request.actor, request.partnership.id, input.userId)
          request.flash('success', 'The reviewer has been added')
          return reply.redirect(`${base(request)}/reviewers`)
        },
      }),
  )

  app.post(
    '/p/:slug/delivery/reviewers/:id/remove',
    { schema: { params: idParams }, config: { policy: deliveryPolicy.manageReviewers } },
    async (request, reply) => {
      await delivery.removeReviewer(request.actor, request.partnership.id, request.params.id)
      request.flash('success', 'The reviewer has been removed')
      return reply.redirect(`${base(request)}/reviewers`)
    },
  )

  return Promise.resolve()
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { deliveryPolicy } from './delivery.policy.ts'
import { issueInput, responseInput, reviewerInput, submitInput } from './delivery.schema.ts'
import { base, renderPlan as renderPlanPage, type Values } from './delivery.shared.pages.ts'

/** Challenge of a plan (submit, issues, responses, revision, accept) and the challenge group. */
export function deliveryChallengePages(fastify: FastifyInstance, services: Services): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { delivery } = services
  const renderPlan = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values?: Values,
    errors?: FieldErrors,
  ) => renderPlanPage(services, request, reply, id, values, errors)

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
  // The reviewers' two decisions on an open round: the same form, one service call each.
  const decisions = [
    {
      path: 'revision',
      decide: (request: FastifyRequest, id: string) =>
        delivery.returnForRevision(request.actor, request.partnership.id, id),
      message: 'The plan has been returned to its lead for revision',
    },
    {
      path: 'accept',
      decide: (request: FastifyRequest, id: string) =>
        delivery.accept(request.actor, request.partnership.id, id),
      message: 'The plan has been accepted',
    },
  ]
  for (const { path, decide, message } of decisions) {
    app.post(
      `/p/:slug/delivery/plans/:id/${path}`,
      { schema: { params: idParams }, config: { policy: deliveryPolicy.review } },
      async (request, reply) =>
        submitForm(reply, {
          schema: submitInput,
          body: request.body,
          invalid: (errors) => renderPlan(request, reply, request.params.id, request.body as Values, errors),
          valid: async () => {
            await decide(request, request.params.id)
            request.flash('success', message)
            return reply.redirect(`${base(request)}/plans/${request.params.id}#challenge`)
          },
        }),
    )
  }

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
}

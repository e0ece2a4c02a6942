import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { escalationPolicy } from '../escalations/escalations.policy.ts'
import { requestPolicy } from './requests.policy.ts'
import {
  commentsInput,
  requestDecisionInput,
  requestInput,
  requestsPageQuery,
  requestStatuses,
  requestStatusLabels,
  type RequestStatus,
} from './requests.schema.ts'
import type { RequestView } from './requests.service.ts'

const statusTags: Record<RequestStatus, string> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  agreed: 'govuk-tag--green',
  refused: 'govuk-tag--red',
  withdrawn: 'govuk-tag--grey',
}

/** Freedoms and flexibilities: the list, a request, drafting, submitting, comments and decisions. */
export function requestPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { requests, escalations } = services
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/requests`

  const decorate = (r: RequestView) => ({
    ...r,
    statusLabel: requestStatusLabels[r.status as RequestStatus] ?? r.status,
    statusTag: statusTags[r.status as RequestStatus] ?? 'govuk-tag--grey',
  })

  app.get(
    '/p/:slug/requests',
    {
      schema: { params: slugParams, querystring: requestsPageQuery },
      config: { policy: requestPolicy.read },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const status = request.query.status
      const all = await requests.list(request.actor, pid)
      const shown = status ? all.filter((r) => r.status === status) : all
      return reply.render('requests/views/index.njk', {
        title: 'Freedoms and flexibilities',
        requests: shown.map(decorate),
        total: all.length,
        counts: requestStatuses.map((s) => ({
          label: requestStatusLabels[s].toLowerCase(),
          n: all.filter((r) => r.status === s).length,
        })),
        statusItems: [
          { value: '', text: 'All requests' },
          ...requestStatuses.map((s) => ({ value: s, text: requestStatusLabels[s], selected: s === status })),
        ],
        canManage: requestPolicy.manage(request.actor, pid),
      })
    },
  )

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    existing: RequestView | null,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const outcomes = await requests.outcomeChoices(request.actor, request.partnership.id)
    return reply.render('requests/views/form.njk', {
      title: existing ? `Change ${existing.ref}` : 'Draft a request',
      existing,
      values,
      outcomeItems: [
        { value: '', text: 'Not about one outcome' },
        ...outcomes.map((n) => ({
          value: n.key,
          text: `${n.ref} ${n.title}`,
          selected: n.key === values.outcomeKey,
        })),
      ],
      errors,
    })
  }

  app.get(
    '/p/:slug/requests/new',
    { schema: { params: slugParams }, config: { policy: requestPolicy.manage } },
    async (request, reply) => renderForm(request, reply, null, {}),
  )

  app.post(
    '/p/:slug/requests',
    { schema: { params: slugParams }, config: { policy: requestPolicy.manage } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>
      return submitForm(reply, {
        schema: requestInput,
        body,
        invalid: (errors) => renderForm(request, reply, null, body, errors),
        valid: async (input) => {
          const row = await requests.create(request.actor, request.partnership.id, input)
          request.flash('success', `${row.ref} has been drafted`)
          return reply.redirect(`${base(request)}/${row.id}`)
        },
      })
    },
  )

  app.get(
    '/p/:slug/requests/:id',
    { schema: { params: idParams }, config: { policy: requestPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const r = await requests.get(request.actor, pid, request.params.id)
      const manage = requestPolicy.manage(request.actor, pid)
      const open = await escalations.list(request.actor, pid, { subjectType: 'request', subjectId: r.id })
      return reply.render('requests/views/show.njk', {
        title: `${r.ref} ${r.title}`,
        r: decorate(r),
        canEdit: manage && ['draft', 'submitted'].includes(r.status),
        canSubmit: manage && r.status === 'draft',
        canWithdraw: manage && ['draft', 'submitted'].includes(r.status),
        canDecide: requestPolicy.decide(request.actor, pid) && r.status === 'submitted',
        canComment: requestPolicy.comment(request.actor, pid) && r.status !== 'withdrawn',
        canEscalate: escalationPolicy.raise(request.actor, pid),
        escalations: open,
      })
    },
  )

  app.get(
    '/p/:slug/requests/:id/edit',
    { schema: { params: idParams }, config: { policy: requestPolicy.manage } },
    async (request, reply) => {
      const r = await requests.get(request.actor, request.partnership.id, request.params.id)
      return renderForm(request, reply, r, r)
    },
  )

  app.post(
    '/p/:slug/requests/:id',
    { schema: { params: idParams }, config: { policy: requestPolicy.manage } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>
      const { id } = request.params
      const existing = await requests.get(request.actor, request.partnership.id, id)
      return submitForm(reply, {
        schema: requestInput,
        body,
        invalid: (errors) => renderForm(request, reply, existing, body, errors),
        valid: async (input) => {
          await requests.update(request.actor, request.partnership.id, id, input)
          request.flash('success', `${input.ref} has been changed`)
          return reply.redirect(`${base(request)}/${id}`)
        },
      })
    },
  )

  /** Submit and withdraw: a button on the request's page. A refusal (no business case) shows there. */
  for (const [path, run, done] of [
    ['submit', requests.submit, 'submitted to the government office'],
    ['withdraw', requests.withdraw, 'withdrawn'],
  ] as const)
    app.post(
      `/p/:slug/requests/:id/${path}`,
      { schema: { params: idParams }, config: { policy: requestPolicy.manage } },
      async (request, reply) => {
        const { id } = request.params
        return orShowErrors(
          reply,
          async () => {
            const row = await run(request.actor, request.partnership.id, id)
            request.flash('success', `${row.ref} has been ${done}`)
            return reply.redirect(`${base(request)}/${id}`)
          },
          async (errors) => {
            const r = await requests.get(request.actor, request.partnership.id, id)
            return renderForm(request, reply, r, r, errors)
          },
        )
      },
    )

  const renderDecide = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) => {
    const r = await requests.get(request.actor, request.partnership.id, id)
    return reply.render('requests/views/decide.njk', {
      title: `Record the decision on ${r.ref}`,
      r: decorate(r),
      values,
      errors,
    })
  }

  app.get(
    '/p/:slug/requests/:id/decide',
    { schema: { params: idParams }, config: { policy: requestPolicy.decide } },
    async (request, reply) => renderDecide(request, reply, request.params.id, {}),
  )

  app.post(
    '/p/:slug/requests/:id/decide',
    { schema: { params: idParams }, config: { policy: requestPolicy.decide } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>
      const { id } = request.params
      return submitForm(reply, {
        schema: requestDecisionInput,
        body,
        invalid: (errors) => renderDecide(request, reply, id, body, errors),
        valid: async (input) => {
          const row = await requests.decide(request.actor, request.partnership.id, id, input)
          request.flash('success', `${row.ref} has been recorded as ${row.status}`)
          return reply.redirect(`${base(request)}/${id}`)
        },
      })
    },
  )

  const renderComments = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Record<string, unknown> | null,
    errors?: FieldErrors,
  ) => {
    const r = await requests.get(request.actor, request.partnership.id, id)
    return reply.render('requests/views/comments.njk', {
      title: `Government office comments on ${r.ref}`,
      r: decorate(r),
      values: values ?? r,
      errors,
    })
  }

  app.get(
    '/p/:slug/requests/:id/comments',
    { schema: { params: idParams }, config: { policy: requestPolicy.comment } },
    async (request, reply) => renderComments(request, reply, request.params.id, null),
  )

  app.post(
    '/p/:slug/requests/:id/comments',
    { schema: { params: idParams }, config: { policy: requestPolicy.comment } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>
      const { id } = request.params
      return submitForm(reply, {
        schema: commentsInput,
        body,
        invalid: (errors) => renderComments(request, reply, id, body, errors),
        valid: async (input) => {
          await requests.comment(request.actor, request.partnership.id, id, input)
          request.flash('success', 'The comments have been saved')
          return reply.redirect(`${base(request)}/${id}`)
        },
      })
    },
  )
  return Promise.resolve()
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { improvementPolicy } from './improvement.policy.ts'
import { planState } from './improvement.presenter.ts'
import { planListQuery, planUpdate } from './improvement.schema.ts'

/** Improvement plans: the list (open, closed, reviews overdue), a plan, its edit form and sign-off. */
export function improvementPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { improvement, people } = services
  const base = (slug: string) => `/p/${slug}/improvement-plans`

  app.get(
    '/p/:slug/improvement-plans',
    {
      schema: { params: slugParams, querystring: planListQuery },
      config: { policy: improvementPolicy.read },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const status = request.query.status ?? 'open'
      const [list, all, overdue] = await Promise.all([
        improvement.list(request.actor, pid, status === 'all' ? {} : { status }),
        improvement.list(request.actor, pid),
        improvement.overdueReviews(request.actor, pid),
      ])
      const count = (s: string) => all.filter((p) => p.plan.status === s).length
      const tabs = [
        { value: 'open', text: `Open (${count('open')})` },
        { value: 'closed', text: `Closed (${count('closed')})` },
        { value: 'all', text: `All (${all.length})` },
      ].map((t) => ({ ...t, current: t.value === status }))
      return reply.render('improvement/views/index.njk', {
        title: 'Improvement plans',
        status,
        tabs,
        plans: list.map((p) => ({ ...p, state: planState(p.plan, p.reviewOverdue) })),
        overdue,
      })
    },
  )

  app.get(
    '/p/:slug/improvement-plans/:id',
    { schema: { params: idParams }, config: { policy: improvementPolicy.read } },
    async (request, reply) => {
      const p = await improvement.get(request.actor, request.partnership.id, request.params.id)
      return reply.render('improvement/views/plan.njk', {
        title: `Improvement plan: ${p.indicatorCode} ${p.indicatorTitle}`,
        p,
        actionsKnown: p.actions !== null,
        state: planState(p.plan, p.reviewOverdue),
      })
    },
  )

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Record<string, unknown> | undefined,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const p = await improvement.get(request.actor, pid, id)
    if (!p.may.edit) return reply.redirect(`${base(request.partnership.slug)}/${p.plan.id}`)
    const v = values ?? {
      summary: p.plan.summary,
      reviewOn: p.plan.reviewOn,
      ownerPersonId: p.plan.ownerPersonId,
    }
    const candidates = p.may.assign ? await people.list(request.actor, pid) : []
    return reply.render('improvement/views/edit.njk', {
      title: `Change the improvement plan for ${p.indicatorCode}`,
      p,
      values: v,
      ownerItems: [
        { value: '', text: 'No owner' },
        ...candidates.map((c) => ({ value: c.id, text: c.name, selected: c.id === v.ownerPersonId })),
      ],
      errors,
    })
  }

  app.get(
    '/p/:slug/improvement-plans/:id/edit',
    { schema: { params: idParams }, config: { policy: improvementPolicy.edit } },
    async (request, reply) => renderEdit(request, reply, request.params.id, undefined),
  )

  app.post(
    '/p/:slug/improvement-plans/:id/edit',
    { schema: { params: idParams }, config: { policy: improvementPolicy.edit } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>
      // The owner field is on the form only for managers: without it, the owner stays.
      const input = 'ownerPersonId' in body ? body : { ...body, ownerPersonId: undefined }
      return submitForm(reply, {
        schema: planUpdate,
        body: input,
        invalid: (errors) => renderEdit(request, reply, request.params.id, body, errors),
        valid: async (data) => {
          await improvement.update(request.actor, request.partnership.id, request.params.id, data)
          request.flash('success', 'The improvement plan has been saved')
          return reply.redirect(`${base(request.partnership.slug)}/${request.params.id}`)
        },
      })
    },
  )

  app.post(
    '/p/:slug/improvement-plans/:id/sign-off',
    { schema: { params: idParams }, config: { policy: improvementPolicy.signOff } },
    async (request, reply) => {
      const url = `${base(request.partnership.slug)}/${request.params.id}`
      return orShowErrors(
        reply,
        async () => {
          const row = await improvement.signOff(request.actor, request.partnership.id, request.params.id)
          request.flash(
            'success',
            row.status === 'closed'
              ? 'The improvement plan is signed off and closed: the target has recovered'
              : 'The improvement plan is signed off: it closes when the target is no longer red two periods running',
          )
          return reply.redirect(url)
        },
        async (errors) => {
          const p = await improvement.get(request.actor, request.partnership.id, request.params.id)
          return reply.render('improvement/views/plan.njk', {
            title: `Improvement plan: ${p.indicatorCode} ${p.indicatorTitle}`,
            p,
            actionsKnown: p.actions !== null,
            state: planState(p.plan, p.reviewOverdue),
            errors,
          })
        },
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

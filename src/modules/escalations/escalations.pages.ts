import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { escalationPolicy } from './escalations.policy.ts'
import { escalationLogCsv } from './escalations.export.ts'
import {
  decisionInput,
  escalationStatusLabels,
  escalationStatuses,
  logQuery,
  newQuery,
  subjectTypeLabels,
  subjectTypes,
  type SubjectType,
} from './escalations.schema.ts'
import type { EscalationView } from './escalations.service.ts'
import { z } from 'zod'

const statusTags: Record<string, string> = {
  open: 'govuk-tag--yellow',
  decided: 'govuk-tag--green',
  withdrawn: 'govuk-tag--grey',
}

/** The escalation log, the form that escalates, an escalation and the board's decision. */
export function escalationPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const { escalations, requests } = services
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/escalations`

  const decorate = (request: FastifyRequest, e: EscalationView) => ({
    ...e,
    statusTag: statusTags[e.status] ?? 'govuk-tag--grey',
    subjectTypeLabel: subjectTypeLabels[e.subjectType as SubjectType] ?? e.subjectType,
    subjectHref: e.subject?.path ? `/p/${request.partnership.slug}${e.subject.path}` : null,
    canWithdraw: escalations.mayWithdraw(request.actor, request.partnership.id, e),
  })

  app.get(
    '/p/:slug/escalations',
    { schema: { params: slugParams, querystring: logQuery }, config: { policy: escalationPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const status = request.query.status ?? 'all'
      const all = await escalations.list(request.actor, pid)
      const shown = status === 'all' ? all : all.filter((e) => e.status === status)
      const count = (s: string) => all.filter((e) => e.status === s).length
      return reply.render('escalations/views/index.njk', {
        title: 'Escalations to the board',
        escalations: shown.map((e) => decorate(request, e)),
        status,
        counts: {
          total: all.length,
          open: count('open'),
          decided: count('decided'),
          withdrawn: count('withdrawn'),
        },
        statusItems: [
          { value: 'all', text: 'All escalations', selected: status === 'all' },
          ...escalationStatuses.map((s) => ({
            value: s,
            text: escalationStatusLabels[s],
            selected: s === status,
          })),
        ],
        canRaise: escalationPolicy.raise(request.actor, pid),
      })
    },
  )

  app.get(
    '/p/:slug/escalations.csv',
    { schema: { params: slugParams, querystring: logQuery }, config: { policy: escalationPolicy.read } },
    async (request, reply) => {
      const status = request.query.status
      const rows = await escalations.list(request.actor, request.partnership.id, {
        status: status === 'all' ? undefined : status,
      })
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${request.partnership.slug}-escalations${status && status !== 'all' ? `-${status}` : ''}.csv"`,
        )
        .send(escalationLogCsv(rows))
    },
  )

  /** The form: about a given record (`?subjectType=&subjectId=`), or chosen from outcomes and requests. */
  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    fixed: { subjectType: SubjectType; subjectId: string | null } | null,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const subject = fixed
      ? await escalations.subject(request.actor, pid, fixed.subjectType, fixed.subjectId)
      : null
    let subjectItems: { value: string; text: string; selected?: boolean }[] = []
    if (!fixed) {
      const [outcomes, reqs] = await Promise.all([
        requests.outcomeChoices(request.actor, pid),
        requests.list(request.actor, pid),
      ])
      const chosen = values.subject as string | undefined
      subjectItems = [
        { value: '', text: 'Choose what is escalated' },
        { value: 'other:', text: 'Another matter (not one record)' },
        ...outcomes.map((n) => ({ value: `outcome:${n.key}`, text: `Outcome ${n.ref} ${n.title}` })),
        ...reqs.map((r) => ({ value: `request:${r.id}`, text: `Request ${r.ref} ${r.title}` })),
      ].map((i) => ({ ...i, selected: i.value !== '' && i.value === chosen }))
    }
    return reply.render('escalations/views/new.njk', {
      title: 'Escalate to the board',
      fixed: fixed
        ? {
            ...fixed,
            typeLabel: subjectTypeLabels[fixed.subjectType],
            label: subject?.label ?? null,
            href: subject?.path ? `/p/${request.partnership.slug}${subject.path}` : null,
          }
        : null,
      subjectItems,
      values,
      errors:
        errors && errors.subjectType && !errors.subject ? { ...errors, subject: errors.subjectType } : errors,
    })
  }

  app.get(
    '/p/:slug/escalations/new',
    { schema: { params: slugParams, querystring: newQuery }, config: { policy: escalationPolicy.raise } },
    async (request, reply) => {
      const { subjectType, subjectId } = request.query
      const fixed =
        subjectType && (subjectId || subjectType === 'other')
          ? { subjectType, subjectId: subjectId ?? null }
          : null
      return renderNew(request, reply, fixed && fixed.subjectType !== 'other' ? fixed : null, {})
    },
  )

  const postedSubject = z.object({
    subjectType: z.enum(subjectTypes).optional().catch(undefined),
    subjectId: z.uuid().optional().catch(undefined),
  })

  app.post(
    '/p/:slug/escalations',
    { schema: { params: slugParams }, config: { policy: escalationPolicy.raise } },
    async (request, reply) => {
      const body = { ...(request.body as Record<string, unknown>) }
      const posted = postedSubject.parse(body)
      const fixed =
        posted.subjectType && posted.subjectType !== 'other' && posted.subjectId
          ? { subjectType: posted.subjectType, subjectId: posted.subjectId }
          : null
      if (!fixed) {
        // One select names the type and the record: `outcome:<key>`, `request:<id>`, `other:`.
        const [type, id] = (typeof body.subject === 'string' ? body.subject : '').split(':')
        body.subjectType = type ?? ''
        body.subjectId = id ?? ''
      }
      const invalid = (errors: FieldErrors) => {
        const e = { ...errors }
        if (!fixed && (e.subjectType || e.subjectId)) e.subject = e.subjectType ?? e.subjectId!
        return renderNew(request, reply, fixed, body, e)
      }
      return orShowErrors(
        reply,
        async () => {
          const row = await escalations.escalate(request.actor, request.partnership.id, {
            subjectType: body.subjectType,
            subjectId: body.subjectId,
            title: body.title,
            question: body.question,
          })
          request.flash('success', 'Escalated to the board')
          return reply.redirect(`${base(request)}/${row.id}`)
        },
        invalid,
      )
    },
  )

  app.get(
    '/p/:slug/escalations/:id',
    { schema: { params: idParams }, config: { policy: escalationPolicy.read } },
    async (request, reply) => {
      const e = await escalations.get(request.actor, request.partnership.id, request.params.id)
      return reply.render('escalations/views/show.njk', {
        title: e.title,
        e: decorate(request, e),
        canDecide: e.status === 'open' && escalationPolicy.decide(request.actor, request.partnership.id),
      })
    },
  )

  const renderDecide = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) => {
    const e = await escalations.get(request.actor, request.partnership.id, id)
    return reply.render('escalations/views/decide.njk', {
      title: `Record the board’s decision: ${e.title}`,
      e: decorate(request, e),
      values,
      errors,
    })
  }

  app.get(
    '/p/:slug/escalations/:id/decide',
    { schema: { params: idParams }, config: { policy: escalationPolicy.decide } },
    async (request, reply) => renderDecide(request, reply, request.params.id, {}),
  )

  app.post(
    '/p/:slug/escalations/:id/decide',
    { schema: { params: idParams }, config: { policy: escalationPolicy.decide } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>
      const { id } = request.params
      return submitForm(reply, {
        schema: decisionInput,
        body,
        invalid: (errors) => renderDecide(request, reply, id, body, errors),
        valid: async (input) => {
          await escalations.decide(request.actor, request.partnership.id, id, input)
          request.flash('success', 'The board’s decision has been recorded')
          return reply.redirect(`${base(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    '/p/:slug/escalations/:id/withdraw',
    { schema: { params: idParams }, config: { policy: escalationPolicy.withdraw } },
    async (request, reply) => {
      await escalations.withdraw(request.actor, request.partnership.id, request.params.id)
      request.flash('success', 'The escalation has been withdrawn')
      return reply.redirect(`${base(request)}/${request.params.id}`)
    },
  )
  return Promise.resolve()
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { isAppError, type FieldErrors } from '../../errors.ts'
import { idParams, orShowErrors, submitForm } from '../../lib/pages.ts'
import { yearLabel } from '../../periods/index.ts'
import type { Services } from '../../services.ts'
import { valuePolicy } from '../values/values.policy.ts'
import { formatFigure, statusTag } from '../values/values.presenter.ts'
import { valueStatusLabels } from '../values/values.schema.ts'
import { roundPolicy } from './rounds.policy.ts'
import { DEFAULT_DUE_WEEKS, roundStateLabels } from './rounds.rules.ts'
import { exceptionInput, exceptionParams, generateYearInput, roundWindowInput } from './rounds.schema.ts'

/** The ticked boxes of a form: one value, several, or none. */
const selectedIds = (body: unknown): string[] => {
  const raw = (body as Record<string, unknown> | undefined)?.ids
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  return list.filter((v): v is string => typeof v === 'string' && v !== '')
}

const view = {
  stateLabels: roundStateLabels,
  statusLabels: valueStatusLabels,
  statusTag,
  figure: formatFigure,
}

export function roundPages(
  fastify: FastifyInstance,
  { rounds, organisations, values }: Services,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/p/:slug/rounds'
  const roundUrl = (request: FastifyRequest, id: string) => `/p/${request.partnership.slug}/rounds/${id}`

  async function renderList(request: FastifyRequest, reply: FastifyReply, errors?: FieldErrors) {
    const partnership = request.partnership
    const list = await rounds.list(request.actor, partnership.id)
    const thisYear = Number(rounds.today().slice(0, 4)) - (Number(rounds.today().slice(5, 7)) < 4 ? 1 : 0)
    return reply.render('rounds/views/index.njk', {
      title: 'Collection rounds',
      rounds: list,
      canManage: roundPolicy.manage(request.actor, partnership.id),
      values: request.body ?? {
        year: yearLabel(thisYear),
        dueWeeks: DEFAULT_DUE_WEEKS,
      },
      errors,
      view,
    })
  }

  app.get(base, { config: { policy: roundPolicy.read } }, async (request, reply) =>
    renderList(request, reply),
  )

  app.post(`${base}/generate`, { config: { policy: roundPolicy.manage } }, async (request, reply) =>
    submitForm(reply, {
      schema: generateYearInput,
      body: request.body,
      invalid: (errors) => renderList(request, reply, errors),
      valid: async (input) => {
        const r = await rounds.generateYear(request.actor, request.partnership.id, input)
        request.flash(
          'success',
          r.created.length
            ? `${r.created.length} round${r.created.length === 1 ? '' : 's'} created for ${input.year}${r.skipped ? ` (${r.skipped} already existed)` : ''}`
            : `Every round of ${input.year} already exists`,
        )
        return reply.redirect(`/p/${request.partnership.slug}/rounds`)
      },
    }),
  )

  async function renderRound(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FieldErrors) {
    const partnership = request.partnership
    const canManage = roundPolicy.manage(request.actor, partnership.id)
    const [c, exceptions, orgs] = await Promise.all([
      rounds.completeness(request.actor, partnership.id, id),
      rounds.exceptions(request.actor, partnership.id, id),
      canManage ? organisations.list(request.actor, partnership.id) : Promise.resolve([]),
    ])
    const body = (request.body as Record<string, unknown> | undefined) ?? {}
    const canApprove = valuePolicy.approve(request.actor, partnership.id)
    const own = canApprove
      ? await values.ownEntries(
          request.actor,
          partnership.id,
          c.awaitingApproval.map((a) => a.valueId),
        )
      : new Set<string>()
    const chosen = new Set(selectedIds(body))
    return reply.render('rounds/views/show.njk', {
      title: `${c.round.period} collection round`,
      c,
      exceptions,
      canManage,
      canApprove,
      awaiting: c.awaitingApproval.map((a) => ({
        ...a,
        figure: formatFigure(a.value, a.unit),
        own: own.has(a.valueId),
        checked: chosen.has(a.valueId),
      })),
      windowValues: errors && 'opensOn' in body ? body : c.round,
      exceptionValues: errors && 'reason' in body ? body : {},
      organisationItems: (selected?: unknown) => [
        { value: '', text: 'Choose an organisation' },
        ...orgs.map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
      ],
      errors,
      view,
    })
  }

  app.get(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: roundPolicy.read } },
    async (request, reply) => renderRound(request, reply, request.params.id),
  )

  app.post(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: roundPolicy.manage } },
    async (request, reply) => {
      const { id } = request.params
      return submitForm(reply, {
        schema: roundWindowInput,
        body: request.body,
        invalid: (errors) => renderRound(request, reply, id, errors),
        valid: async (input) => {
          const r = await rounds.updateWindow(request.actor, request.partnership.id, id, input)
          request.flash('success', `The ${r.period} window has been changed`)
          return reply.redirect(roundUrl(request, id))
        },
      })
    },
  )

  /** Approve the values ticked in the "awaiting approval" list (one button, no script needed). */
  app.post(
    `${base}/:id/approve`,
    { schema: { params: idParams }, config: { policy: valuePolicy.approve } },
    async (request, reply) => {
      const { id } = request.params
      const ids = selectedIds(request.body)
      if (ids.length === 0) {
        reply.status(422)
        return renderRound(request, reply, id, { ids: 'Select the values to approve' })
      }
      return orShowErrors(
        reply,
        async () => {
          try {
            const done = await values.approveMany(request.actor, request.partnership.id, ids)
            request.flash('success', `${done.length} value${done.length === 1 ? '' : 's'} approved`)
            return reply.redirect(roundUrl(request, id))
          } catch (e) {
            // Refused (someone else's change, or one's own entries): the list again, saying why.
            if (isAppError(e) && (e.status === 409 || e.status === 403 || e.status === 404)) {
              reply.status(e.status)
              return renderRound(request, reply, id, { ids: e.message })
            }
            throw e
          }
        },
        (errors) => renderRound(request, reply, id, errors),
      )
    },
  )

  app.post(
    `${base}/:id/exceptions`,
    { schema: { params: idParams }, config: { policy: roundPolicy.manage } },
    async (request, reply) => {
      const { id } = request.params
      return submitForm(reply, {
        schema: exceptionInput,
        body: request.body,
        invalid: (errors) => renderRound(request, reply, id, errors),
        valid: async (input) => {
          await rounds.grantException(request.actor, request.partnership.id, id, input)
          request.flash('success', 'Exception granted: the organisation can now enter its values late')
          return reply.redirect(roundUrl(request, id))
        },
      })
    },
  )

  app.post(
    `${base}/:id/exceptions/:exceptionId/revoke`,
    { schema: { params: exceptionParams }, config: { policy: roundPolicy.manage } },
    async (request, reply) => {
      const { id, exceptionId } = request.params
      return orShowErrors(
        reply,
        async () => {
          await rounds.revokeException(request.actor, request.partnership.id, id, exceptionId)
          request.flash('success', 'Exception withdrawn')
          return reply.redirect(roundUrl(request, id))
        },
        (errors) => renderRound(request, reply, id, errors),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

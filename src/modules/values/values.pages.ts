import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { isAppError, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { parseForm } from '../../lib/forms.ts'
import { idParams, orShowErrors, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { roundStateLabels } from '../rounds/rounds.rules.ts'
import { valuePolicy } from './values.policy.ts'
import { formatFigure, ragLabels, ragTags, statusTag } from './values.presenter.ts'
import {
  entryQuery,
  reasonInput,
  returnsQuery,
  valueEntryInput,
  valueKeyInput,
  valueStatusLabels,
  versionInput,
} from './values.schema.ts'
import { ValueConflictError } from './values.service.ts'

/** Units whose entry form offers a numerator and a denominator. */
const PART_UNITS = ['percent', 'rate', 'ratio']

const unitHints: Record<string, string> = {
  percent: 'A percentage from 0 to 100, like 45.2',
  count: 'A whole number, 0 or more',
  money: 'An amount in pounds, like 1250000',
  rate: 'A rate, 0 or more',
  ratio: 'A ratio, 0 or more',
  score: 'A score',
}

/** Helpers every values template uses. */
const view = {
  figure: formatFigure,
  statusTag,
  statusLabels: valueStatusLabels,
  ragLabels,
  ragTags,
  roundStateLabels,
  unitHint: (unit: string | null, ratePer: number | null) =>
    unit === 'rate' && ratePer
      ? `A rate per ${new Intl.NumberFormat('en-GB').format(ratePer)}, 0 or more`
      : (unitHints[unit ?? ''] ?? 'A number'),
  partUnits: PART_UNITS,
  entryUrl: (slug: string, i: { indicatorId: string; placeId: string }, period: string) =>
    `/p/${slug}/values/enter?indicatorId=${i.indicatorId}&placeId=${i.placeId}&period=${encodeURIComponent(period)}`,
}

export function valuePages(
  fastify: FastifyInstance,
  { values, rounds, organisations }: Services,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/p/:slug/values'
  const valueUrl = (request: FastifyRequest, id: string) => `/p/${request.partnership.slug}/values/${id}`

  app.get(
    '/p/:slug/returns',
    { schema: { querystring: returnsQuery }, config: { policy: valuePolicy.enterSome } },
    async (request, reply) => {
      const partnership = request.partnership
      const isManager = valuePolicy.approve(request.actor, partnership.id)
      const orgs = isManager ? await organisations.list(request.actor, partnership.id) : []
      const chosen = orgs.find((o) => o.id === request.query.organisationId)?.id ?? null
      const result = await rounds.returns(request.actor, partnership.id, { organisationId: chosen })
      const own = request.actor.organisations?.get(partnership.id) ?? null
      return reply.render('values/views/returns.njk', {
        title: 'My returns',
        result,
        isManager,
        hasOrganisation: isManager || own !== null,
        organisationItems: [
          { value: '', text: 'All organisations' },
          ...orgs.map((o) => ({ value: o.id, text: o.name, selected: o.id === chosen })),
        ],
        view,
      })
    },
  )

  /** The entry form, drawn from the stored value or, after a failed save, from what was typed. */
  async function renderEntry(
    request: FastifyRequest,
    reply: FastifyReply,
    key: { indicatorId: string; placeId: string; period: string },
    opts: { values?: Record<string, unknown>; errors?: FieldErrors; conflict?: ValueConflictError } = {},
  ) {
    const context = await values.entry(request.actor, request.partnership.id, key)
    const v = context.value
    const formValues = opts.values ?? {
      value: v?.numerator != null ? '' : (v?.value ?? ''),
      numerator: v?.numerator ?? '',
      denominator: v?.denominator ?? '',
      commentary: v?.commentary ?? '',
    }
    return reply.render('values/views/entry.njk', {
      title: `${context.indicator.code}: ${context.place.name}, ${context.period}`,
      context,
      values: formValues,
      // After a conflict the form carries the version now stored: saving again is a deliberate overwrite.
      version: opts.conflict ? opts.conflict.current.version : (v?.version ?? 0),
      errors: opts.errors,
      conflict: opts.conflict,
      locked: v?.status === 'approved',
      view,
    })
  }

  app.get(
    `${base}/enter`,
    { schema: { querystring: entryQuery }, config: { policy: valuePolicy.enterSome } },
    async (request, reply) => {
      const key = valueKeyInput.safeParse(request.query)
      if (!key.success) throw notFound('Value')
      try {
        return await renderEntry(request, reply, key.data)
      } catch (e) {
        // A bad address in the link is a missing page, not a form to correct.
        if (isAppError(e) && e.id === 'validation_failed') throw notFound('Value')
        throw e
      }
    },
  )

  app.post(`${base}/enter`, { config: { policy: valuePolicy.enterSome } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const key = parseForm(valueKeyInput, body)
    if (!key.ok) throw notFound('Value')
    const again = (errors: FieldErrors, conflict?: ValueConflictError) =>
      renderEntry(request, reply, key.data, { values: body, errors, ...(conflict ? { conflict } : {}) })
    return submitForm(reply, {
      schema: valueEntryInput,
      body,
      invalid: (errors) => again(errors),
      valid: async (input) => {
        try {
          const { value, warnings } = await values.save(request.actor, request.partnership.id, key.data, {
            ...input,
            submit: input.intent === 'submit',
          })
          request.flash(
            warnings.length ? 'important' : 'success',
            `${input.intent === 'submit' ? 'Value saved and submitted for approval' : 'Value saved as a draft'}${warnings.length ? ': check the warnings below' : ''}`,
          )
          return reply.redirect(valueUrl(request, value.id))
        } catch (e) {
          if (e instanceof ValueConflictError) {
            reply.status(409)
            return again({ _form: e.message }, e)
          }
          throw e
        }
      },
    })
  })

  async function renderValue(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FieldErrors) {
    const partnership = request.partnership
    const data = await values.get(request.actor, partnership.id, id)
    const status = data.value.status
    const approvable = valuePolicy.approve(request.actor, partnership.id) && status === 'submitted'
    const ownEntry = approvable && (await values.ownEntries(request.actor, partnership.id, [id])).has(id)
    return reply.render('values/views/show.njk', {
      title: `${data.indicator.code}: ${data.place.name}, ${data.period}`,
      context: data,
      history: [...data.history].reverse(),
      errors,
      values: request.body ?? {},
      can: {
        change: data.mayEnter && !data.windowProblem && status !== 'approved',
        submit: data.mayEnter && !data.windowProblem && (status === 'draft' || status === 'returned'),
        approve: approvable,
        ownEntry,
        reopen: valuePolicy.reopen(request.actor, partnership.id) && status === 'approved',
      },
      view,
    })
  }

  app.get(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: valuePolicy.read } },
    async (request, reply) => renderValue(request, reply, request.params.id),
  )

  /** A status change from the value page: on a conflict or bad input, the page again with the problem. */
  function statusRoute(
    action: 'submit' | 'approve' | 'return' | 'reopen',
    rule: typeof valuePolicy.read,
    run: (request: FastifyRequest, id: string) => Promise<unknown>,
    done: string,
  ) {
    app.post(
      `${base}/:id/${action}`,
      { schema: { params: idParams }, config: { policy: rule } },
      async (request, reply) => {
        const { id } = request.params
        return orShowErrors(
          reply,
          async () => {
            try {
              await run(request, id)
            } catch (e) {
              // A conflict, or approving one's own value: the page again, saying why.
              if (isAppError(e) && (e.status === 409 || (e.status === 403 && action === 'approve'))) {
                reply.status(e.status)
                return renderValue(request, reply, id, { _form: e.message })
              }
              throw e
            }
            request.flash('success', done)
            return reply.redirect(valueUrl(request, id))
          },
          (errors) => renderValue(request, reply, id, errors),
        )
      },
    )
  }

  const version = (request: FastifyRequest) => {
    const parsed = versionInput.safeParse(request.body ?? {})
    return parsed.success ? parsed.data.version : undefined
  }
  const withReason = async (
    request: FastifyRequest,
    use: (input: { reason: string; version?: number | undefined }) => Promise<unknown>,
  ) => {
    const parsed = parseForm(reasonInput, request.body)
    if (!parsed.ok) throw validationError(parsed.errors)
    return use(parsed.data)
  }

  statusRoute(
    'submit',
    valuePolicy.enterSome,
    (r, id) => values.submit(r.actor, r.partnership.id, id, version(r)),
    'Value submitted for approval',
  )
  statusRoute(
    'approve',
    valuePolicy.approve,
    (r, id) => values.approve(r.actor, r.partnership.id, id, version(r)),
    'Value approved',
  )
  statusRoute(
    'return',
    valuePolicy.approve,
    (r, id) => withReason(r, (input) => values.returnValue(r.actor, r.partnership.id, id, input)),
    'Value returned to the provider',
  )
  statusRoute(
    'reopen',
    valuePolicy.reopen,
    (r, id) => withReason(r, (input) => values.reopen(r.actor, r.partnership.id, id, input)),
    'Value reopened for correction',
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

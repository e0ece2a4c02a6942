import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { isAppError, type FieldErrors } from '../../errors.ts'
import { poundsText } from '../../lib/money.ts'
import { slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { commissioningPages } from './money.commissioning.pages.ts'
import { moneyPolicy } from './money.policy.ts'
import { moneyView, refusalFields, selectItems, spendActor } from './money.spend.presenter.ts'
import { spendFilter, spendInput, spendStatuses, spendStatusLabels } from './money.spend.schema.ts'
import { spendShowPages } from './money.spend.show.pages.ts'
import { valueForMoneyPages } from './money.value.pages.ts'
import { variancePages } from './money.variance.pages.ts'

type Values = Record<string, unknown>
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** Spend returns (list, entry, a return and its approval), variance, commissioning and value for money. */
export function spendPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const { money, organisations, rounds } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const page = { params: slugParams }
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/money/spend`

  app.get(
    '/p/:slug/money/spend',
    { schema: page, config: { policy: moneyPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const actor = request.actor
      const who = spendActor(request)
      const query = (request.query ?? {}) as Record<string, unknown>
      // Each filter checked on its own: a bad one is named, the others still apply.
      const errors: FieldErrors = {}
      const filter: Record<string, string> = {}
      for (const key of ['period', 'streamId', 'status', 'recipientId'] as const) {
        const value = key === 'recipientId' && who.recipientOnly ? (who.own ?? '') : text(query[key])
        if (!value) continue
        const parsed = spendFilter.shape[key].safeParse(value)
        if (parsed.success) filter[key] = parsed.data as string
        else errors[key] = parsed.error.issues[0]?.message ?? 'Choose from the list'
      }
      const noOrganisation = who.recipientOnly && !who.own
      const [returns, streams, orgs, allRounds, thresholds] = await Promise.all([
        noOrganisation ? Promise.resolve([]) : money.listSpend(actor, pid, filter),
        money.listStreams(actor, pid),
        who.recipientOnly ? Promise.resolve([]) : organisations.list(actor, pid),
        rounds.list(actor, pid),
        money.thresholds(actor, pid),
      ])
      /** The latest round in whose quarter anything (a recipient's own, for a recipient) was returned. */
      const latestWithReturns = async (list: typeof allRounds) => {
        if (noOrganisation) return undefined
        const all = await money.listSpend(actor, pid, who.recipientOnly ? { recipientId: who.own! } : {})
        const periods = new Set(all.map((r) => r.period))
        return list.find((r) => periods.has(r.period))
      }
      // The round whose completeness is shown: the one asked for, else the latest open, else the latest begun.
      const quarterly = allRounds
        .filter((r) => r.periodType === 'quarter')
        .sort((a, b) => b.opensOn.localeCompare(a.opensOn))
      const today = new Date().toISOString().slice(0, 10)
      const round =
        quarterly.find((r) => r.id === text(query.roundId)) ??
        quarterly.find((r) => r.state === 'open') ??
        (await latestWithReturns(quarterly)) ??
        quarterly.find((r) => r.opensOn <= today) ??
        quarterly.at(-1)
      const completeness = round ? await money.spendCompleteness(actor, pid, round.id) : null
      const owed = completeness
        ? completeness.rows.filter(
            (r) => r.recipientId === who.own && r.status !== 'submitted' && r.status !== 'approved',
          )
        : []
      const mine = completeness ? completeness.rows.filter((r) => r.recipientId === who.own) : []
      if (Object.keys(errors).length) reply.status(422)
      return reply.render('money/views/spend-index.njk', {
        title: 'Spend returns',
        returns,
        errors: Object.keys(errors).length ? errors : undefined,
        filter: { ...filter, period: filter.period ?? text(query.period) },
        who,
        noOrganisation,
        thresholds,
        round,
        completeness,
        owed,
        mine,
        roundItems: quarterly.map((r) => ({ value: r.id, text: r.period, selected: r.id === round?.id })),
        streamItems: selectItems(
          streams.map((s) => ({ value: s.id, text: `${s.ref} ${s.name}` })),
          filter.streamId,
          'All streams',
        ),
        statusItems: selectItems(
          spendStatuses.map((s) => ({ value: s, text: spendStatusLabels[s] })),
          filter.status,
          'All statuses',
        ),
        recipientItems: selectItems(
          orgs.map((o) => ({ value: o.id, text: o.name })),
          filter.recipientId,
          'All recipients',
        ),
        canEnter: who.finance || (who.recipientOnly && !!who.own),
        view: moneyView,
      })
    },
  )

  /** The entry form, from the current return when the link names one, or from what was typed. */
  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors?: FieldErrors,
    opts: { protocolRefused?: boolean } = {},
  ) {
    const pid = request.partnership.id
    const actor = request.actor
    const who = spendActor(request)
    const [streams, orgs, thresholds] = await Promise.all([
      money.listStreams(actor, pid),
      organisations.list(actor, pid),
      money.thresholds(actor, pid),
    ])
    const recipientId = who.recipientOnly ? (who.own ?? '') : text(values.recipientId)
    // After a refusal, the form still says it changes a return (the status it was drawn with).
    const existing =
      values.existing ?? (text(values.existingStatus) ? { status: text(values.existingStatus) } : null)
    return reply.render('money/views/spend-form.njk', {
      title: existing ? 'Change a spend return' : 'Enter a spend return',
      values: { ...values, recipientId, existing },
      errors,
      protocolRefused: opts.protocolRefused ?? false,
      who,
      ownName: orgs.find((o) => o.id === who.own)?.name ?? null,
      thresholds,
      streamItems: selectItems(
        streams.map((s) => ({ value: s.id, text: `${s.ref} ${s.name}` })),
        text(values.streamId),
        'Choose a funding stream',
      ),
      recipientItems: selectItems(
        orgs.map((o) => ({ value: o.id, text: o.name })),
        recipientId,
        'Choose the recipient',
      ),
      view: moneyView,
    })
  }

  app.get(
    '/p/:slug/money/spend/new',
    { schema: page, config: { policy: moneyPolicy.enterSpend } },
    async (request, reply) => {
      const who = spendActor(request)
      const query = (request.query ?? {}) as Record<string, unknown>
      const values: Values = {
        streamId: text(query.streamId),
        recipientId: who.recipientOnly ? who.own : text(query.recipientId),
        period: text(query.period),
      }
      // A link to a stream, recipient and quarter with a current return: change that return.
      const key = spendFilter.safeParse(values)
      if (key.success && key.data.streamId && key.data.recipientId && key.data.period) {
        const [current] = await money.listSpend(request.actor, request.partnership.id, key.data)
        if (current)
          Object.assign(values, {
            period: current.period,
            actual: poundsText(current.actualPence),
            forecast: current.forecastPence === null ? '' : poundsText(current.forecastPence),
            explanation: current.explanation ?? '',
            existing: { id: current.id, status: current.status },
          })
      }
      return renderForm(request, reply, values)
    },
  )

  app.post(
    '/p/:slug/money/spend',
    { schema: page, config: { policy: moneyPolicy.enterSpend } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Values
      const submit = body.intent === 'submit'
      return submitForm(reply, {
        schema: spendInput,
        body,
        invalid: (errors) => renderForm(request, reply, body, errors),
        valid: async () => {
          try {
            // The service reads the pounds as typed (the form's parse is pence already).
            const row = await money.saveSpend(request.actor, request.partnership.id, body, { submit })
            request.flash(
              'success',
              submit ? 'Spend return submitted for approval' : 'Spend return saved as a draft',
            )
            return reply.redirect(`${base(request)}/${row.id}`)
          } catch (e) {
            const fields = refusalFields(e, isAppError(e) && e.status === 403 ? 'recipientId' : '_form')
            reply.status((e as { status: number }).status)
            return renderForm(request, reply, body, fields, {
              protocolRefused: isAppError(e) && e.id === 'protocol_not_signed',
            })
          }
        },
      })
    },
  )

  spendShowPages(fastify, services)
  variancePages(fastify, services)
  commissioningPages(fastify, services)
  valueForMoneyPages(fastify, services)

  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

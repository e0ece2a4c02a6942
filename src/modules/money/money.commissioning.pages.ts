import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { notFound, type FieldErrors } from '../../errors.ts'
import { formatPounds } from '../../lib/money.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import {
  commissioningDecisionLabels,
  commissioningDecisions,
  commissioningInput,
} from './money.commissioning.schema.ts'
import { moneyPolicy } from './money.policy.ts'
import { moneyView, selectItems } from './money.spend.presenter.ts'

type Values = Record<string, unknown>
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** A service's page: its name in the address (the service finds it however it is spaced or capitalised). */
export const serviceUrl = (slug: string, service: string) =>
  `/p/${slug}/money/commissioning/${encodeURIComponent(service)}`

/** Commissioning decisions per funded service: the latest of each, a service's history, recording one. */
export function commissioningPages(fastify: FastifyInstance, services: Services) {
  const { money, organisations, strategy } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const page = { params: slugParams }

  app.get(
    '/p/:slug/money/commissioning',
    { schema: page, config: { policy: moneyPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const list = await money.commissionedServices(request.actor, pid)
      return reply.render('money/views/commissioning-index.njk', {
        title: 'Commissioning decisions',
        services: list.map((s) => ({ ...s, url: serviceUrl(request.partnership.slug, s.service) })),
        canWrite: moneyPolicy.write(request.actor, pid),
        view: moneyView,
      })
    },
  )

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const actor = request.actor
    const [nodes, orgs, streams, allocations] = await Promise.all([
      strategy.currentNodes(actor, pid),
      organisations.list(actor, pid),
      money.listStreams(actor, pid),
      money.listAllocations(actor, pid),
    ])
    const decision = text(values.decision)
    return reply.render('money/views/commissioning-form.njk', {
      title: 'Record a commissioning decision',
      values,
      errors,
      decisionItems: commissioningDecisions.map((d) => ({
        value: d,
        text: commissioningDecisionLabels[d],
        checked: d === decision,
      })),
      outcomeItems: selectItems(
        nodes.map((n) => ({ value: n.key, text: `${n.ref ?? ''} ${n.title} (${n.kind})`.trim() })),
        text(values.outcomeKey),
        'Choose the outcome',
      ),
      providerItems: selectItems(
        orgs.map((o) => ({ value: o.id, text: o.name })),
        text(values.providerId),
        'Not named',
      ),
      streamItems: selectItems(
        streams.map((s) => ({ value: s.id, text: `${s.ref} ${s.name}` })),
        text(values.streamId),
        'Not named',
      ),
      allocationItems: selectItems(
        allocations.map((a) => ({
          value: a.id,
          text: `${a.streamRef} ${a.year}: ${a.recipientName}, ${formatPounds(a.amountPence)}`,
        })),
        text(values.allocationId),
        'Not named',
      ),
    })
  }

  app.get(
    '/p/:slug/money/commissioning/new',
    { schema: page, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const q = (request.query ?? {}) as Values
      return renderForm(request, reply, { service: text(q.service) })
    },
  )

  app.post(
    '/p/:slug/money/commissioning',
    { schema: page, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Values
      return submitForm(reply, {
        schema: commissioningInput,
        body,
        invalid: (errors) => renderForm(request, reply, body, errors),
        valid: async () => {
          const row = await money.recordCommissioningDecision(
            request.actor,
            request.partnership.id,
            body as never,
          )
          request.flash(
            'success',
            `${commissioningDecisionLabels[row.decision as 'commission']}: the decision on ${row.service} has been recorded`,
          )
          return reply.redirect(serviceUrl(request.partnership.slug, row.service))
        },
      })
    },
  )

  app.get(
    '/p/:slug/money/commissioning/:service',
    {
      schema: { params: slugParams.extend({ service: z.string().min(1).max(200) }) },
      config: { policy: moneyPolicy.read },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const decisions = await money.serviceDecisions(request.actor, pid, request.params.service)
      if (!decisions.length) throw notFound('Funded service')
      return reply.render('money/views/commissioning-show.njk', {
        title: decisions[0]!.service,
        service: decisions[0]!.service,
        decisions,
        canWrite: moneyPolicy.write(request.actor, pid),
        view: moneyView,
      })
    },
  )

  app.post(
    '/p/:slug/money/commissioning/:id/archive',
    { schema: { params: idParams }, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const pid = request.partnership.id
      const row = await money.archiveCommissioningDecision(request.actor, pid, request.params.id)
      request.flash('success', `The decision on ${row.service} of ${row.decidedOn} has been removed`)
      const left = await money.serviceDecisions(request.actor, pid, row.service)
      return reply.redirect(
        left.length
          ? serviceUrl(request.partnership.slug, row.service)
          : `/p/${request.partnership.slug}/money/commissioning`,
      )
    },
  )
}

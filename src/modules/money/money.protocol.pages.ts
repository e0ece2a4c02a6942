import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { FieldErrors } from '../../errors.ts'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { attempt, organisationItems } from './money.funding.presenter.ts'
import { financeOfficer, moneyPolicy } from './money.policy.ts'
import type { ProtocolPublishInput, ProtocolSignInput } from './money.protocol.schema.ts'

type Values = Record<string, unknown>

/** The financial protocol: its current text and versions, who signed, who has not; publish and sign. */
export function protocolPages(fastify: FastifyInstance, services: Services) {
  const { money, organisations } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const page = { params: slugParams }
  const here = (request: FastifyRequest) => `/p/${request.partnership.slug}/money/protocol`

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { publish?: Values; sign?: Values } = {},
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [protocol, versions, orgs, allocations] = await Promise.all([
      money.protocol(request.actor, pid),
      money.protocolVersions(request.actor, pid),
      organisations.list(request.actor, pid),
      money.listAllocations(request.actor, pid),
    ])
    const signed = new Set(protocol?.signatures.map((s) => s.organisationId))
    const recipients = new Set(allocations.filter((a) => !a.parentAllocationId).map((a) => a.recipientId))
    const anyOrg = financeOfficer(request.actor, pid)
    const own = request.actor.organisations?.get(pid) ?? null
    const signable = anyOrg ? orgs : orgs.filter((o) => o.id === own)
    const sign = form.sign ?? { organisationId: anyOrg ? '' : (own ?? '') }
    return reply.render('money/views/protocol-index.njk', {
      title: 'Financial protocol',
      protocol,
      versions,
      unsigned: orgs
        .filter((o) => !signed.has(o.id))
        .map((o) => ({ ...o, recipient: recipients.has(o.id) }))
        .sort((a, b) => Number(b.recipient) - Number(a.recipient) || a.name.localeCompare(b.name)),
      publish: form.publish ?? { text: protocol?.text ?? '' },
      sign,
      errors,
      organisationItems: anyOrg
        ? organisationItems(signable, sign.organisationId, 'Choose the organisation signing')
        : organisationItems(signable, sign.organisationId).filter((i) => i.value !== ''),
      canWrite: moneyPolicy.write(request.actor, pid),
      canSign: moneyPolicy.sign(request.actor, pid) && signable.length > 0 && !!protocol,
    })
  }

  app.get(
    '/p/:slug/money/protocol',
    { schema: page, config: { policy: moneyPolicy.read } },
    (request, reply) => render(request, reply),
  )

  app.post(
    '/p/:slug/money/protocol',
    { schema: page, config: { policy: moneyPolicy.write } },
    (request, reply) => {
      const body = (request.body ?? {}) as Values
      return attempt(
        reply,
        async () => {
          const row = await money.publishProtocol(
            request.actor,
            request.partnership.id,
            body as ProtocolPublishInput,
          )
          request.flash('success', `Version ${row.version} of the financial protocol has been published`)
          return reply.redirect(here(request))
        },
        (errors) => render(request, reply, { publish: body }, errors),
      )
    },
  )

  app.post(
    '/p/:slug/money/protocol/signatures',
    { schema: page, config: { policy: moneyPolicy.sign } },
    (request, reply) => {
      const body = (request.body ?? {}) as Values
      return attempt(
        reply,
        async () => {
          const row = await money.signProtocol(
            request.actor,
            request.partnership.id,
            body as ProtocolSignInput,
          )
          const org = (await organisations.list(request.actor, request.partnership.id)).find(
            (o) => o.id === row.organisationId,
          )
          request.flash('success', `${org?.name ?? 'The organisation'}’s signature has been recorded`)
          return reply.redirect(here(request))
        },
        (errors) => render(request, reply, { sign: body }, errors),
      )
    },
  )

  return Promise.resolve()
}

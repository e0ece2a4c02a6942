import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { isAppError, type FieldErrors } from '../../errors.ts'
import { idParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import type { Actor } from '../auth/actor.ts'
import { moneyPolicy } from './money.policy.ts'
import { moneyView, refusalFields, spendActor } from './money.spend.presenter.ts'

type Values = Record<string, unknown>
type Rule = (actor: Actor, partnershipId: string) => boolean

/** The fields of the return page's forms; a refusal naming any other is shown at the top. */
const PAGE_FIELDS = new Set(['reason', 'decision', 'decidedWith', 'overspendResponsibility'])

/** A spend return's page, and what is done to it there: submit, approve, return, decide on its variance. */
export function spendShowPages(fastify: FastifyInstance, { money }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const one = { params: idParams }
  const url = (request: FastifyRequest, id: string) => `/p/${request.partnership.slug}/money/spend/${id}`

  async function renderShow(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    opts: { errors?: FieldErrors; values?: Values; protocolRefused?: boolean } = {},
  ) {
    const pid = request.partnership.id
    const actor = request.actor
    const [r, thresholds] = await Promise.all([money.getSpend(actor, pid, id), money.thresholds(actor, pid)])
    const who = spendActor(request)
    const isCurrent = r.supersededAt === null
    const current = r.history.find((h) => h.supersededAt === null) ?? null
    const mayEnter = who.mayEnter && (who.finance || who.own === r.recipientId)
    const open = r.status === 'draft' || r.status === 'returned'
    const approver = moneyPolicy.approveSpend(actor, pid)
    // Whoever submitted a return does not approve it too, unless the partnership allows it.
    const ownSubmission =
      r.status === 'submitted' && r.recordedBy === actor.label && !request.partnership.allowSelfApproval
    const errors = opts.errors
      ? Object.fromEntries(
          Object.entries(opts.errors).map(([k, v]) => [PAGE_FIELDS.has(k) ? k : '_form', v] as const),
        )
      : undefined
    return reply.render('money/views/spend-show.njk', {
      title: `Spend return: ${r.fundingRef} ${r.recipient}, ${r.period}`,
      r,
      isCurrent,
      current,
      history: [...r.history].reverse(),
      thresholds,
      rag: moneyView.ragTag(r.variance.rag, thresholds),
      errors,
      protocolRefused: opts.protocolRefused ?? false,
      values: opts.values ?? {
        decision: r.decision ?? '',
        decidedWith: r.decidedWith ?? '',
        overspendResponsibility: r.overspendResponsibility ?? '',
      },
      changeUrl: `/p/${request.partnership.slug}/money/spend/new?streamId=${r.streamId}&recipientId=${r.recipientId}&period=${encodeURIComponent(r.period)}`,
      can: {
        change: isCurrent && mayEnter && (who.finance || open),
        submit: isCurrent && mayEnter && open,
        approve: isCurrent && approver && r.status === 'submitted',
        ownSubmission,
        return: isCurrent && approver && (r.status === 'submitted' || r.status === 'approved'),
        decide: isCurrent && approver && r.status !== 'draft',
      },
      view: moneyView,
    })
  }

  app.get(
    '/p/:slug/money/spend/:id',
    { schema: one, config: { policy: moneyPolicy.read } },
    async (request, reply) => renderShow(request, reply, request.params.id),
  )

  /** A change from the return's page: on a refusal, the page again saying why (4xx). */
  function action(
    name: 'submit' | 'approve' | 'return' | 'decision',
    rule: Rule,
    run: (request: FastifyRequest, id: string, body: Values) => Promise<{ id: string }>,
    done: string,
  ) {
    app.post(
      `/p/:slug/money/spend/:id/${name}`,
      { schema: one, config: { policy: rule } },
      async (request, reply) => {
        const { id } = request.params
        const body = (request.body ?? {}) as Values
        try {
          const row = await run(request, id, body)
          request.flash('success', done)
          return reply.redirect(url(request, row.id))
        } catch (e) {
          if (isAppError(e) && e.status === 404) throw e
          const errors = refusalFields(e, '_form')
          reply.status((e as { status: number }).status)
          return renderShow(request, reply, id, {
            errors,
            values: name === 'decision' || name === 'return' ? body : undefined,
            protocolRefused: isAppError(e) && e.id === 'protocol_not_signed',
          })
        }
      },
    )
  }

  action(
    'submit',
    moneyPolicy.enterSpend,
    (r, id) => money.submitSpend(r.actor, r.partnership.id, id),
    'Spend return submitted for approval',
  )
  action(
    'approve',
    moneyPolicy.approveSpend,
    (r, id) => money.approveSpend(r.actor, r.partnership.id, id),
    'Spend return approved',
  )
  action(
    'return',
    moneyPolicy.approveSpend,
    (r, id, body) => money.returnSpend(r.actor, r.partnership.id, id, body),
    'Spend return sent back to the recipient',
  )
  action(
    'decision',
    moneyPolicy.approveSpend,
    (r, id, body) => money.decideVariance(r.actor, r.partnership.id, id, body),
    'Decision on the variance recorded',
  )
}

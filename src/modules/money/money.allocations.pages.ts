import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppError, FieldErrors } from '../../errors.ts'
import { idParams, slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import type { AllocationCreateInput, AllocationUpdateInput } from './money.allocations.schema.ts'
import {
  attempt,
  defaultYear,
  organisationItems,
  paysForChoices,
  paysForItems,
  pounds,
  poundsValue,
  yearsOf,
} from './money.funding.presenter.ts'
import { moneyPolicy } from './money.policy.ts'

type Values = Record<string, unknown>
const QUARTERS = ['Q1 April to June', 'Q2 July to September', 'Q3 October to December', 'Q4 January to March']

/** What an allocation pays for, as the form's select value. */
const paysForValue = (a: { targetId: string | null; outcomeKey: string | null; actionId: string | null }) =>
  a.targetId
    ? `target:${a.targetId}`
    : a.outcomeKey
      ? `outcome:${a.outcomeKey}`
      : a.actionId
        ? `action:${a.actionId}`
        : ''

/** Allocations: by recipient, one allocation with its release, and the forms to make and change them. */
export function allocationPages(fastify: FastifyInstance, services: Services) {
  const { money, organisations } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const money$ = (request: FastifyRequest) => `/p/${request.partnership.slug}/money`
  const page = { params: slugParams }
  const one = { params: idParams }

  app.get(
    '/p/:slug/money/allocations',
    {
      schema: {
        ...page,
        querystring: z.object({ year: z.string().optional(), recipient: z.string().optional() }),
      },
      config: { policy: moneyPolicy.read },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const years = yearsOf(await money.streamTree(request.actor, pid))
      const asked = request.query.year?.trim() ?? null
      const year = asked === '' ? null : asked && /^\d{4}\/\d{2}$/.test(asked) ? asked : defaultYear(years)
      const recipient = z.uuid().safeParse(request.query.recipient).data ?? ''
      const [byRecipient, orgs] = await Promise.all([
        money.allocationsByRecipient(request.actor, pid, { year }),
        organisations.list(request.actor, pid),
      ])
      const recipients = byRecipient.recipients.filter((r) => !recipient || r.recipientId === recipient)
      return reply.render('money/views/allocations-index.njk', {
        title: 'Allocations',
        year,
        recipient,
        yearItems: [
          { value: '', text: 'Every year', selected: !year },
          ...[...new Set([...years, ...(year ? [year] : [])])]
            .sort()
            .map((y) => ({ value: y, text: y, selected: y === year })),
        ],
        recipientItems: organisationItems(orgs, recipient, 'Every recipient'),
        recipients,
        totals: byRecipient.totals,
        pounds,
      })
    },
  )

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    target: {
      streamId: string
      allocation?: { id: string; recipientName: string; streamRef: string; year: string }
    },
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [stream, orgs, choices, allocations] = await Promise.all([
      money.getStream(request.actor, pid, target.streamId),
      organisations.list(request.actor, pid),
      paysForChoices(services, request.actor, pid),
      money.listAllocations(request.actor, pid, { streamId: target.streamId }),
    ])
    const profile = Array.isArray(values.profile) ? (values.profile as string[]) : []
    return reply.render('money/views/allocations-form.njk', {
      title: target.allocation
        ? `Change the allocation to ${target.allocation.recipientName}`
        : `Allocate from ${stream.ref}: ${stream.name}`,
      stream,
      allocation: target.allocation,
      values,
      errors,
      recipientItems: organisationItems(orgs, values.recipientId, 'Choose the recipient'),
      yearItems: [
        { value: '', text: 'Choose the year', selected: !values.year },
        ...stream.years
          .filter((y) => y.hasBudget)
          .map((y) => ({
            value: y.year,
            text: `${y.year} (${pounds(y.unallocated)} unallocated of ${pounds(y.budget)})`,
            selected: values.year === y.year,
          })),
      ],
      parentItems: [
        { value: '', text: 'No: from the stream’s budget', selected: !values.parentAllocationId },
        ...allocations.map((a) => ({
          value: a.id,
          text: `${a.recipientName}, ${a.year}, ${pounds(a.amountPence)}${a.ref ? ` (${a.ref})` : ''}`,
          selected: values.parentAllocationId === a.id,
        })),
      ],
      paysForItems: paysForItems(choices, values.paysFor),
      quarters: QUARTERS.map((label, i) => ({
        label,
        value: profile[i] ?? '',
        error: errors?.[`profile.${i}`],
      })),
      hasBudget: stream.years.some((y) => y.hasBudget),
    })
  }

  app.get(
    '/p/:slug/money/streams/:id/allocations/new',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const years = (await money.getStream(request.actor, request.partnership.id, request.params.id)).years
        .filter((y) => y.hasBudget)
        .map((y) => y.year)
      return renderForm(request, reply, { streamId: request.params.id }, { year: defaultYear(years) })
    },
  )

  app.post(
    '/p/:slug/money/streams/:id/allocations',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const streamId = request.params.id
      await money.getStream(request.actor, request.partnership.id, streamId)
      const body = (request.body ?? {}) as Values
      return attempt(
        reply,
        async () => {
          const row = await money.createAllocation(request.actor, request.partnership.id, {
            ...body,
            streamId,
          } as AllocationCreateInput)
          request.flash('success', `${pounds(row.amountPence)} has been allocated for ${row.year}`)
          return reply.redirect(`${money$(request)}/allocations/${row.id}`)
        },
        (errors) => renderForm(request, reply, { streamId }, body, errors),
      )
    },
  )

  async function renderAllocation(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    errors?: FieldErrors,
    error?: AppError,
  ) {
    const pid = request.partnership.id
    const a = await money.getAllocation(request.actor, pid, id)
    const protocol = await money.protocol(request.actor, pid)
    const signature = protocol?.signatures.find((s) => s.organisationId === a.recipientId)
    return reply.render('money/views/allocations-show.njk', {
      title: `Allocation to ${a.recipientName}`,
      a,
      protocol,
      signature,
      errors,
      notSigned: error?.id === 'protocol_not_signed' ? error.message : null,
      profile: a.profile?.map((p, i) => ({ label: QUARTERS[i], amount: p })) ?? null,
      pounds,
      canWrite: moneyPolicy.write(request.actor, pid),
      canRelease: moneyPolicy.release(request.actor, pid),
    })
  }

  app.get(
    '/p/:slug/money/allocations/:id',
    { schema: one, config: { policy: moneyPolicy.read } },
    (request, reply) => renderAllocation(request, reply, request.params.id),
  )

  const load = (request: FastifyRequest, id: string) =>
    money.getAllocation(request.actor, request.partnership.id, id)

  app.get(
    '/p/:slug/money/allocations/:id/edit',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const a = await load(request, request.params.id)
      return renderForm(
        request,
        reply,
        { streamId: a.streamId, allocation: a },
        {
          recipientId: a.recipientId,
          amount: poundsValue(a.amountPence),
          paysFor: paysForValue(a),
          ref: a.ref,
          title: a.title,
          notes: a.notes,
          awardedOn: a.awardedOn,
          profile: a.profile?.map(poundsValue) ?? [],
        },
      )
    },
  )

  app.post(
    '/p/:slug/money/allocations/:id',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const a = await load(request, request.params.id)
      const body = (request.body ?? {}) as Values
      return attempt(
        reply,
        async () => {
          await money.updateAllocation(
            request.actor,
            request.partnership.id,
            a.id,
            body as AllocationUpdateInput,
          )
          request.flash('success', `The allocation to ${a.recipientName} has been updated`)
          return reply.redirect(`${money$(request)}/allocations/${a.id}`)
        },
        (errors) => renderForm(request, reply, { streamId: a.streamId, allocation: a }, body, errors),
      )
    },
  )

  app.post(
    '/p/:slug/money/allocations/:id/archive',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const a = await load(request, request.params.id)
      return attempt(
        reply,
        async () => {
          await money.archiveAllocation(request.actor, request.partnership.id, a.id)
          request.flash('success', `The allocation to ${a.recipientName} has been archived`)
          return reply.redirect(`${money$(request)}/streams/${a.streamId}`)
        },
        (errors, error) => renderAllocation(request, reply, a.id, errors, error),
      )
    },
  )

  app.post(
    '/p/:slug/money/allocations/:id/release',
    { schema: one, config: { policy: moneyPolicy.release } },
    async (request, reply) => {
      const a = await load(request, request.params.id)
      return attempt(
        reply,
        async () => {
          await money.releaseAllocation(request.actor, request.partnership.id, a.id)
          request.flash('success', `${pounds(a.amountPence)} has been released to ${a.recipientName}`)
          return reply.redirect(`${money$(request)}/allocations/${a.id}`)
        },
        (errors, error) => renderAllocation(request, reply, a.id, errors, error),
      )
    },
  )

  return Promise.resolve()
}

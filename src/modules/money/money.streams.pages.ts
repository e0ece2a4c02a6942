import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import {
  attempt,
  defaultYear,
  organisationItems,
  pounds,
  streamLabels,
  streamRows,
  yearsOf,
} from './money.funding.presenter.ts'
import { moneyPolicy } from './money.policy.ts'
import {
  spendTypes,
  streamKinds,
  streamPurposes,
  type BudgetInput,
  type StreamInput,
} from './money.streams.schema.ts'

type Values = Record<string, unknown>

const radios = (labels: Record<string, string>, chosen: unknown, extra?: { value: string; text: string }) => [
  ...Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen === value })),
  ...(extra ? [{ ...extra, checked: (chosen ?? '') === extra.value }] : []),
]

/** Funding streams: the tree for a year, one stream with its budgets and allocations, the forms. */
export function streamPages(fastify: FastifyInstance, services: Services) {
  const { money, organisations } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/money/streams`
  const page = { params: slugParams }
  const one = { params: idParams }

  app.get(
    '/p/:slug/money/streams',
    {
      schema: { ...page, querystring: z.object({ year: z.string().optional() }) },
      config: { policy: moneyPolicy.read },
    },
    async (request, reply) => {
      const pid = request.partnership.id
      const tree = await money.streamTree(request.actor, pid)
      const years = yearsOf(tree)
      const asked = request.query.year?.trim()
      const year = asked && /^\d{4}\/\d{2}$/.test(asked) ? asked : defaultYear(years)
      const rows = streamRows(tree, year)
      const unlinked = await money.unlinkedAllocations(request.actor, pid, { year })
      const top = rows.filter((r) => r.depth === 0)
      return reply.render('money/views/streams-index.njk', {
        title: 'Funding streams',
        year,
        yearItems: [...new Set([...years, year])]
          .sort()
          .map((y) => ({ value: y, text: y, selected: y === year })),
        rows,
        totals: {
          budget: top.reduce((s, r) => s + r.budget, 0),
          allocated: top.reduce((s, r) => s + r.allocated, 0),
          unallocated: top.reduce((s, r) => s + r.unallocated, 0),
        },
        unlinked,
        pounds,
        canWrite: moneyPolicy.write(request.actor, pid),
      })
    },
  )

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    stream: { id: string; ref: string; name: string } | undefined,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [streams, orgs] = await Promise.all([
      money.listStreams(request.actor, pid),
      organisations.list(request.actor, pid),
    ])
    return reply.render('money/views/streams-form.njk', {
      title: stream ? `Change ${stream.ref}: ${stream.name}` : 'Add a funding stream',
      stream,
      values,
      errors,
      kindItems: radios(streamKinds, values.kind),
      ringFencedItems: [
        { value: 'yes', text: 'Yes', checked: ['yes', 'true', true].includes(values.ringFenced as string) },
        { value: 'no', text: 'No', checked: !['yes', 'true', true].includes(values.ringFenced as string) },
      ],
      spendTypeItems: radios(spendTypes, values.spendType ?? '', { value: '', text: 'Either' }),
      purposeItems: radios(streamPurposes, values.purpose ?? '', { value: '', text: 'Neither' }),
      parentItems: [
        { value: '', text: 'None: a stream in its own right', selected: !values.parentId },
        ...streams
          .filter((s) => s.id !== stream?.id)
          .map((s) => ({ value: s.id, text: `${s.ref} ${s.name}`, selected: values.parentId === s.id })),
      ],
      accountableItems: organisationItems(orgs, values.accountableOrganisationId, 'Not recorded'),
    })
  }

  app.get(
    '/p/:slug/money/streams/new',
    { schema: page, config: { policy: moneyPolicy.write } },
    (request, reply) => renderForm(request, reply, undefined, { kind: 'pooled', ringFenced: 'no' }),
  )

  app.post(
    '/p/:slug/money/streams',
    { schema: page, config: { policy: moneyPolicy.write } },
    (request, reply) =>
      attempt(
        reply,
        async () => {
          const row = await money.createStream(
            request.actor,
            request.partnership.id,
            request.body as StreamInput,
          )
          request.flash('success', `${row.ref} ${row.name} has been added`)
          return reply.redirect(`${base(request)}/${row.id}`)
        },
        (errors) => renderForm(request, reply, undefined, request.body as Values, errors),
      ),
  )

  async function renderStream(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    values: Values = {},
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const stream = await money.getStream(request.actor, pid, id)
    const years = await Promise.all(
      stream.years.map((y) => money.streamAllocations(request.actor, pid, id, y.year)),
    )
    const streams = await money.listStreams(request.actor, pid)
    return reply.render('money/views/streams-show.njk', {
      title: `${stream.ref}: ${stream.name}`,
      stream: { ...stream, ...streamLabels(stream) },
      parent: streams.find((s) => s.id === stream.parentId),
      children: streams.filter((s) => s.parentId === stream.id),
      accountableName: streams.find((s) => s.id === id)?.accountableName ?? null,
      years: years.map((y) => ({ ...y, rows: y.allocations.flatMap((a) => [a, ...a.onward]) })),
      history: stream.budgetHistory,
      values,
      errors,
      pounds,
      canWrite: moneyPolicy.write(request.actor, pid),
    })
  }

  app.get(
    '/p/:slug/money/streams/:id',
    { schema: one, config: { policy: moneyPolicy.read } },
    (request, reply) => renderStream(request, reply, request.params.id),
  )

  app.get(
    '/p/:slug/money/streams/:id/edit',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const s = await money.getStream(request.actor, request.partnership.id, request.params.id)
      return renderForm(request, reply, s, {
        ...s,
        ringFenced: s.ringFenced ? 'yes' : 'no',
        spendType: s.spendType ?? '',
        purpose: s.purpose ?? '',
        parentId: s.parentId ?? '',
        accountableOrganisationId: s.accountableOrganisationId ?? '',
      })
    },
  )

  app.post(
    '/p/:slug/money/streams/:id',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const s = await money.getStream(request.actor, request.partnership.id, request.params.id)
      return attempt(
        reply,
        async () => {
          const row = await money.updateStream(
            request.actor,
            request.partnership.id,
            s.id,
            request.body as StreamInput,
          )
          request.flash('success', `${row.ref} has been updated`)
          return reply.redirect(`${base(request)}/${row.id}`)
        },
        (errors) => renderForm(request, reply, s, request.body as Values, errors),
      )
    },
  )

  app.post(
    '/p/:slug/money/streams/:id/archive',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const id = request.params.id
      return attempt(
        reply,
        async () => {
          const row = await money.archiveStream(request.actor, request.partnership.id, id)
          request.flash('success', `${row.ref} has been archived`)
          return reply.redirect(base(request))
        },
        (errors) => renderStream(request, reply, id, {}, errors),
      )
    },
  )

  app.post(
    '/p/:slug/money/streams/:id/budgets',
    { schema: one, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const id = request.params.id
      await money.getStream(request.actor, request.partnership.id, id)
      const body = (request.body ?? {}) as Values
      return attempt(
        reply,
        async () => {
          const row = await money.setBudget(request.actor, request.partnership.id, id, body as BudgetInput)
          request.flash('success', `The ${row.year} budget is now ${pounds(row.amountPence)}`)
          return reply.redirect(`${base(request)}/${id}`)
        },
        (errors) => renderStream(request, reply, id, body, errors),
      )
    },
  )

  return Promise.resolve()
}

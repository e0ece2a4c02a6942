import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { idParams, orShowErrors, submitForm } from '../../lib/pages.ts'
import { yearLabel } from '../../periods/index.ts'
import type { Services } from '../../services.ts'
import { listed } from '../targets/negotiation.rules.ts'
import { targetPolicy } from '../targets/targets.policy.ts'
import {
  targetKinds,
  targetKindShort,
  targetStatusLabels,
  targetStatuses,
  targetFilterQuery,
  type TargetFilters,
} from '../targets/targets.schema.ts'
import { agreementPolicy } from './agreements.policy.ts'
import type { AgreementRow } from './agreements.service.ts'
import {
  agreementInput,
  agreementStatusLabels,
  periodLabel,
  signOffInput,
  statusInput,
} from './agreements.schema.ts'

const formValues = (a: AgreementRow) => ({
  name: a.name,
  start: yearLabel(a.startYear),
  end: yearLabel(a.endYear),
  description: a.description,
})

const labels = { status: agreementStatusLabels, kind: targetKindShort, targetStatus: targetStatusLabels }

export function agreementPages(fastify: FastifyInstance, { agreements, targets }: Services): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/p/:slug/agreements'
  const listUrl = (request: FastifyRequest) => `/p/${request.partnership.slug}/agreements`

  /** The agreement page; its target list filtered as the address asks (a form re-rendered: unfiltered). */
  async function showLocals(request: FastifyRequest, agreement: AgreementRow, filters: TargetFilters = {}) {
    const p = request.partnership
    const [rows, current, incomplete] = await Promise.all([
      targets.list(request.actor, p.id, agreement.id, filters),
      agreements.current(request.actor, p.id),
      targets.incompleteAgreed(request.actor, p.id, agreement.id),
    ])
    return {
      title: agreement.name,
      incomplete: incomplete.map((v) => ({
        id: v.target.id,
        code: v.indicator.code,
        title: v.indicator.title,
        missing: listed(v.missing),
      })),
      agreement,
      period: periodLabel(agreement),
      isCurrent: current?.id === agreement.id,
      targets: rows,
      labels,
      filtered: Boolean(filters.kind || filters.status),
      filterItems: {
        kind: [
          { value: '', text: 'Any kind' },
          ...targetKinds.map((k) => ({ value: k, text: targetKindShort[k], selected: k === filters.kind })),
        ],
        status: [
          { value: '', text: 'Any status' },
          ...targetStatuses.map((s) => ({
            value: s,
            text: targetStatusLabels[s],
            selected: s === filters.status,
          })),
        ],
      },
      statusItems: (['draft', 'penultimate', 'final'] as const).map((s) => ({
        value: s,
        text: agreementStatusLabels[s],
        checked: s === agreement.status,
      })),
      canEdit: agreementPolicy.update(request.actor, p.id) && !agreement.archivedAt,
      canAddTarget: targetPolicy.edit(request.actor, p.id) && !agreement.archivedAt,
    }
  }

  app.get(base, { config: { policy: agreementPolicy.read } }, async (request, reply) => {
    const p = request.partnership
    const [rows, current] = await Promise.all([
      agreements.list(request.actor, p.id),
      agreements.current(request.actor, p.id),
    ])
    return reply.render('agreements/views/index.njk', {
      title: 'Local Area Agreements',
      agreements: rows.map((a) => ({ ...a, period: periodLabel(a), current: a.id === current?.id })),
      labels,
      canEdit: agreementPolicy.create(request.actor, p.id),
    })
  })

  app.get(`${base}/new`, { config: { policy: agreementPolicy.create } }, async (request, reply) => {
    return reply.render('agreements/views/form.njk', {
      title: 'Create an agreement',
      values: { name: 'Local Area Agreement 2008-2011', start: '2008/09', end: '2010/11' },
    })
  })

  app.post(base, { config: { policy: agreementPolicy.create } }, async (request, reply) =>
    submitForm(reply, {
      schema: agreementInput,
      body: request.body,
      invalid: (errors) =>
        reply.render('agreements/views/form.njk', {
          title: 'Create an agreement',
          values: request.body,
          errors,
        }),
      valid: async (input) => {
        const row = await agreements.create(request.actor, request.partnership.id, input)
        request.flash('success', `${row.name} has been created as a draft`)
        return reply.redirect(`${listUrl(request)}/${row.id}`)
      },
    }),
  )

  app.get(
    `${base}/:id`,
    {
      schema: { params: idParams, querystring: targetFilterQuery },
      config: { policy: agreementPolicy.read },
    },
    async (request, reply) => {
      const { id } = request.params
      const agreement = await agreements.get(request.actor, request.partnership.id, id)
      return reply.render('agreements/views/show.njk', await showLocals(request, agreement, request.query))
    },
  )

  app.get(
    `${base}/:id/edit`,
    { schema: { params: idParams }, config: { policy: agreementPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const row = await agreements.get(request.actor, request.partnership.id, id)
      return reply.render('agreements/views/form.njk', {
        title: `Change ${row.name}`,
        agreement: row,
        values: formValues(row),
      })
    },
  )

  app.post(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: agreementPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const row = await agreements.get(request.actor, request.partnership.id, id)
      return submitForm(reply, {
        schema: agreementInput,
        body: request.body,
        invalid: (errors) =>
          reply.render('agreements/views/form.njk', {
            title: `Change ${row.name}`,
            agreement: row,
            values: request.body,
            errors,
          }),
        valid: async (input) => {
          const updated = await agreements.update(request.actor, request.partnership.id, id, input)
          request.flash('success', `${updated.name} has been updated`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    `${base}/:id/status`,
    { schema: { params: idParams }, config: { policy: agreementPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const row = await agreements.get(request.actor, request.partnership.id, id)
      const invalid = async (errors: Record<string, string>) =>
        reply.render('agreements/views/show.njk', { ...(await showLocals(request, row)), errors })
      return submitForm(reply, {
        schema: statusInput,
        body: request.body,
        invalid,
        valid: async ({ status }) => {
          const updated = await agreements.changeStatus(request.actor, request.partnership.id, id, status)
          request.flash('success', `${updated.name} is now: ${agreementStatusLabels[status].toLowerCase()}`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    `${base}/:id/new-draft`,
    { schema: { params: idParams }, config: { policy: agreementPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const row = await agreements.get(request.actor, request.partnership.id, id)
      return orShowErrors(
        reply,
        async () => {
          const updated = await agreements.newDraft(request.actor, request.partnership.id, id)
          request.flash('success', `Draft ${updated.version} of ${updated.name} has been issued`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
        async (errors) =>
          reply.render('agreements/views/show.njk', { ...(await showLocals(request, row)), errors }),
      )
    },
  )

  app.get(
    `${base}/:id/sign-off`,
    { schema: { params: idParams }, config: { policy: agreementPolicy.signOff } },
    async (request, reply) => {
      const { id } = request.params
      const row = await agreements.get(request.actor, request.partnership.id, id)
      return reply.render('agreements/views/sign-off.njk', {
        title: `Record the sign-off of ${row.name}`,
        agreement: row,
        unsettled: await agreements.unsettledTargets(request.actor, request.partnership.id, id),
        labels,
        values: { signedOn: row.signedOn, signedBy: row.signedBy, signOffNotes: row.signOffNotes },
      })
    },
  )

  app.post(
    `${base}/:id/sign-off`,
    { schema: { params: idParams }, config: { policy: agreementPolicy.signOff } },
    async (request, reply) => {
      const { id } = request.params
      const row = await agreements.get(request.actor, request.partnership.id, id)
      const invalid = async (errors: Record<string, string>) =>
        reply.render('agreements/views/sign-off.njk', {
          title: `Record the sign-off of ${row.name}`,
          agreement: row,
          unsettled: await agreements.unsettledTargets(request.actor, request.partnership.id, id),
          labels,
          values: request.body,
          errors,
        })
      return submitForm(reply, {
        schema: signOffInput,
        body: request.body,
        invalid,
        valid: async (input) => {
          const updated = await agreements.signOff(request.actor, request.partnership.id, id, input)
          request.flash('success', `${updated.name} is recorded as signed`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    `${base}/:id/archive`,
    { schema: { params: idParams }, config: { policy: agreementPolicy.archive } },
    async (request, reply) => {
      const { id } = request.params
      const row = await agreements.archive(request.actor, request.partnership.id, id)
      request.flash('success', `${row.name} has been archived`)
      return reply.redirect(listUrl(request))
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

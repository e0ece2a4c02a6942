import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { zodFieldErrors } from '../../lib/forms.ts'
import { idParams, orShowErrors, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { indicatorPolicy } from './indicators.policy.ts'
import { formItems } from './indicators.presenter.ts'
import {
  UNTITLED,
  accumulationLabels,
  combineLabels,
  defaultAccumulation,
  defaultDecimals,
  frequencyLabels,
  indicatorDefinitionFields,
  indicatorInput,
  indicatorQuery,
  indicatorSetLabels,
  indicatorSets,
  polarities,
  polarityLabels,
  unitLabels,
} from './indicators.schema.ts'

const labels = {
  set: indicatorSetLabels,
  unit: unitLabels,
  polarity: polarityLabels,
  frequency: frequencyLabels,
  combine: combineLabels,
  accumulation: accumulationLabels,
  untitled: UNTITLED,
}

/** A national indicator's definition as form fields (blank for null). */
const definitionOf = (row: Record<string, unknown>) =>
  Object.fromEntries(indicatorDefinitionFields.map((k) => [k, row[k] ?? '']))

const overlayOf = (body: unknown) => {
  const b = (body ?? {}) as Record<string, unknown>
  return { lagMonths: b.lagMonths ?? '', responsibleOrganisationId: b.responsibleOrganisationId ?? '' }
}

const defaultsFor = (i: { unit: string | null }) => ({
  accumulation: defaultAccumulation(i.unit),
  decimals: defaultDecimals(i.unit),
})

export function indicatorPages(
  fastify: FastifyInstance,
  { indicators, organisations }: Services,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/p/:slug/indicators'
  const listUrl = (request: FastifyRequest) => `/p/${request.partnership.slug}/indicators`

  async function formLocals(request: FastifyRequest) {
    const orgs = await organisations.list(request.actor, request.partnership.id)
    return {
      items: formItems,
      organisationItems: (selected?: unknown) => [
        { value: '', text: 'None recorded' },
        ...orgs.map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
      ],
    }
  }

  app.get(base, { config: { policy: indicatorPolicy.read } }, async (request, reply) => {
    const p = request.partnership
    const parsed = indicatorQuery.safeParse(request.query ?? {})
    const filters = parsed.success ? parsed.data : {}
    const values = (request.query ?? {}) as Record<string, string>
    const [rows, themes] = await Promise.all([
      indicators.list(request.actor, p.id, filters),
      indicators.themes(request.actor, p.id),
    ])
    const filtered = ['q', 'set', 'theme', 'polarity', 'incomplete'].some((k) => values[k])
    if (!parsed.success) reply.status(422)
    return reply.render('indicators/views/index.njk', {
      title: 'Indicator catalogue',
      indicators: rows,
      labels,
      values,
      filtered,
      errors: parsed.success ? undefined : zodFieldErrors(parsed.error),
      filterItems: {
        set: [
          { value: '', text: 'Any set' },
          ...indicatorSets.map((s) => ({
            value: s,
            text: indicatorSetLabels[s],
            selected: s === values.set,
          })),
        ],
        theme: [
          { value: '', text: 'Any theme' },
          ...themes.map((t) => ({ value: t, text: t, selected: t === values.theme })),
        ],
        polarity: [
          { value: '', text: 'Any polarity' },
          ...polarities.map((s) => ({ value: s, text: polarityLabels[s], selected: s === values.polarity })),
          { value: 'unknown', text: 'Not yet recorded', selected: values.polarity === 'unknown' },
        ],
        incomplete: [
          { value: '', text: 'Complete or not' },
          { value: 'true', text: 'Incomplete only', selected: values.incomplete === 'true' },
          { value: 'false', text: 'Complete only', selected: values.incomplete === 'false' },
        ],
      },
      canEdit: indicatorPolicy.create(request.actor, p.id),
    })
  })

  app.get(`${base}/new`, { config: { policy: indicatorPolicy.create } }, async (request, reply) => {
    return reply.render('indicators/views/form.njk', {
      title: 'Add an indicator',
      values: { set: 'local', combine: 'none' },
      ...(await formLocals(request)),
    })
  })

  app.post(base, { config: { policy: indicatorPolicy.create } }, async (request, reply) =>
    submitForm(reply, {
      schema: indicatorInput,
      body: request.body,
      invalid: async (errors) =>
        reply.render('indicators/views/form.njk', {
          title: 'Add an indicator',
          values: request.body,
          errors,
          ...(await formLocals(request)),
        }),
      valid: async (input) => {
        const row = await indicators.create(request.actor, request.partnership.id, input)
        request.flash('success', `${row.code} has been added to the catalogue`)
        return reply.redirect(`${listUrl(request)}/${row.id}`)
      },
    }),
  )

  app.get(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: indicatorPolicy.read } },
    async (request, reply) => {
      const { id } = request.params
      const p = request.partnership
      const row = await indicators.get(request.actor, p.id, id)
      const org = row.responsibleOrganisationId
        ? await organisations.get(request.actor, p.id, row.responsibleOrganisationId).catch(() => undefined)
        : undefined
      return reply.render('indicators/views/show.njk', {
        title: `${row.code} ${row.title ?? ''}`.trim(),
        indicator: row,
        organisation: org,
        labels,
        defaults: defaultsFor(row),
        canEdit: indicatorPolicy.update(request.actor, p.id) && !row.archivedAt,
      })
    },
  )

  app.get(
    `${base}/:id/edit`,
    { schema: { params: idParams }, config: { policy: indicatorPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const row = await indicators.get(request.actor, request.partnership.id, id)
      return reply.render('indicators/views/form.njk', {
        title: `Change ${row.code}`,
        indicator: row,
        values: row,
        ...(await formLocals(request)),
      })
    },
  )

  app.post(
    `${base}/:id`,
    { schema: { params: idParams }, config: { policy: indicatorPolicy.update } },
    async (request, reply) => {
      const { id } = request.params
      const row = await indicators.get(request.actor, request.partnership.id, id)
      // A national indicator's form records only the partnership's lag and responsible organisation.
      const body =
        row.partnershipId === null ? { ...definitionOf(row), ...overlayOf(request.body) } : request.body
      return submitForm(reply, {
        schema: indicatorInput,
        body,
        invalid: async (errors) =>
          reply.render('indicators/views/form.njk', {
            title: `Change ${row.code}`,
            indicator: row,
            values: request.body,
            errors,
            ...(await formLocals(request)),
          }),
        valid: async (input) => {
          const updated = await indicators.update(request.actor, request.partnership.id, id, input)
          request.flash('success', `${updated.code} has been updated`)
          return reply.redirect(`${listUrl(request)}/${id}`)
        },
      })
    },
  )

  app.post(
    `${base}/:id/archive`,
    { schema: { params: idParams }, config: { policy: indicatorPolicy.archive } },
    async (request, reply) => {
      const { id } = request.params
      const p = request.partnership
      const row = await indicators.get(request.actor, p.id, id)
      return orShowErrors(
        reply,
        async () => {
          await indicators.archive(request.actor, p.id, id)
          request.flash('success', `${row.code} has been archived`)
          return reply.redirect(listUrl(request))
        },
        (errors) =>
          reply.render('indicators/views/show.njk', {
            title: `${row.code} ${row.title ?? ''}`.trim(),
            indicator: row,
            labels,
            defaults: defaultsFor(row),
            errors,
            canEdit: true,
          }),
      )
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { FieldErrors } from '../../errors.ts'
import { idParams, slugParams, submitForm } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { descriptors } from './risks.presenter.ts'
import { riskPolicy } from './risks.policy.ts'
import { riskAppetitePages } from './risks.appetite.pages.ts'
import { riskHeatMapPages } from './risks.heat-map.pages.ts'
import {
  bandOf,
  HIGH_RISK_SCORE,
  reviewInput,
  riskFilter,
  riskInput,
  riskStatusLabels,
  scoreBands,
  trendLabels,
} from './risks.schema.ts'
import type { RiskView } from './risks.service.ts'
import { riskWorkshopPages } from './risks.workshops.pages.ts'

type Values = Record<string, unknown>

/** What every risk list shows beside a risk: its band and trend in words. */
const decorate = (r: RiskView) => ({
  ...r,
  band: bandOf(r.score),
  inherentBand: r.inherentScore ? bandOf(r.inherentScore) : null,
  targetBand: r.targetScore ? bandOf(r.targetScore) : null,
  trendLabel: trendLabels[r.trend],
  statusLabel: riskStatusLabels[r.status as 'open' | 'closed'],
})

const scoreItems = (chosen: unknown, what: 'likelihood' | 'impact', blank?: string) => [
  ...(blank ? [{ value: '', text: blank, selected: chosen === '' || chosen == null }] : []),
  ...descriptors[what].map((d) => ({
    value: String(d.value),
    text: `${d.value} ${d.label}`,
    selected: String(chosen) === String(d.value),
  })),
]

/** The risk register: list, heat map, high risks, overdue reviews, appetite and workshops. */
export function riskPages(fastify: FastifyInstance, services: Services): Promise<void> {
  const { risks, people, strategy } = services
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = (request: FastifyRequest) => `/p/${request.partnership.slug}/risks`
  const page = { params: slugParams }
  const one = { params: idParams }

  app.get('/p/:slug/risks', { schema: page, config: { policy: riskPolicy.read } }, async (request, reply) => {
    const pid = request.partnership.id
    const parsed = riskFilter.safeParse(request.query)
    const filter = parsed.success ? parsed.data : {}
    const [rows, categories] = await Promise.all([
      risks.list(request.actor, pid, filter),
      risks.categories(request.actor, pid),
    ])
    const cell =
      filter.likelihood && filter.impact
        ? `likelihood ${filter.likelihood} and impact ${filter.impact}`
        : filter.likelihood
          ? `likelihood ${filter.likelihood}`
          : filter.impact
            ? `impact ${filter.impact}`
            : null
    return reply.render('risks/views/index.njk', {
      title: 'Risk register',
      risks: rows.map(decorate),
      filter: { status: filter.status ?? 'open', category: filter.category ?? '', cell },
      categories,
      statusItems: [
        { value: 'open', text: 'Open' },
        { value: 'closed', text: 'Closed' },
        { value: 'all', text: 'Open and closed' },
      ].map((i) => ({ ...i, selected: i.value === (filter.status ?? 'open') })),
      categoryItems: [
        { value: '', text: 'All categories' },
        ...categories.map((c) => ({ value: c, text: c, selected: c === filter.category })),
      ],
      canEdit: riskPolicy.edit(request.actor, pid),
      canWorkshop: riskPolicy.workshops(request.actor, pid),
    })
  })

  riskHeatMapPages(fastify, services)

  app.get(
    '/p/:slug/risks/high',
    {
      schema: { ...page, querystring: z.object({ threshold: z.string().optional() }) },
      config: { policy: riskPolicy.read },
    },
    async (request, reply) => {
      const asked = Number(request.query.threshold)
      const threshold = Number.isInteger(asked) && asked >= 1 && asked <= 25 ? asked : HIGH_RISK_SCORE
      const rows = await risks.highRisks(request.actor, request.partnership.id, threshold)
      return reply.render('risks/views/high.njk', {
        title: 'High risks for the steering group',
        risks: rows.map(decorate),
        threshold,
      })
    },
  )

  app.get(
    '/p/:slug/risks/overdue',
    { schema: page, config: { policy: riskPolicy.read } },
    async (request, reply) => {
      const rows = await risks.overdueReviews(request.actor, request.partnership.id)
      return reply.render('risks/views/overdue.njk', {
        title: 'Risk reviews overdue',
        risks: rows.map(decorate),
      })
    },
  )

  async function renderRisk(
    request: FastifyRequest,
    reply: FastifyReply,
    risk: RiskView | undefined,
    values: Values,
    errors?: FieldErrors,
  ) {
    const pid = request.partnership.id
    const [ps, nodes, targets, categories, workshops] = await Promise.all([
      people.list(request.actor, pid),
      strategy.currentNodes(request.actor, pid),
      risks.targetChoices(request.actor, pid),
      risks.categories(request.actor, pid),
      risks.workshops(request.actor, pid),
    ])
    const subject = values.subject ?? ''
    return reply.render('risks/views/form.njk', {
      title: risk ? `Change ${risk.ref}: ${risk.title}` : 'Add a risk',
      risk,
      values,
      errors,
      categories,
      subjectItems: [
        { value: '', text: 'The partnership as a whole', selected: subject === '' },
        ...nodes.map((n) => ({
          value: `outcome:${n.key}`,
          text: `${n.ref} ${n.title} (${n.kind})`,
          selected: subject === `outcome:${n.key}`,
        })),
        ...targets.map((t) => ({
          value: `target:${t.id}`,
          text: `Target ${t.code} ${t.title}`,
          selected: subject === `target:${t.id}`,
        })),
      ],
      ownerItems: [
        { value: '', text: 'No owner yet' },
        ...ps.map((p) => ({
          value: p.id,
          text: `${p.name}${p.organisationName ? ` (${p.organisationName})` : ''}`,
          selected: values.ownerPersonId === p.id,
        })),
      ],
      workshopItems: [
        { value: '', text: 'Not from a workshop' },
        ...workshops.map((w) => ({ value: w.id, text: w.title, selected: values.workshopId === w.id })),
      ],
      scores: {
        inherentLikelihood: scoreItems(values.inherentLikelihood, 'likelihood', 'Not assessed'),
        inherentImpact: scoreItems(values.inherentImpact, 'impact', 'Not assessed'),
        likelihood: scoreItems(values.likelihood, 'likelihood', 'Choose'),
        impact: scoreItems(values.impact, 'impact', 'Choose'),
        targetLikelihood: scoreItems(values.targetLikelihood, 'likelihood', 'Not set'),
        targetImpact: scoreItems(values.targetImpact, 'impact', 'Not set'),
      },
      descriptors,
      bands: scoreBands,
      statusItems: (['open', 'closed'] as const).map((s) => ({
        value: s,
        text: riskStatusLabels[s],
        checked: s === (values.status ?? 'open'),
      })),
    })
  }

  app.get(
    '/p/:slug/risks/new',
    { schema: page, config: { policy: riskPolicy.edit } },
    async (request, reply) => renderRisk(request, reply, undefined, {}),
  )

  app.post('/p/:slug/risks', { schema: page, config: { policy: riskPolicy.edit } }, async (request, reply) =>
    submitForm(reply, {
      schema: riskInput,
      body: request.body,
      invalid: (errors) => renderRisk(request, reply, undefined, request.body as Values, errors),
      valid: async (input) => {
        const row = await risks.create(request.actor, request.partnership.id, input)
        request.flash('success', `${row.ref} ${row.title} has been added to the register`)
        return reply.redirect(`${base(request)}/${row.id}`)
      },
    }),
  )

  app.get(
    '/p/:slug/risks/:id',
    { schema: one, config: { policy: riskPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const risk = await risks.get(request.actor, pid, request.params.id)
      const mayEdit = await risks.mayEditRisk(request.actor, pid, risk)
      return reply.render('risks/views/show.njk', {
        title: `${risk.ref}: ${risk.title}`,
        risk: decorate(risk),
        reviews: risk.reviews
          .slice()
          .reverse()
          .map((r) => ({ ...r, score: r.likelihood * r.impact, band: bandOf(r.likelihood * r.impact) })),
        descriptors,
        canEdit: mayEdit,
        canArchive: riskPolicy.archive(request.actor, pid),
      })
    },
  )

  const riskValues = (r: RiskView): Values => ({ ...r, note: '' })

  app.get(
    '/p/:slug/risks/:id/edit',
    { schema: one, config: { policy: riskPolicy.edit } },
    async (request, reply) => {
      const risk = await risks.get(request.actor, request.partnership.id, request.params.id)
      return renderRisk(request, reply, risk, riskValues(risk))
    },
  )

  app.post(
    '/p/:slug/risks/:id',
    { schema: one, config: { policy: riskPolicy.edit } },
    async (request, reply) => {
      const risk = await risks.get(request.actor, request.partnership.id, request.params.id)
      return submitForm(reply, {
        schema: riskInput,
        body: request.body,
        invalid: (errors) => renderRisk(request, reply, risk, request.body as Values, errors),
        valid: async (input) => {
          const row = await risks.update(request.actor, request.partnership.id, risk.id, input)
          request.flash('success', `${row.ref} has been updated`)
          return reply.redirect(`${base(request)}/${row.id}`)
        },
      })
    },
  )

  const renderReview = (
    request: FastifyRequest,
    reply: FastifyReply,
    risk: RiskView,
    values: Values,
    errors?: FieldErrors,
  ) =>
    reply.render('risks/views/review.njk', {
      title: `Review ${risk.ref}: ${risk.title}`,
      risk: decorate(risk),
      values,
      errors,
      descriptors,
      bands: scoreBands,
      scores: {
        likelihood: scoreItems(values.likelihood, 'likelihood', 'Choose'),
        impact: scoreItems(values.impact, 'impact', 'Choose'),
      },
      statusItems: (['open', 'closed'] as const).map((s) => ({
        value: s,
        text: riskStatusLabels[s],
        checked: s === (values.status ?? 'open'),
      })),
    })

  app.get(
    '/p/:slug/risks/:id/review',
    { schema: one, config: { policy: riskPolicy.edit } },
    async (request, reply) => {
      const risk = await risks.get(request.actor, request.partnership.id, request.params.id)
      return renderReview(request, reply, risk, {
        likelihood: risk.likelihood,
        impact: risk.impact,
        controls: risk.controls,
        status: risk.status,
        reviewOn: '',
      })
    },
  )

  app.post(
    '/p/:slug/risks/:id/review',
    { schema: one, config: { policy: riskPolicy.edit } },
    async (request, reply) => {
      const risk = await risks.get(request.actor, request.partnership.id, request.params.id)
      return submitForm(reply, {
        schema: reviewInput,
        body: request.body,
        invalid: (errors) => renderReview(request, reply, risk, request.body as Values, errors),
        valid: async (input) => {
          await risks.review(request.actor, request.partnership.id, risk.id, input)
          request.flash('success', `The review of ${risk.ref} has been recorded`)
          return reply.redirect(`${base(request)}/${risk.id}`)
        },
      })
    },
  )

  app.post(
    '/p/:slug/risks/:id/archive',
    { schema: one, config: { policy: riskPolicy.archive } },
    async (request, reply) => {
      const row = await risks.archive(request.actor, request.partnership.id, request.params.id)
      request.flash('success', `${row.ref} has been removed from the register`)
      return reply.redirect(base(request))
    },
  )

  riskAppetitePages(fastify, services)
  riskWorkshopPages(fastify, services)

  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

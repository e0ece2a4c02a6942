import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { isAppError } from '../../errors.ts'
import { formatIndicatorValue } from '../../lib/numbers.ts'
import { comparePeriods } from '../../periods/index.ts'
import type { Services } from '../../services.ts'
import { assessmentPolicy } from '../assessments/assessments.policy.ts'
import { STATUSES } from './dashboard.service.ts'
import {
  assessmentChart,
  kindLabels,
  presentDashboard,
  presentRow,
  statusLabels,
} from './dashboard.presenter.ts'
import { asAtQuery, placesQuery, targetParams, targetsQuery } from './dashboard.schema.ts'

const SORTS = ['code', 'status', 'direction', 'theme'] as const
const statusOrder = Object.fromEntries(
  ['red', 'amber', 'green', 'no-data', 'no-target', 'n/a'].map((s, i) => [s, i]),
)

/** Dashboard pages: every one reads stored assessments, as at `?as-at=` when given. */
export function dashboardPages(
  fastify: FastifyInstance,
  { assessments, dashboard, renderCache }: Services,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const base = '/p/:slug/dashboard'
  const config = { policy: assessmentPolicy.read }
  const asAtText = (request: FastifyRequest) => (request.query as { 'as-at'?: string })['as-at']

  /** The as-at moment, or the page with the field's error (422) when it cannot be used. */
  async function asAt(request: FastifyRequest, reply: FastifyReply, title: string) {
    try {
      return { at: await assessments.asAt(request.partnership.id, asAtText(request)) }
    } catch (e) {
      if (!isAppError(e) || !e.fields?.['as-at']) throw e
      reply.code(422)
      return {
        page: reply.render('dashboard/views/as-at-error.njk', {
          title,
          errors: { 'as-at': e.fields['as-at'] },
          asAtText: asAtText(request),
        }),
      }
    }
  }
  const asAtLocals = (request: FastifyRequest, at: Date | undefined) => {
    const text = asAtText(request)
    return { asAt: at, asAtText: at ? text : '', asAtQuery: at ? `?as-at=${encodeURIComponent(text!)}` : '' }
  }

  // Answered from the render cache while the partnership's data is unchanged (src/lib/render-cache.ts).
  app.get(base, { schema: { querystring: asAtQuery }, config }, (request, reply) =>
    renderCache.page(request, reply, async () => {
      const title = 'Performance dashboard'
      const a = await asAt(request, reply, title)
      if (a.page) return a.page
      const h = await dashboard.headline(request.actor, request.partnership.id, { at: a.at })
      const trends = await dashboard.trends(request.actor, request.partnership.id, h.lines, { at: a.at })
      return reply.render('dashboard/views/index.njk', {
        title,
        ...presentDashboard(h, trends),
        ...asAtLocals(request, a.at),
      })
    }),
  )

  app.get(`${base}/targets`, { schema: { querystring: targetsQuery }, config }, async (request, reply) => {
    const title = 'Targets and their status'
    const a = await asAt(request, reply, title)
    if (a.page) return a.page
    const q = request.query
    const { lines, themes } = await dashboard.lines(request.actor, request.partnership.id, {
      at: a.at,
      placeId: q.place || undefined,
    })
    const sort = (SORTS as readonly string[]).includes(q.sort ?? '') ? q.sort! : 'code'
    const shown = lines
      .filter((l) => !q.theme || l.themes.some((t) => t.id === q.theme))
      .filter((l) => !q.kind || l.target.kind === q.kind)
      .filter((l) => !q.status || (l.row?.status ?? 'no-data') === q.status)
      .sort((x, y) => {
        const code = x.target.indicator.code.localeCompare(y.target.indicator.code, 'en', { numeric: true })
        if (sort === 'status')
          return statusOrder[x.row?.status ?? 'no-data']! - statusOrder[y.row?.status ?? 'no-data']! || code
        if (sort === 'direction')
          return (x.row?.direction ?? '').localeCompare(y.row?.direction ?? '') || code
        if (sort === 'theme')
          return (
            (x.themes[0]?.ref ?? '~').localeCompare(y.themes[0]?.ref ?? '~', 'en', { numeric: true }) || code
          )
        return code
      })
    const placeIds = [...new Set(lines.map((l) => l.target.ownPlaceId).filter((x): x is string => !!x))]
    const allPlaces = await dashboard.placeNames(placeIds)
    const item = (value: string, text: string, selected?: string) => ({
      value,
      text,
      selected: value === (selected ?? ''),
    })
    return reply.render('dashboard/views/targets.njk', {
      title,
      rows: shown.map((l) => ({
        id: l.target.id,
        code: l.target.indicator.code,
        title: l.target.indicator.title,
        kind: kindLabels[l.target.kind] ?? l.target.kind,
        themes: l.themes.map((t) => `${t.ref} ${t.title}`).join('; '),
        row: l.row ? presentRow(l.row, l.target.indicator) : undefined,
      })),
      filters: {
        theme: [item('', 'All themes'), ...themes.map((t) => item(t.id, `${t.ref} ${t.title}`, q.theme))],
        kind: [item('', 'All kinds'), ...Object.entries(kindLabels).map(([k, v]) => item(k, v, q.kind))],
        status: [item('', 'All statuses'), ...STATUSES.map((s) => item(s, statusLabels[s]!, q.status))],
        place: [
          item('', 'Each target’s own place'),
          ...placeIds.map((id) => item(id, allPlaces.get(id)?.name ?? id, q.place)),
        ],
        sort: SORTS.map((s) =>
          item(
            s,
            { code: 'Indicator code', status: 'Status (red first)', direction: 'Direction', theme: 'Theme' }[
              s
            ],
            sort,
          ),
        ),
      },
      ...asAtLocals(request, a.at),
    })
  })

  app.get(
    `${base}/targets/:id`,
    { schema: { params: targetParams, querystring: asAtQuery }, config },
    async (request, reply) => {
      const a = await asAt(request, reply, 'Target assessment')
      if (a.page) return a.page
      const { id } = request.params
      const { target, rows } = await dashboard.target(request.actor, request.partnership.id, id, { at: a.at })
      const own = rows.filter((r) => r.row.placeId === target.ownPlaceId).map((r) => r.row)
      const periods = [...new Set(rows.map((r) => r.row.period))].sort(comparePeriods)
      const latest = [...own].reverse().find((r) => r.value !== null)
      return reply.render('dashboard/views/target.njk', {
        title: `${target.indicator.code} assessment`,
        target,
        kind: kindLabels[target.kind] ?? target.kind,
        place: own[0] ? rows.find((r) => r.row.placeId === target.ownPlaceId) : undefined,
        chart: own.length ? assessmentChart(target, own) : '',
        rows: own.map((r) => presentRow(r, target.indicator)),
        latest: latest ? presentRow(latest, target.indicator) : undefined,
        baseline: formatIndicatorValue(target.baselineValue, target.indicator),
        comparePeriod: latest?.period ?? periods[0],
        ...asAtLocals(request, a.at),
      })
    },
  )

  app.get(
    `${base}/targets/:id/places`,
    { schema: { params: targetParams, querystring: placesQuery }, config },
    async (request, reply) => {
      const a = await asAt(request, reply, 'Place comparison')
      if (a.page) return a.page
      const { id } = request.params
      const q = request.query
      const { target, rows } = await dashboard.target(request.actor, request.partnership.id, id, { at: a.at })
      const periods = [...new Set(rows.map((r) => r.row.period))].sort(comparePeriods)
      const period = q.period && periods.includes(q.period) ? q.period : periods[0]
      const inPeriod = rows
        .filter((r) => r.row.period === period)
        .sort((x, y) => x.placeDepth - y.placeDepth || x.placeName.localeCompare(y.placeName))
      return reply.render('dashboard/views/places.njk', {
        title: `${target.indicator.code} by place`,
        target,
        period,
        periodItems: periods.map((x) => ({ value: x, text: x, selected: x === period })),
        rows: inPeriod.map((r) => ({
          place: r.placeName,
          gss: r.placeGss,
          own: r.row.placeId === target.ownPlaceId,
          ...presentRow(r.row, target.indicator),
        })),
        ...asAtLocals(request, a.at),
      })
    },
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

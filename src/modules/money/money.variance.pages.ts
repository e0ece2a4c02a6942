import { stringify } from 'csv-stringify/sync'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { isAppError, type FieldErrors } from '../../errors.ts'
import { poundsText } from '../../lib/money.ts'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { csvSafe } from '../../workbook/csv.ts'
import type { Actor } from '../auth/actor.ts'
import { moneyPolicy } from './money.policy.ts'
import type { VarianceRow } from './money.spend.reads.ts'
import { defaultYear, moneyView, quarterLabels, selectItems } from './money.spend.presenter.ts'

type Values = Record<string, unknown>
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/** The years the partnership has money in (a budget or an allocation), oldest first. */
export async function moneyYears(money: Services['money'], actor: Actor, partnershipId: string) {
  const years = new Set<string>()
  type Node = { years: { year: string }[]; children: Node[] }
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      for (const y of n.years) years.add(y.year)
      walk(n.children)
    }
  }
  walk(await money.streamTree(actor, partnershipId))
  return [...years].sort()
}

/** Columns of the variance download: the workbook's Variance sheet, with the quarter, profile and RAG. */
const CSV_HEADERS = [
  'funding_ref',
  'stream',
  'recipient',
  'year',
  'period',
  'budget',
  'allocated',
  'profiled_to_date',
  'actual_to_date',
  'forecast',
  'variance',
  'variance_percent',
  'rag',
  'explanation',
]

function varianceCsv(rows: VarianceRow[]) {
  const money = (p: number | null) => (p === null ? '' : poundsText(p))
  const cells = (r: VarianceRow) => [
    r.fundingRef,
    r.streamName,
    r.level === 'stream' ? 'Total' : (r.recipient ?? ''),
    r.year,
    r.period ?? '',
    money(r.budgetPence),
    money(r.allocatedPence),
    money(r.profiledToDatePence),
    money(r.actualToDatePence),
    money(r.forecastPence),
    money(r.variancePence),
    r.variancePercent ?? '',
    r.rag ?? '',
    r.explanation ?? '',
  ]
  return stringify([CSV_HEADERS, ...rows.map((r) => cells(r).map(csvSafe))], { bom: true })
}

/** Variance per stream and recipient for a year, the thresholds, and the table as CSV. */
export function variancePages(fastify: FastifyInstance, { money }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const page = { params: slugParams }

  /**
   * The variance of the year (and quarter) asked for; a year or quarter that is not one is named
   * and the default year shown instead.
   */
  async function renderVariance(
    request: FastifyRequest,
    reply: FastifyReply,
    asked: { year: string; period: string },
    opts: { errors?: FieldErrors; values?: Values } = {},
  ) {
    const pid = request.partnership.id
    const actor = request.actor
    const [years, thresholds] = await Promise.all([
      moneyYears(money, actor, pid),
      money.thresholds(actor, pid),
    ])
    let errors = opts.errors
    let year = asked.year || defaultYear(years)
    let period = asked.period
    let rows: VarianceRow[]
    try {
      rows = await money.varianceRows(actor, pid, { year, period: period || undefined })
    } catch (e) {
      if (!isAppError(e) || !e.fields) throw e
      errors = { ...e.fields, ...errors }
      reply.status(422)
      year = defaultYear(years)
      period = ''
      rows = await money.varianceRows(actor, pid, { year })
    }
    const yearItems = [...new Set([...years, year])].sort().map((y) => ({ value: y, text: y }))
    return reply.render('money/views/variance-index.njk', {
      title: `Variance ${year}`,
      year,
      period,
      rows: rows.map((r, i) => ({ ...r, firstOfStream: i === 0 || rows[i - 1]!.streamId !== r.streamId })),
      thresholds,
      errors,
      values: opts.values ?? thresholds,
      yearItems: selectItems(yearItems, year),
      periodItems: selectItems(
        quarterLabels(year).map((q) => ({ value: q, text: `To the end of ${q}` })),
        period,
        'Each recipient’s latest return',
      ),
      canWrite: moneyPolicy.write(actor, pid),
      csvUrl: `/p/${request.partnership.slug}/money/variance.csv?year=${encodeURIComponent(year)}${period ? `&period=${encodeURIComponent(period)}` : ''}`,
      view: moneyView,
    })
  }

  const asked = (query: unknown) => {
    const q = (query ?? {}) as Values
    return { year: text(q.year), period: text(q.period) }
  }

  app.get(
    '/p/:slug/money/variance',
    { schema: page, config: { policy: moneyPolicy.read } },
    (request, reply) => renderVariance(request, reply, asked(request.query)),
  )

  app.get(
    '/p/:slug/money/variance.csv',
    { schema: page, config: { policy: moneyPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const q = asked(request.query)
      const year = q.year || defaultYear(await moneyYears(money, request.actor, pid))
      const rows = await money.varianceRows(request.actor, pid, { year, period: q.period || undefined })
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${request.partnership.slug}-variance-${year.replace('/', '-')}.csv"`,
        )
        .send(varianceCsv(rows))
    },
  )

  app.post(
    '/p/:slug/money/variance/thresholds',
    { schema: page, config: { policy: moneyPolicy.write } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Values
      const back = { year: text(body.year), period: text(body.period) }
      try {
        const t = await money.setThresholds(request.actor, request.partnership.id, {
          amberPercent: body.amberPercent ?? '',
          redPercent: body.redPercent ?? '',
        })
        request.flash(
          'success',
          `Thresholds saved: amber beyond ${t.amberPercent}%, red beyond ${t.redPercent}%`,
        )
        const qs = new URLSearchParams(Object.entries(back).filter(([, v]) => v)).toString()
        return reply.redirect(`/p/${request.partnership.slug}/money/variance${qs ? `?${qs}` : ''}`)
      } catch (e) {
        if (!isAppError(e) || !e.fields) throw e
        reply.status(e.status)
        return renderVariance(request, reply, back, { errors: e.fields, values: body })
      }
    },
  )
}

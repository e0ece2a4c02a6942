import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { isAppError, type FieldErrors } from '../../errors.ts'
import { slugParams } from '../../lib/pages.ts'
import type { Services } from '../../services.ts'
import { moneyPolicy } from './money.policy.ts'
import { defaultYear, moneyView, selectItems } from './money.spend.presenter.ts'
import { moneyYears } from './money.variance.pages.ts'

const ALL = 'all'

const fundedFirst = <T extends { allocatedPence: number; actualPence: number }>(list: T[]) =>
  list
    .map((x, i) => ({ x, i }))
    .sort((a, b) => b.x.allocatedPence - a.x.allocatedPence || b.x.actualPence - a.x.actualPence || a.i - b.i)
    .map(({ x }) => x)

/** Value for money: spend per outcome and per target beside status and trend, for a year or all years. */
export function valueForMoneyPages(fastify: FastifyInstance, { money }: Services) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()

  app.get(
    '/p/:slug/money/value',
    { schema: { params: slugParams }, config: { policy: moneyPolicy.read } },
    async (request, reply) => {
      const pid = request.partnership.id
      const actor = request.actor
      const asked = (request.query as Record<string, unknown> | undefined)?.year
      const years = await moneyYears(money, actor, pid)
      let year = typeof asked === 'string' && asked.trim() ? asked.trim() : defaultYear(years)
      let errors: FieldErrors | undefined
      let vfm
      try {
        vfm = await money.valueForMoney(actor, pid, year === ALL ? {} : { year })
      } catch (e) {
        if (!isAppError(e) || !e.fields) throw e
        errors = e.fields
        reply.status(422)
        year = defaultYear(years)
        vfm = await money.valueForMoney(actor, pid, { year })
      }
      const items = [...new Set([...years, ...(year === ALL ? [] : [year])])]
        .sort()
        .map((y) => ({ value: y, text: y }))
      return reply.render('money/views/value-index.njk', {
        title: `Value for money${year === ALL ? '' : ` ${year}`}`,
        year,
        vfm,
        // Those with money first (most first), then the rest in their own order.
        outcomes: fundedFirst(vfm.outcomes),
        targets: fundedFirst(vfm.targets),
        errors,
        yearItems: selectItems([{ value: ALL, text: 'All years' }, ...items], year),
        view: moneyView,
      })
    },
  )
}

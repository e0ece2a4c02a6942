import type { FastifyInstance } from 'fastify'
import {
  deriveParent,
  direction,
  forecast,
  needsImprovementPlan,
  rag,
  rewardPayable,
  rewardShare,
} from '../assessments/rules/engine.ts'
import { cumulativeTarget, runRateForecast, yearToDate } from '../assessments/rules/accumulation.ts'
import { formatFigure, formatMoney, formatShare } from '../../lib/numbers.ts'

/**
 * The worked examples of the rules page, computed by the same functions that assess targets,
 * so the page cannot drift from what the system does.
 */
export function workedExamples() {
  return {
    green: rag({ value: 62, target: 60, tolerancePercent: 5, polarity: 'higher' }),
    amber: rag({ value: 58, target: 60, tolerancePercent: 5, polarity: 'higher' }),
    red: rag({ value: 56, target: 60, tolerancePercent: 5, polarity: 'higher' }),
    lowerGreen: rag({ value: 950, target: 1000, tolerancePercent: 5, polarity: 'lower' }),
    lowerAmber: rag({ value: 1030, target: 1000, tolerancePercent: 5, polarity: 'lower' }),
    improving: direction(950, 1030, 'lower'),
    forecast: forecast(
      [
        { x: 0, y: 950 },
        { x: 1, y: 1030 },
        { x: 2, y: 1100 },
      ],
      3,
    ),
    derived: deriveParent(
      [
        { value: 60, numerator: 30, denominator: 50 },
        { value: 20, numerator: 10, denominator: 50 },
        { value: 20, numerator: 20, denominator: 100 },
      ],
      'ratio',
      'percent',
    )?.value,
    share: rewardShare(16.5, 20, 15),
    payable: rewardPayable(100000, rewardShare(16.5, 20, 15)),
    lowShare: rewardShare(18, 20, 15),
    // Cumulative: a quarterly rate per 1,000 against 13.4 a year, and a monthly count against 1,300.
    ytd: yearToDate([{ value: 3.4 }, { value: 3.3 }], 'rate', 1000),
    ytdTarget: cumulativeTarget(null, 13.4, 2, 4),
    ytdRag: rag({ value: 6.7, target: cumulativeTarget(null, 13.4, 2, 4), polarity: 'lower' }),
    monthTarget: formatFigure(cumulativeTarget(null, 1300, 1, 12), 0),
    monthRag: rag({ value: 95, target: cumulativeTarget(null, 1300, 1, 12), polarity: 'lower' }),
    monthForecast: formatFigure(runRateForecast(95, 1, 12), 0),
    profiled: cumulativeTarget(7.3, 14.4, 2, 4),
    // Exact at the edges: 60.3 is exactly 60% of the way from 60 to 60.5.
    edgeShare: formatShare(rewardShare(60.3, 60, 60.5)),
    edgePayable: formatMoney(rewardPayable(100000, rewardShare(60.3, 60, 60.5))),
    edgeRag: rag({ value: 69.35, target: 73, tolerancePercent: 5, polarity: 'higher' }),
    negativeShare: formatShare(rewardShare(21.6, 20, 15)),
    shown: formatFigure(20.5263157894737, 1),
    plan: needsImprovementPlan(['amber', 'red', 'red']),
    planCleared: needsImprovementPlan(['red', 'red', 'amber']),
  }
}

/** Public help: how a status is worked out, so a board member can check one by hand. */
export function helpPages(app: FastifyInstance): Promise<void> {
  app.get('/help/assessment-rules', { config: { public: true } }, async (_request, reply) =>
    reply.render('dashboard/views/rules.njk', { title: 'How performance is assessed', ex: workedExamples() }),
  )
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

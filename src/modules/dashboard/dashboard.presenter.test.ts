import { describe, expect, it } from 'vitest'
import { niceTicks } from '../../lib/charts/line-chart.ts'
import type { StoredAssessment } from '../assessments/assessments.service.ts'
import type { DashboardService, DashboardTarget, TargetLine } from './dashboard.service.ts'
import {
  assessmentChart,
  presentDashboard,
  presentRow,
  presentTrend,
  statusShares,
  themeBar,
} from './dashboard.presenter.ts'

type Row = StoredAssessment['row']
const row = (period: string, over: Partial<Row> = {}): Row =>
  ({
    period,
    value: null,
    valueSource: null,
    targetValue: null,
    status: 'no-data',
    direction: 'n/a',
    directionBaseline: 'n/a',
    forecastValue: null,
    forecastStatus: 'no-data',
    rewardShare: null,
    rewardPayable: null,
    needsPlan: false,
    provisional: false,
    ...over,
  }) as Row

const indicator = {
  id: 'i',
  code: 'NI 16',
  title: 'Serious acquisitive crime',
  unit: 'rate',
  ratePer: 1000,
  polarity: 'lower',
  frequency: 'quarterly',
  decimals: null,
  accumulation: null,
}
const target = {
  id: '0123456789abcdef',
  indicator,
  tolerancePercent: 5,
  baselineValue: 13,
} as unknown as DashboardTarget

describe('figures on the dashboard', () => {
  it('are rounded to the indicator’s decimal places, with shares as whole percentages', () => {
    const r = presentRow(
      row('2008/09 Q1', {
        value: 20.5263157894737,
        targetValue: 20.25,
        forecastValue: -2.50000000000001,
        rewardShare: 0.6,
        rewardPayable: 60000,
      }),
      { unit: 'percent', ratePer: null, decimals: null },
    )
    expect(r).toMatchObject({
      value: '20.5%',
      target: '20.3%',
      forecast: '-2.5%',
      rewardShare: '60%',
      rewardPayable: '£60,000',
      ytd: false,
    })
  })
  it('a share below zero reads as no progress towards the stretch', () =>
    expect(presentRow(row('2008/09', { rewardShare: -3.5 }), indicator).rewardShare).toBe(
      'no progress towards the stretch',
    ))
  it('marks the figures of a cumulative indicator as the year to date', () =>
    expect(presentRow(row('2008/09 Q1', { value: 3.4 }), indicator)).toMatchObject({
      value: '3.4 per 1,000',
      ytd: true,
    }))
})

describe('the target chart', () => {
  const series = [
    row('2008/09 Q1', { value: 3.4, targetValue: 3.35, forecastValue: 13.6 }),
    row('2008/09 Q2', { value: 6.7, targetValue: 6.7, forecastValue: 13.4 }),
    row('2008/09 Q3', { targetValue: 10.05 }),
    row('2008/09 Q4', { targetValue: 13.4 }),
  ]
  it('shows the year to date against the profile, scaled to the figures drawn', () => {
    const svg = assessmentChart(target, series)
    expect(svg).toContain('year to date against the profile')
    expect(svg).toContain('Year-to-date target')
    // The annual baseline is not drawn across the year-to-date figures.
    expect(svg).not.toContain('>Baseline<')
    const ticks = [...svg.matchAll(/class="gt-chart__tick"[^>]*>([^<]*)</g)].map((m) => m[1])
    // From the lowest target (3.35) to the highest amber limit (13.4 + 5%), in round steps.
    expect(ticks).toEqual(['0.0 per 1,000', '5.0 per 1,000', '10.0 per 1,000', '15.0 per 1,000'])
    expect(new Set(ticks).size).toBe(ticks.length)
  })
  it('does not start the axis at 0 when that would squash the figures', () => {
    const counts = {
      ...target,
      indicator: { ...indicator, unit: 'count', ratePer: null, accumulation: 'snapshot' },
      baselineValue: null,
    } as unknown as DashboardTarget
    const svg = assessmentChart(counts, [
      row('2008/09 Q1', { value: 1030, targetValue: 1000 }),
      row('2008/09 Q2', { value: 1010, targetValue: 1000 }),
    ])
    const ticks = [...svg.matchAll(/class="gt-chart__tick"[^>]*>([^<]*)</g)].map((m) => m[1])
    expect(ticks[0]).not.toBe('0')
    expect(Number(ticks[0]!.replace(',', ''))).toBeGreaterThan(900)
    expect(niceTicks(5, 5)).toEqual([4.5, 5, 5.5])
  })
})

describe('the dashboard at a glance', () => {
  const counts = { green: 3, amber: 1, red: 2, 'no-data': 1, 'no-target': 2, 'n/a': 1 }

  it('shares green, amber and red, then every other status as not rated, so they add up', () => {
    expect(statusShares(counts).map((s) => [s.label, s.count, s.tagClass])).toEqual([
      ['Green', 3, 'govuk-tag--green'],
      ['Amber', 1, 'govuk-tag--orange'],
      ['Red', 2, 'govuk-tag--red'],
      ['Not rated', 4, 'govuk-tag--grey'],
    ])
  })

  it('draws a theme’s bar with its shares in words beside it', () => {
    const bar = themeBar('t1', 'Safer: targets by status', counts)
    expect(bar.total).toBe(10)
    expect(bar.words).toBe('3 green (30%), 1 amber (10%), 2 red (20%), 4 not rated (40%)')
    expect(bar.svg).toContain(
      '<desc id="t1-desc">3 green (30%), 1 amber (10%), 2 red (20%), 4 not rated (40%)</desc>',
    )
    expect(bar.svg).toContain('gt-bar__segment--none')
  })

  it('gives a target’s trend in the indicator’s figures, and none for a single period', () => {
    const trend = presentTrend(target, [
      { period: '2008/09 Q1', value: 3.4 },
      { period: '2008/09 Q2', value: null },
      { period: '2008/09 Q3', value: 10.05 },
    ])!
    expect(trend.text).toBe(
      'NI 16 trend, year to date: 2008/09 Q1 3.4 per 1,000, 2008/09 Q2 no data, 2008/09 Q3 10.1 per 1,000',
    )
    expect(trend.svg).toContain(`aria-label="${trend.text}"`)
    expect(presentTrend(target, [{ period: '2008/09 Q1', value: 3.4 }])).toBeUndefined()
  })

  it('lists every target red first, then amber, green and the rest, by code within each', () => {
    const lineOf = (id: string, code: string, status: string | null): TargetLine => ({
      target: { ...target, id, indicator: { ...indicator, code }, kind: 'designated', rewardGrant: null },
      themes: [],
      row: status ? { ...row('2008/09 Q1', { status, value: 1 }), targetId: id } : undefined,
    })
    const lines = [
      lineOf('a', 'NI 10', 'green'),
      lineOf('b', 'NI 9', null),
      lineOf('c', 'NI 2', 'red'),
      lineOf('d', 'NI 1', 'amber'),
      lineOf('e', 'NI 3', 'red'),
    ]
    const headline = {
      lines,
      themes: [],
      total: { green: 1, amber: 1, red: 2, 'no-data': 1, 'no-target': 0, 'n/a': 0 },
      notRated: 1,
      byTheme: [],
      needsPlan: [],
      rewards: [],
      rewardTotal: 0,
      rewardMax: 0,
      changes: { slipped: [], improved: [] },
    } as unknown as Awaited<ReturnType<DashboardService['headline']>>
    const view = presentDashboard(
      headline,
      new Map([
        [
          'c',
          [
            { period: '2008/09 Q1', periodStart: '2008-04-01', value: 1, status: 'red' },
            { period: '2008/09 Q2', periodStart: '2008-07-01', value: 2, status: 'red' },
          ],
        ],
      ]),
    )
    expect(view.glance.map((g) => g.code)).toEqual(['NI 2', 'NI 3', 'NI 1', 'NI 10', 'NI 9'])
    expect(view.glance[0]!.trend?.text).toBe(
      'NI 2 trend, year to date: 2008/09 Q1 1.0 per 1,000, 2008/09 Q2 2.0 per 1,000',
    )
    expect(view.glance[1]!.trend).toBeUndefined()
    expect(view.all).toBe(5)
    expect(view.overall.words).toBe('1 green (20%), 1 amber (20%), 2 red (40%), 1 not rated (20%)')
  })
})

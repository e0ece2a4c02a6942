import { describe, expect, it } from 'vitest'
import { niceTicks } from '../../lib/charts/line-chart.ts'
import type { StoredAssessment } from '../assessments/assessments.service.ts'
import type { DashboardTarget } from './dashboard.service.ts'
import { assessmentChart, presentRow } from './dashboard.presenter.ts'

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

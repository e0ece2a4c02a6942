import { describe, expect, it } from 'vitest'
import { accumulationOf, cumulativeTarget, runRateForecast, yearToDate } from './accumulation.ts'

describe('snapshot or cumulative', () => {
  it('uses what the indicator says', () => {
    expect(accumulationOf('count', 'snapshot')).toBe('snapshot')
    expect(accumulationOf('percent', 'cumulative')).toBe('cumulative')
  })
  it('defaults by unit: counts, money and rates build up; percentages, scores and ratios do not', () => {
    for (const unit of ['count', 'money', 'rate']) expect(accumulationOf(unit, null)).toBe('cumulative')
    for (const unit of ['percent', 'score', 'ratio', null])
      expect(accumulationOf(unit, null)).toBe('snapshot')
  })
})

describe('year to date', () => {
  const v = (value: number, numerator?: number, denominator?: number) => ({ value, numerator, denominator })
  it('adds the year’s periods so far, exactly', () => {
    expect(yearToDate([v(0.1), v(0.2), v(0.3)], 'count')).toBe(0.6)
    expect(yearToDate([v(95)], 'count')).toBe(95)
  })
  it('is missing when any period of the year so far is missing', () => {
    expect(yearToDate([v(10), null, v(12)], 'count')).toBeNull()
    expect(yearToDate([], 'count')).toBeNull()
  })
  it('a rate per N population is the sum of the periods’ rates', () =>
    expect(yearToDate([v(3.4), v(3.3)], 'rate', 1000)).toBe(6.7))
  it('ratio units add numerators and denominators, never the values', () => {
    expect(yearToDate([v(50, 1, 2), v(10, 1, 10)], 'ratio')).toBeCloseTo(2 / 12, 12)
    expect(yearToDate([v(50, 1, 2), v(10, 1, 10)], 'percent')).toBeCloseTo((2 / 12) * 100, 12)
    expect(yearToDate([v(50, 1, 2), v(10)], 'percent')).toBeNull()
  })
})

describe('year-to-date target', () => {
  it('takes the share of the year elapsed: Q2 → 2/4, month 7 → 7/12', () => {
    expect(cumulativeTarget(null, 13.4, 2, 4)).toBe(6.7)
    expect(cumulativeTarget(undefined, 1200, 7, 12)).toBe(700)
    expect(cumulativeTarget(null, 1300, 1, 12)).toBeCloseTo(108.333333333333, 9)
  })
  it('a profiled period’s trajectory value is its year-to-date target', () =>
    expect(cumulativeTarget(40, 1200, 7, 12)).toBe(40))
  it('is missing without a value for the period or its year', () =>
    expect(cumulativeTarget(null, null, 2, 4)).toBeNull())
  it('the year itself is the year’s value', () => expect(cumulativeTarget(null, 13.4, 4, 4)).toBe(13.4))
})

describe('run-rate forecast', () => {
  it('runs the year to date on at its rate to the year end', () => {
    expect(runRateForecast(3.4, 1, 4)).toBe(13.6)
    expect(runRateForecast(700, 7, 12)).toBe(1200)
  })
  it('is missing without a year-to-date figure', () => expect(runRateForecast(null, 2, 4)).toBeNull())
})

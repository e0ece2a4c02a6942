import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatThreshold,
  hundredths,
  percentOf,
  profiledToDate,
  quarterlyProfile,
  ragOf,
  sumPence,
  thresholdErrors,
  varianceOf,
  type Quarter,
} from './money.variance.ts'

const t = { amberPercent: '2', redPercent: '5' }
const pence = fc.integer({ min: 0, max: 10_000_000_000 })

describe('profiled budget', () => {
  it('splits a year evenly with the remainder pence in the last quarter', () => {
    expect(quarterlyProfile(100_003)).toEqual([25_000, 25_000, 25_000, 25_003])
    expect(quarterlyProfile(3)).toEqual([0, 0, 0, 3])
    expect(profiledToDate(100_003, null, 2)).toBe(50_000)
    expect(profiledToDate(100_003, null, 4)).toBe(100_003)
  })

  it('follows an allocation’s own profile', () => {
    expect(quarterlyProfile(1000, [100, 200, 300, 400])).toEqual([100, 200, 300, 400])
    expect(profiledToDate(1000, [100, 200, 300, 400], 3)).toBe(600)
    expect(() => quarterlyProfile(1000, [1, 2, 3])).toThrow()
    expect(() => quarterlyProfile(1000, [1.5, 2, 3, 4])).toThrow()
  })

  it('an even profile always adds up to the amount exactly (property)', () => {
    fc.assert(
      fc.property(pence, (amount) => {
        const q = quarterlyProfile(amount)
        expect(q.reduce((s, x) => s + x, 0)).toBe(amount)
        expect(q.every((x) => Number.isSafeInteger(x) && x >= 0)).toBe(true)
        expect(Math.max(...q) - Math.min(...q)).toBeLessThan(4)
        expect(profiledToDate(amount, null, 4)).toBe(amount)
      }),
    )
  })

  it('the profile to date never falls as the year goes on (property)', () => {
    fc.assert(
      fc.property(pence, fc.option(fc.array(pence, { minLength: 4, maxLength: 4 })), (amount, profile) => {
        const to = ([1, 2, 3, 4] as Quarter[]).map((q) => profiledToDate(amount, profile, q))
        for (let i = 1; i < 4; i++) expect(to[i]).toBeGreaterThanOrEqual(to[i - 1]!)
      }),
    )
  })
})

describe('percent and RAG', () => {
  it('gives the percentage to two places, exactly', () => {
    expect(percentOf(3, 100)).toBe('3.00')
    expect(percentOf(-1, 3)).toBe('-33.33')
    expect(percentOf(2, 3)).toBe('66.67')
    expect(percentOf(1, 20_000)).toBe('0.01') // 0.005% rounds half away from zero
    expect(percentOf(1, 20_001)).toBe('0.00')
    expect(percentOf(0, 5)).toBe('0.00')
    expect(percentOf(5, 0)).toBeNull()
    expect(percentOf(Number.MAX_SAFE_INTEGER, 1)).toBe(`${BigInt(Number.MAX_SAFE_INTEGER) * 100n}.00`)
  })

  it('is amber only beyond the amber threshold and red only beyond red, in either direction', () => {
    expect(ragOf(200, 10_000, t)).toBe('green') // exactly 2%
    expect(ragOf(201, 10_000, t)).toBe('amber')
    expect(ragOf(-201, 10_000, t)).toBe('amber')
    expect(ragOf(500, 10_000, t)).toBe('amber') // exactly 5%
    expect(ragOf(501, 10_000, t)).toBe('red')
    expect(ragOf(-501, 10_000, t)).toBe('red')
    expect(ragOf(0, 0, t)).toBe('green')
    expect(ragOf(1, 0, t)).toBe('red')
  })

  it('compares exact decimal thresholds without floats', () => {
    const fine = { amberPercent: '0.1', redPercent: '0.3' }
    // 0.1 + 0.2 is not 0.3 in binary floats; here 3 pence in 1000 is exactly 0.3%: amber, not red.
    expect(ragOf(3, 1000, fine)).toBe('amber')
    expect(ragOf(1, 1000, fine)).toBe('green')
    expect(ragOf(1, Number.MAX_SAFE_INTEGER, { amberPercent: '0.01', redPercent: '1' })).toBe('green')
    expect(ragOf(1, Number.MAX_SAFE_INTEGER, { amberPercent: '0', redPercent: '1' })).toBe('amber')
  })

  it('reads thresholds as hundredths and checks them', () => {
    expect(hundredths('2')).toBe(200)
    expect(hundredths('2.5')).toBe(250)
    expect(hundredths('0.05')).toBe(5)
    expect(formatThreshold('2.50')).toBe('2.5')
    expect(formatThreshold('5.00')).toBe('5')
    expect(() => hundredths('-1')).toThrow()
    expect(thresholdErrors({ amberPercent: '2', redPercent: '5' })).toEqual({})
    expect(thresholdErrors({ amberPercent: '2', redPercent: '2' })).toEqual({})
    expect(thresholdErrors({ amberPercent: '6', redPercent: '5' })).toHaveProperty('redPercent')
    expect(thresholdErrors({ amberPercent: '-1', redPercent: '5' })).toHaveProperty('amberPercent')
    expect(thresholdErrors({ amberPercent: '2.555', redPercent: 'x' })).toEqual({
      amberPercent: expect.any(String),
      redPercent: expect.any(String),
    })
  })
})

describe('variance of a return', () => {
  it('is actual to date against the profile, and forecast against the year, the worse one rated', () => {
    // £40,000 a year, even: £20,000 profiled to Q2; £20,300 spent (1.5%), forecast £40,000.
    const v = varianceOf(
      { budgetPence: 4_000_000, profiledPence: 2_000_000, actualPence: 2_030_000, forecastPence: 4_000_000 },
      t,
    )
    expect(v).toEqual({
      variancePence: 30_000,
      variancePercent: '1.50',
      forecastVariancePence: 0,
      forecastVariancePercent: '0.00',
      rag: 'green',
      explanationRequired: false,
    })
    const over = varianceOf(
      { budgetPence: 4_000_000, profiledPence: 2_000_000, actualPence: 2_030_000, forecastPence: 4_300_000 },
      t,
    )
    expect(over).toMatchObject({
      forecastVariancePence: 300_000,
      forecastVariancePercent: '7.50',
      rag: 'red',
      explanationRequired: true,
    })
    const noForecast = varianceOf(
      { budgetPence: 4_000_000, profiledPence: 2_000_000, actualPence: 1_900_000 },
      t,
    )
    expect(noForecast).toMatchObject({
      variancePence: -100_000,
      variancePercent: '-5.00',
      forecastVariancePence: null,
      rag: 'amber',
    })
  })

  it('the variance of the totals is the total of the variances (property)', () => {
    const row = fc.record({
      budget: pence,
      quarter: fc.constantFrom<Quarter>(1, 2, 3, 4),
      profile: fc.option(
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 4, maxLength: 4 }),
      ),
      actual: pence,
      forecast: pence,
    })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const each = rows.map((r) => {
          const profiledPence = profiledToDate(r.budget, r.profile, r.quarter)
          return {
            input: { budgetPence: r.budget, profiledPence, actualPence: r.actual, forecastPence: r.forecast },
            v: varianceOf(
              { budgetPence: r.budget, profiledPence, actualPence: r.actual, forecastPence: r.forecast },
              t,
            ),
          }
        })
        const total = varianceOf(
          {
            budgetPence: sumPence(each.map((e) => e.input.budgetPence)),
            profiledPence: sumPence(each.map((e) => e.input.profiledPence)),
            actualPence: sumPence(each.map((e) => e.input.actualPence)),
            forecastPence: sumPence(each.map((e) => e.input.forecastPence)),
          },
          t,
        )
        expect(total.variancePence).toBe(sumPence(each.map((e) => e.v.variancePence)))
        expect(total.forecastVariancePence).toBe(sumPence(each.map((e) => e.v.forecastVariancePence)))
      }),
    )
  })

  it('refuses anything but whole pence', () => {
    expect(() => varianceOf({ budgetPence: 1.5, profiledPence: 0, actualPence: 0 }, t)).toThrow()
    expect(() => sumPence([Number.MAX_SAFE_INTEGER, 1])).toThrow()
  })
})

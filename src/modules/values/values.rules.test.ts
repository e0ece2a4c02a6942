import { describe, expect, it } from 'vitest'
import { quantile, valueWarnings, matchesParts } from './values.rules.ts'

const history = (vals: number[]) => vals.map((value, i) => ({ period: `2008/09 Q${i + 1}`, value }))

describe('plausibility warnings', () => {
  it('interpolates quartiles like a spreadsheet', () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75)
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25)
    expect(quantile([5], 0.5)).toBe(5)
  })

  it('warns when a value is more than three interquartile ranges outside the history', () => {
    const h = history([50, 52, 51, 53])
    expect(valueWarnings({ value: 52, unit: 'count', history: h })).toEqual([])
    const far = valueWarnings({ value: 70, unit: 'count', history: h })
    expect(far).toHaveLength(1)
    expect(far[0]).toMatch(/far outside/)
  })

  it('needs four previous values before judging the spread', () => {
    const w = valueWarnings({ value: 1000, unit: 'count', history: history([50, 52]) })
    expect(w.filter((m) => m.includes('far outside'))).toEqual([])
  })

  it('warns on a jump of 50% or more from the latest earlier value, either way', () => {
    const h = [{ period: '2008/09 Q1', value: 100 }]
    expect(valueWarnings({ value: 149, unit: 'count', history: h })).toEqual([])
    expect(valueWarnings({ value: 150, unit: 'count', history: h })[0]).toMatch(/up 50% on 2008\/09 Q1/)
    expect(valueWarnings({ value: 40, unit: 'count', history: h })[0]).toMatch(/down 60%/)
    const gap = [...h, { period: '2008/09 Q2', value: null }]
    expect(valueWarnings({ value: 150, unit: 'count', history: gap })[0]).toMatch(/on 2008\/09 Q1/)
  })

  it('spots a percentage typed as a fraction', () => {
    const h = [{ period: '2008/09 Q1', value: 45 }]
    const w = valueWarnings({ value: 0.46, unit: 'percent', history: h })
    expect(w.join(' ')).toMatch(/did you mean 46\?/)
  })
})

describe('a value given beside its numerator and denominator', () => {
  it('matches them at the precision it is shown to', () => {
    // 22931 / 640000 per 1,000 = 35.8296875
    for (const v of [35.83, 35.8, 36, 35.829688, 35.8296875, 35.82969])
      expect({ v, ok: matchesParts(v, 22931, 640000, 1000) }).toEqual({ v, ok: true })
    for (const v of [35.82, 35.9, 35.829686, 35.7])
      expect({ v, ok: matchesParts(v, 22931, 640000, 1000) }).toEqual({ v, ok: false })
    // Percentages: 47 / 2000 = 2.35%, shown as 2.4 or 2.3 (half either way) but not 2.5.
    expect(matchesParts(2.4, 47, 2000, 100)).toBe(true)
    expect(matchesParts(2.3, 47, 2000, 100)).toBe(true)
    expect(matchesParts(2.5, 47, 2000, 100)).toBe(false)
    expect(matchesParts(1, 1, 0, 100)).toBe(false)
  })
})

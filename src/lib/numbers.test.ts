import { describe, expect, it } from 'vitest'
import {
  decimalsOf,
  exportFigure,
  formatFigure,
  formatIndicatorValue,
  formatMoney,
  formatShare,
} from './numbers.ts'

describe('figures for people', () => {
  it('rounds to the decimal places, halves up, with thousands separators', () => {
    expect(formatFigure(20.5263157894737, 1)).toBe('20.5')
    expect(formatFigure(1.005, 2)).toBe('1.01')
    expect(formatFigure(1234567.891, 0)).toBe('1,234,568')
    expect(formatFigure(-2.50000000000001, 1)).toBe('-2.5')
    expect(formatFigure(-0.04, 1)).toBe('0.0')
    expect(formatFigure(null, 1)).toBe('')
  })
  it('uses the indicator’s decimals, else the unit’s default (0 count, 2 money, 1 otherwise)', () => {
    expect(decimalsOf({ unit: 'count', decimals: null })).toBe(0)
    expect(decimalsOf({ unit: 'money' })).toBe(2)
    expect(decimalsOf({ unit: 'percent', decimals: null })).toBe(1)
    expect(decimalsOf({ unit: 'percent', decimals: 3 })).toBe(3)
    expect(formatIndicatorValue(108.333333333333, { unit: 'count', decimals: null })).toBe('108')
    expect(formatIndicatorValue(20.5263157894737, { unit: 'percent', decimals: null })).toBe('20.5%')
    expect(formatIndicatorValue(3.35, { unit: 'rate', ratePer: 1000, decimals: 2 })).toBe('3.35 per 1,000')
    expect(formatIndicatorValue(-12.5, { unit: 'money', decimals: null })).toBe('-£12.50')
  })
  it('shows money in pounds, with pence only when there are some', () => {
    expect(formatMoney(60000)).toBe('£60,000')
    expect(formatMoney(864.2)).toBe('£864.20')
    expect(formatMoney(null)).toBe('')
  })
  it('shows a reward share as a whole percentage, and a negative one as no progress', () => {
    expect(formatShare(0.6)).toBe('60%')
    expect(formatShare(0.5999999999999943)).toBe('60%')
    expect(formatShare(0.705)).toBe('71%')
    expect(formatShare(-3.5)).toBe('no progress towards the stretch')
    expect(formatShare(0)).toBe('0%')
  })
})

describe('figures for exports', () => {
  it('carries six decimal places at most, without binary noise', () => {
    expect(exportFigure(-2.50000000000001)).toBe(-2.5)
    expect(exportFigure(108.333333333333)).toBe(108.333333)
    expect(exportFigure(0.1 + 0.2)).toBe(0.3)
    expect(exportFigure(null)).toBeNull()
  })
})

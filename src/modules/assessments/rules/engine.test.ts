import { describe, expect, it } from 'vitest'
import {
  deriveParent,
  direction,
  forecast,
  needsImprovementPlan,
  rag,
  rewardPayable,
  rewardPayablePence,
  rewardShare,
  targetForPeriod,
  valueFromParts,
} from './engine.ts'

const fy = (p: string) => p.slice(0, 7)

describe('target for a period', () => {
  const trajectory = new Map([
    ['2008/09', 50],
    ['2009/10 Q2', 61],
    ['2009/10', 60],
  ])
  it('uses the exact period when the trajectory has it', () =>
    expect(targetForPeriod(trajectory, '2009/10 Q2', fy)).toBe(61))
  it('falls back to the financial year for a quarter without its own', () =>
    expect(targetForPeriod(trajectory, '2008/09 Q3', fy)).toBe(50))
  it('is null when neither the period nor its year has a target', () =>
    expect(targetForPeriod(trajectory, '2010/11 Q1', fy)).toBeNull())
})

describe('RAG', () => {
  it('higher is better: at the target is green', () =>
    expect(rag({ value: 80, target: 80, polarity: 'higher' })).toBe('green'))
  it('higher is better: above the target is green', () =>
    expect(rag({ value: 81, target: 80, polarity: 'higher' })).toBe('green'))
  it('higher is better: worse by no more than tolerance is amber', () =>
    expect(rag({ value: 76, target: 80, tolerancePercent: 5, polarity: 'higher' })).toBe('amber'))
  it('higher is better: worse by more than tolerance is red', () =>
    expect(rag({ value: 75.9, target: 80, tolerancePercent: 5, polarity: 'higher' })).toBe('red'))
  it('lower is better: a value below the target is green', () =>
    expect(rag({ value: 19, target: 21.6, polarity: 'lower' })).toBe('green'))
  it('lower is better: above the target within tolerance is amber', () =>
    expect(rag({ value: 22, target: 21.6, tolerancePercent: 5, polarity: 'lower' })).toBe('amber'))
  it('lower is better: above the target beyond tolerance is red', () =>
    expect(rag({ value: 23, target: 21.6, tolerancePercent: 5, polarity: 'lower' })).toBe('red'))
  it('tolerance defaults to 5%', () =>
    expect(rag({ value: 95, target: 100, polarity: 'higher' })).toBe('amber'))
  it('a per-target tolerance replaces the default', () =>
    expect(rag({ value: 95, target: 100, tolerancePercent: 2, polarity: 'higher' })).toBe('red'))
  it('a neither indicator is never rated', () =>
    expect(rag({ value: 1, target: 2, polarity: 'neither' })).toBe('n/a'))
  it('no target gives no-target', () =>
    expect(rag({ value: 1, target: null, polarity: 'higher' })).toBe('no-target'))
  it('no value gives no-data', () =>
    expect(rag({ value: null, target: 5, polarity: 'higher' })).toBe('no-data'))
  it('a zero target has zero tolerance, so any shortfall is red', () =>
    expect(rag({ value: 1, target: 0, tolerancePercent: 10, polarity: 'lower' })).toBe('red'))
  it('a negative target uses its magnitude for tolerance', () =>
    expect(rag({ value: -10.4, target: -10, tolerancePercent: 5, polarity: 'higher' })).toBe('amber'))
  it('floating-point noise does not make an on-target value amber', () =>
    expect(rag({ value: 0.1 + 0.2, target: 0.3, tolerancePercent: 0, polarity: 'higher' })).toBe('green'))
})

describe('direction of travel', () => {
  it('higher is better and rising is improving', () => expect(direction(5, 4, 'higher')).toBe('improving'))
  it('lower is better and rising is worsening', () => expect(direction(5, 4, 'lower')).toBe('worsening'))
  it('equal values are unchanged', () => expect(direction(4, 4, 'higher')).toBe('unchanged'))
  it('a missing value gives n/a', () => expect(direction(4, null, 'higher')).toBe('n/a'))
  it('neither polarity cannot improve or worsen', () => expect(direction(5, 4, 'neither')).toBe('n/a'))
})

describe('forecast', () => {
  it('projects a straight line exactly', () =>
    expect(
      forecast(
        [
          { x: 0, y: 10 },
          { x: 1, y: 12 },
          { x: 2, y: 14 },
        ],
        3,
      ),
    ).toBeCloseTo(16))
  it('uses only the last four points', () =>
    expect(
      forecast(
        [
          { x: 0, y: 1000 },
          { x: 1, y: 10 },
          { x: 2, y: 10 },
          { x: 3, y: 10 },
          { x: 4, y: 10 },
        ],
        7,
      ),
    ).toBeCloseTo(10))
  it('needs at least two values', () => expect(forecast([{ x: 0, y: 10 }], 3)).toBeNull())
  it('is least squares, not the last two points', () =>
    expect(
      forecast(
        [
          { x: 0, y: 1 },
          { x: 1, y: 3 },
          { x: 2, y: 2 },
          { x: 3, y: 4 },
        ],
        4,
      ),
    ).toBeCloseTo(4.5))
  it('points out of order are sorted by period first', () =>
    expect(
      forecast(
        [
          { x: 2, y: 14 },
          { x: 0, y: 10 },
          { x: 1, y: 12 },
        ],
        3,
      ),
    ).toBeCloseTo(16))
})

describe('places', () => {
  it('sum adds the children’s values', () =>
    expect(deriveParent([{ value: 3 }, { value: 4 }], 'sum', 'count')).toEqual({ value: 7 }))
  it('ratio sums numerators and denominators, never averaging rates', () =>
    // 1/10 = 10% and 50/100 = 50%: the average of rates would be 30%, the true rate is 51/110.
    expect(
      deriveParent(
        [
          { value: 10, numerator: 1, denominator: 10 },
          { value: 50, numerator: 50, denominator: 100 },
        ],
        'ratio',
        'percent',
      )!.value,
    ).toBeCloseTo((51 / 110) * 100))
  it('rates scale by rate_per', () =>
    expect(
      deriveParent([{ value: 0, numerator: 5, denominator: 2000 }], 'ratio', 'rate', 1000)!.value,
    ).toBeCloseTo(2.5))
  it('none derives nothing', () => expect(deriveParent([{ value: 3 }], 'none', 'count')).toBeNull())
  it('a child place without a value means no derived value', () =>
    expect(deriveParent([{ value: 3 }, { value: null }], 'sum', 'count')).toBeNull())
  it('a missing denominator means no derived ratio', () =>
    expect(deriveParent([{ value: 3, numerator: 3, denominator: null }], 'ratio', 'percent')).toBeNull())
  it('a zero total denominator means no derived ratio (no division by zero)', () =>
    expect(deriveParent([{ value: 0, numerator: 0, denominator: 0 }], 'ratio', 'percent')).toBeNull())
  it('a value from numerator and denominator follows the unit', () =>
    expect(valueFromParts(1, 4, 'percent')).toBe(25))
})

describe('reward', () => {
  it('share is the part of the stretch achieved (higher is better)', () =>
    expect(rewardShare(90, 80, 100)).toBeCloseTo(0.5))
  it('share works for lower is better', () => expect(rewardShare(20, 21.6, 19.6)).toBeCloseTo(0.8))
  it('no reward below 60% of the stretch', () => expect(rewardPayable(1000, 0.59)).toBe(0))
  it('reward in proportion from 60%', () => expect(rewardPayable(1000, 0.6)).toBeCloseTo(600))
  it('reward capped at the grant', () => expect(rewardPayable(1000, 1.4)).toBe(1000))
  it('share is undefined when stretch equals the without-reward value', () =>
    expect(rewardShare(5, 5, 5)).toBeNull())
})

describe('needs an improvement plan', () => {
  it('is flagged after red in two consecutive periods', () =>
    expect(needsImprovementPlan(['green', 'red', 'red'])).toBe(true))
  it('a single red is not enough', () => expect(needsImprovementPlan(['red', 'amber', 'red'])).toBe(false))
  it('clears when amber or green again', () =>
    expect(needsImprovementPlan(['red', 'red', 'amber'])).toBe(false))
  it('a gap in the data breaks consecutiveness', () =>
    expect(needsImprovementPlan(['red', 'no-data', 'red'])).toBe(false))
  it('missing data does not clear a raised flag', () =>
    expect(needsImprovementPlan(['red', 'red', 'no-data'])).toBe(true))
})

describe('exact at the edges', () => {
  it('a value exactly on the tolerance limit is amber, even where binary floating point is off', () => {
    // 73 − 5% of 73 = 69.35; 73 − 69.35 is 3.6500000000000057 in binary floating point.
    expect(rag({ value: 69.35, target: 73, tolerancePercent: 5, polarity: 'higher' })).toBe('amber')
    expect(rag({ value: 69.34, target: 73, tolerancePercent: 5, polarity: 'higher' })).toBe('red')
    expect(rag({ value: 76.65, target: 73, tolerancePercent: 5, polarity: 'lower' })).toBe('amber')
  })
  it('a value exactly on target is green', () =>
    expect(rag({ value: 0.3, target: 0.1 + 0.2, tolerancePercent: 0, polarity: 'lower' })).toBe('green'))
  it('a share exactly 60% of the way pays exactly 60% of the grant', () => {
    // (60.3 − 60) / (60.5 − 60) is 0.5999999999999943 in binary floating point.
    const share = rewardShare(60.3, 60, 60.5)
    expect(share).toBe(0.6)
    expect(rewardPayable(100000, share)).toBe(60000)
    expect(rewardPayablePence(100000, share)).toBe(6_000_000)
  })
  it('money is worked out in whole pence', () => {
    expect(rewardPayable(1234.57, 0.7)).toBe(864.2)
    expect(rewardPayablePence(1000.01, 2 / 3)).toBe(66667)
  })
  it('a share below 0.6 pays nothing, and more than the stretch pays the grant', () => {
    expect(rewardPayable(100000, 0.59999)).toBe(0)
    expect(rewardPayable(100000, 1.5)).toBe(100000)
  })
  it('derived sums carry no binary noise', () =>
    expect(deriveParent([{ value: 0.1 }, { value: 0.2 }], 'sum', 'count')).toEqual({ value: 0.3 }))
})

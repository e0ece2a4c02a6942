import { describe, expect, it } from 'vitest'
import { codeSlug, periodSlug } from './public.addresses.ts'
import { approvedOnly, directionsOf } from './public.service.ts'

describe('public addresses', () => {
  it('names a target by its indicator code and a period by its name, lasting', () => {
    expect(codeSlug('NI 30')).toBe('ni-30')
    expect(codeSlug(' L/CS 1a ')).toBe('l-cs-1a')
    expect(periodSlug('2009/10 Q3')).toBe('2009-10-q3')
    expect(periodSlug('2009/10')).toBe('2009-10')
    expect(periodSlug('1999/00')).toBe('1999-00')
    // A month never reads as a year: 2009-10 is the year 2009/10, October 2009 is 2009-oct.
    expect(periodSlug('2009-10')).toBe('2009-oct')
  })
})

describe('approved figures only', () => {
  const row = (period: string, value: number | null, provisional = false) =>
    ({
      period,
      value,
      provisional,
      targetValue: 10,
      status: 'green',
      direction: 'improving',
      directionBaseline: 'improving',
      forecastValue: 12,
      forecastStatus: 'green',
      rewardShare: 0.5,
      rewardPayable: 100,
      needsPlan: true,
      valueSource: 'entered',
    }) as unknown as Parameters<typeof approvedOnly>[0]

  it('shows a row made from any unapproved value as no data, keeping the target, and never a forecast', () => {
    expect(approvedOnly(row('2009/10 Q1', 11, true))).toMatchObject({
      value: null,
      status: 'no-data',
      direction: 'n/a',
      targetValue: 10,
      forecastValue: null,
      rewardPayable: null,
      needsPlan: false,
    })
    expect(approvedOnly(row('2009/10 Q1', 11))).toMatchObject({
      value: 11,
      status: 'green',
      forecastValue: null,
    })
  })

  it('shows a row made from an unapproved value as it was last approved, when it was', () => {
    const before = { ...row('2009/10 Q1', 9), status: 'amber', targetValue: 8 }
    expect(approvedOnly(row('2009/10 Q1', 11, true), before)).toMatchObject({
      value: 9,
      status: 'amber',
      targetValue: 8,
      provisional: false,
      forecastValue: null,
      forecastStatus: 'n/a',
    })
    // A row without a figure (its value reopened for correction) too.
    expect(approvedOnly(row('2009/10 Q1', null), before)).toMatchObject({ value: 9, status: 'amber' })
    // A row made from approved values only is shown as it is.
    expect(approvedOnly(row('2009/10 Q1', 11), before)).toMatchObject({ value: 11, status: 'green' })
  })

  it('compares each approved figure with the approved figure before it, by polarity', () => {
    const rows = [row('Q1', 5), row('Q2', 7), row('Q3', null), row('Q4', 6), row('Q5', 6)]
    expect(directionsOf(rows, 'higher')).toEqual(['n/a', 'improving', 'n/a', 'n/a', 'unchanged'])
    expect(directionsOf(rows.slice(0, 2), 'lower')).toEqual(['n/a', 'worsening'])
    expect(directionsOf(rows.slice(0, 2), null)).toEqual(['n/a', 'n/a'])
  })
})

import { describe, expect, it } from 'vitest'
import {
  comparePeriods,
  contains,
  endDate,
  financialYearOf,
  formatPeriod,
  monthsOf,
  nextPeriod,
  normalisePeriod,
  parsePeriod,
  periodContaining,
  periodSlug,
  periodType,
  previousPeriod,
  quarterOf,
  quartersOf,
  sortPeriods,
  startDate,
  tryParsePeriod,
  withinYears,
  yearsBetween,
  yearSoFar,
} from './periods.ts'

const fmt = (p: Parameters<typeof formatPeriod>[0]) => formatPeriod(p)

describe('parsePeriod and formatPeriod', () => {
  it('reads the three spellings and writes them back canonically', () => {
    expect(parsePeriod('2008/09')).toEqual({ type: 'year', year: 2008 })
    expect(parsePeriod('2008/09 Q1')).toEqual({ type: 'quarter', year: 2008, quarter: 1 })
    expect(parsePeriod('2008-04')).toEqual({ type: 'month', year: 2008, month: 4 })
    expect(normalisePeriod(' 2008/2009 ')).toBe('2008/09')
    expect(normalisePeriod('2008/09 q3')).toBe('2008/09 Q3')
    expect(normalisePeriod('2008/09-Q4')).toBe('2008/09 Q4')
    expect(normalisePeriod('2009-1')).toBe('2009-01')
    expect(normalisePeriod('1999/00')).toBe('1999/00')
  })

  it('gives a clear message for anything else', () => {
    expect(() => parsePeriod('2008/10')).toThrow(/second year must follow the first, like 2008\/09/)
    expect(() => parsePeriod('2008/09 Q5')).toThrow(/quarters are Q1 to Q4/)
    expect(() => parsePeriod('2008-13')).toThrow(/months run 01 to 12/)
    expect(() => parsePeriod('')).toThrow(/enter a period/)
    expect(() => parsePeriod('April 2008')).toThrow(/is not a period: use a financial year like 2008\/09/)
    expect(() => parsePeriod('2008')).toThrow(/is not a period/)
    expect(tryParsePeriod('nonsense')).toMatchObject({ ok: false })
    expect(tryParsePeriod('2010/11')).toMatchObject({ ok: true })
  })

  it('names the type', () => {
    expect(periodType('2008/09')).toBe('year')
    expect(periodType('2008/09 Q2')).toBe('quarter')
    expect(periodType('2008-05')).toBe('month')
  })
})

describe('dates', () => {
  it('runs financial years April to March and Q1 April to June', () => {
    expect([startDate('2008/09'), endDate('2008/09')]).toEqual(['2008-04-01', '2009-03-31'])
    expect([startDate('2008/09 Q1'), endDate('2008/09 Q1')]).toEqual(['2008-04-01', '2008-06-30'])
    expect([startDate('2008/09 Q4'), endDate('2008/09 Q4')]).toEqual(['2009-01-01', '2009-03-31'])
    expect([startDate('2008-02'), endDate('2008-02')]).toEqual(['2008-02-01', '2008-02-29'])
    expect(endDate('2011/12 Q4')).toBe('2012-03-31')
  })

  it('finds the period containing a date', () => {
    expect(fmt(periodContaining('2009-03-31', 'year'))).toBe('2008/09')
    expect(fmt(periodContaining('2009-04-01', 'year'))).toBe('2009/10')
    expect(fmt(periodContaining('2009-02-14', 'quarter'))).toBe('2008/09 Q4')
    expect(fmt(periodContaining('2009-02-14', 'month'))).toBe('2009-02')
  })
})

describe('order and arithmetic', () => {
  it('sorts by start, longer periods first', () => {
    expect(sortPeriods(['2009-01', '2008/09 Q4', '2009/10', '2008/09', '2008/09 Q1', '2008-04'])).toEqual([
      '2008/09',
      '2008/09 Q1',
      '2008-04',
      '2008/09 Q4',
      '2009-01',
      '2009/10',
    ])
    expect(comparePeriods('2008/09', '2008/09')).toBe(0)
  })

  it('steps to the next and previous period of the same type, across year ends', () => {
    expect(fmt(nextPeriod('2008/09'))).toBe('2009/10')
    expect(fmt(nextPeriod('2008/09 Q4'))).toBe('2009/10 Q1')
    expect(fmt(previousPeriod('2009/10 Q1'))).toBe('2008/09 Q4')
    expect(fmt(nextPeriod('2008-12'))).toBe('2009-01')
    expect(fmt(previousPeriod('2009-01'))).toBe('2008-12')
    expect(fmt(previousPeriod('2009-04'))).toBe('2009-03')
  })

  it('finds the financial year and quarter of a period', () => {
    expect(fmt(financialYearOf('2009-03'))).toBe('2008/09')
    expect(fmt(financialYearOf('2009-04'))).toBe('2009/10')
    expect(fmt(financialYearOf('2008/09 Q4'))).toBe('2008/09')
    expect(fmt(quarterOf('2009-03')!)).toBe('2008/09 Q4')
    expect(fmt(quarterOf('2008-06')!)).toBe('2008/09 Q1')
    expect(fmt(quarterOf('2008-07')!)).toBe('2008/09 Q2')
    expect(quarterOf('2008/09')).toBeUndefined()
  })

  it('lists the quarters, months and years of a range', () => {
    expect(quartersOf('2008/09').map(fmt)).toEqual(['2008/09 Q1', '2008/09 Q2', '2008/09 Q3', '2008/09 Q4'])
    const months = monthsOf(2008).map(fmt)
    expect(months[0]).toBe('2008-04')
    expect(months[11]).toBe('2009-03')
    expect(months).toHaveLength(12)
    expect(yearsBetween('2008/09', '2010/11').map(fmt)).toEqual(['2008/09', '2009/10', '2010/11'])
  })

  it('knows whether a period lies within a range of years or another period', () => {
    expect(withinYears('2010/11 Q4', '2008/09', '2010/11')).toBe(true)
    expect(withinYears('2011-04', 2008, 2010)).toBe(false)
    expect(withinYears('2011-03', 2008, 2010)).toBe(true)
    expect(withinYears('2007/08', '2008/09', '2010/11')).toBe(false)
    expect(contains('2008/09', '2008/09 Q4')).toBe(true)
    expect(contains('2008/09 Q4', '2009-03')).toBe(true)
    expect(contains('2008/09 Q4', '2009-04')).toBe(false)
    expect(contains('2008/09 Q1', '2008/09')).toBe(false)
  })

  it('makes an id-safe slug', () => {
    expect(periodSlug('2008/09 Q1')).toBe('fy2008-09-q1')
    expect(periodSlug('2008/09')).toBe('fy2008-09')
    expect(periodSlug('2008-09')).toBe('m2008-09')
  })
})

describe('yearSoFar', () => {
  const texts = (p: string) => yearSoFar(p).soFar.map(formatPeriod)
  it('lists the year’s periods up to a quarter, with four in a year', () => {
    expect(texts('2008/09 Q2')).toEqual(['2008/09 Q1', '2008/09 Q2'])
    expect(yearSoFar('2008/09 Q2').inYear).toBe(4)
  })
  it('counts months from April, across the calendar year', () => {
    expect(texts('2009-01')).toHaveLength(10)
    expect(texts('2009-01')[0]).toBe('2008-04')
    expect(yearSoFar('2008-04')).toMatchObject({ inYear: 12 })
  })
  it('a year is its own year so far', () => expect(texts('2008/09')).toEqual(['2008/09']))
})

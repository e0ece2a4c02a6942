import { describe, expect, it } from 'vitest'
import { checkPeriod, parseLooseNumber, resolveFigures, valueEntryInput } from './values.schema.ts'

describe('figures against the unit', () => {
  it('derives a percentage from numerator and denominator', () => {
    expect(resolveFigures('percent', null, { value: null, numerator: 45, denominator: 60 })).toEqual({
      ok: true,
      value: 75,
      numerator: 45,
      denominator: 60,
    })
    expect(resolveFigures('rate', 1000, { value: null, numerator: 3, denominator: 1500 })).toMatchObject({
      value: 2,
    })
  })

  it('refuses what does not fit the unit', () => {
    const err = (
      unit: string,
      input: { value?: number | null; numerator?: number | null; denominator?: number | null },
    ) => {
      const r = resolveFigures(unit, null, { value: null, numerator: null, denominator: null, ...input })
      return r.ok ? null : r.errors
    }
    expect(err('percent', { value: 101 })).toEqual({ value: 'A percentage must be between 0 and 100' })
    expect(err('percent', { value: -1 })).toEqual({ value: 'A percentage must be between 0 and 100' })
    expect(err('count', { value: 2.5 })).toEqual({ value: 'A count must be a whole number, 0 or more' })
    expect(err('count', { value: -3 })).toEqual({ value: 'A count must be a whole number, 0 or more' })
    expect(err('money', { value: -10 })).toEqual({ value: 'An amount of money must be 0 or more' })
    expect(err('percent', { numerator: 70, denominator: 60 })).toEqual({
      numerator: 'The numerator must not be more than the denominator for a percentage',
    })
    expect(err('percent', { numerator: 5, denominator: 0 })).toEqual({
      denominator: 'The denominator must be more than 0',
    })
    expect(err('percent', { numerator: 5 })).toEqual({
      denominator: 'Enter the denominator as well as the numerator',
    })
    expect(err('count', { numerator: 5, denominator: 6 })).toEqual({
      numerator: 'This indicator has no numerator and denominator: enter the value',
    })
    expect(err('percent', {})).toEqual({ value: 'Enter the value, or the numerator and denominator' })
    expect(err('percent', { value: 80, numerator: 45, denominator: 60 })).toMatchObject({
      value: expect.stringMatching(/does not match/),
    })
    expect(err('score', { value: -4 })).toBeNull()
  })
})

describe('periods for an indicator', () => {
  it('must parse and match the frequency', () => {
    expect(checkPeriod('quarterly', '2008/09 q2')).toEqual({
      ok: true,
      period: '2008/09 Q2',
      type: 'quarter',
    })
    expect(checkPeriod('quarterly', '2008/09')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/quarterly: the period must be a quarter/),
    })
    expect(checkPeriod('annual', '2008-04')).toMatchObject({ ok: false })
    expect(checkPeriod('monthly', '2008-13')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/months run/),
    })
    expect(checkPeriod(null, '2008/09')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/frequency is not recorded/),
    })
  })
})

describe('the entry form', () => {
  it('reads numbers as people type them', () => {
    expect(parseLooseNumber('1,234.5')).toBe(1234.5)
    expect(parseLooseNumber('45%')).toBe(45)
    expect(parseLooseNumber('£1,000')).toBe(1000)
    expect(parseLooseNumber('  ')).toBeNull()
    expect(parseLooseNumber('12abc')).toBe('12abc')
    const form = valueEntryInput.safeParse({ value: 'twelve', version: '0' })
    expect(form.success).toBe(false)
    expect(valueEntryInput.parse({ value: '12', version: '3', commentary: ' ' })).toMatchObject({
      value: 12,
      version: 3,
      commentary: null,
      intent: 'save',
    })
  })
})

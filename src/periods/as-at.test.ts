import { describe, expect, it } from 'vitest'
import { parseAsAt } from './as-at.ts'

describe('parseAsAt', () => {
  it('reads a date as the end of that day, UK time', () => {
    expect(parseAsAt('2009-06-30').toISOString()).toBe('2009-06-30T22:59:59.999Z')
    expect(parseAsAt('2009-01-15').toISOString()).toBe('2009-01-15T23:59:59.999Z')
  })

  it('reads date-times with or without a zone', () => {
    expect(parseAsAt('2009-07-01T09:30:00Z').toISOString()).toBe('2009-07-01T09:30:00.000Z')
    expect(parseAsAt('2009-07-01T09:30:00+01:00').toISOString()).toBe('2009-07-01T08:30:00.000Z')
    expect(parseAsAt('2009-07-01T09:30').toISOString()).toBe('2009-07-01T08:30:00.000Z')
  })

  it('refuses anything else', () => {
    expect(() => parseAsAt('30/06/2009')).toThrow(/not a date or date-time/)
    expect(() => parseAsAt('2009-02-30')).toThrow(/not a date/)
  })

  it('refuses dates outside 1900 to 2200, saying so', () => {
    expect(() => parseAsAt('9999-12-31')).toThrow(
      '9999-12-31 is out of range: give a date between 1900 and 2200',
    )
    expect(() => parseAsAt('0001-01-01')).toThrow(/out of range/)
    expect(() => parseAsAt('1899-12-31T23:00:00Z')).toThrow(/out of range/)
    expect(() => parseAsAt('0000-00-00')).toThrow(/not a date/)
    expect(parseAsAt('2200-06-30').getUTCFullYear()).toBe(2200)
  })
})

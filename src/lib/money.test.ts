import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatPounds, parsePounds, penceFromPounds, poundsField, poundsText, sumPence } from './money.ts'

const ok = (input: string | number, allowNegative = false) => {
  const r = parsePounds(input, { allowNegative })
  if (!r.ok) throw new Error(r.error)
  return r.pence
}
const error = (input: string | number, allowNegative = false) => {
  const r = parsePounds(input, { allowNegative })
  if (r.ok) throw new Error(`${input} parsed as ${r.pence}`)
  return r.error
}

describe('pounds to pence', () => {
  it('reads pounds as people write them', () => {
    expect(ok('£1,234.56')).toBe(123456)
    expect(ok('1234.5')).toBe(123450)
    expect(ok(' £ 1 234 ')).toBe(123400)
    expect(ok('3')).toBe(300)
    expect(ok('.5')).toBe(50)
    expect(ok('7.')).toBe(700)
    expect(ok('0')).toBe(0)
    expect(ok('£1,300,000')).toBe(130_000_000)
    expect(ok('-0')).toBe(0)
  })
  it('reads numbers by their decimal spelling, never through a float product', () => {
    expect(ok(0.1)).toBe(10)
    expect(ok(1234.56)).toBe(123456)
    expect(ok(19.99)).toBe(1999)
    expect(ok(0.29)).toBe(29)
  })
  it('refuses three decimals with a clear message', () => {
    expect(error('1.234')).toMatch(/more than two decimal places/)
    expect(error(1.005)).toMatch(/more than two decimal places/)
  })
  it('refuses below zero unless allowed', () => {
    expect(error('-3')).toBe('The amount must be £0 or more')
    expect(error('-£3')).toMatch(/£0 or more/)
    expect(ok('-3', true)).toBe(-300)
    expect(ok('-£1,234.56', true)).toBe(-123456)
    expect(ok('£-3', true)).toBe(-300)
  })
  it('refuses what is not money, badly placed commas and huge amounts', () => {
    expect(error('')).toMatch(/Enter the amount/)
    expect(error('abc')).toMatch(/must be a sum of money/)
    expect(error('12,34')).toMatch(/commas in the wrong place/)
    expect(error('1.2.3')).toMatch(/must be a sum of money/)
    expect(error('$5')).toMatch(/must be a sum of money/)
    expect(error('99999999999999999999')).toMatch(/too large/)
    expect(error(1e21)).toMatch(/too large/)
    expect(error(Number.NaN)).toMatch(/sum of money/)
  })
  it('names the field in its messages', () => {
    const r = parsePounds('-1', { what: 'The budget' })
    expect(r).toEqual({ ok: false, error: 'The budget must be £0 or more' })
  })
})

describe('pence to pounds', () => {
  it('formats with thousands and always its pence', () => {
    expect(formatPounds(123456)).toBe('£1,234.56')
    expect(formatPounds(0)).toBe('£0.00')
    expect(formatPounds(5)).toBe('£0.05')
    expect(formatPounds(130_000_000)).toBe('£1,300,000.00')
    expect(formatPounds(-300)).toBe('-£3.00')
    expect(poundsText(123456)).toBe('1234.56')
    expect(poundsText(-5)).toBe('-0.05')
    expect(() => formatPounds(1.5)).toThrow(RangeError)
  })
  it('round-trips every amount exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e14, max: 1e14 }), (pence) => {
        expect(ok(formatPounds(pence), true)).toBe(pence)
        expect(ok(poundsText(pence), true)).toBe(pence)
      }),
      { numRuns: 500 },
    )
  })
  it('adds up in whole pence', () => {
    expect(sumPence([10, 20, null, undefined, 30])).toBe(60)
    expect(() => sumPence([0.1, 0.2])).toThrow(RangeError)
    expect(penceFromPounds(0.1 + 0.2)).toBe(30)
    expect(penceFromPounds(null)).toBe(0)
  })
})

describe('the pounds field', () => {
  const field = poundsField('the budget')
  it('parses to pence or names what is wrong', () => {
    expect(field.parse('£1,000')).toBe(100000)
    expect(field.parse(12.5)).toBe(1250)
    expect(field.safeParse('').error?.issues[0]?.message).toBe('Enter the budget in pounds, like £1,234.56')
    expect(field.safeParse(undefined).error?.issues[0]?.message).toBe(
      'Enter the budget in pounds, like £1,234.56',
    )
    expect(field.safeParse('-1').error?.issues[0]?.message).toBe('The budget must be £0 or more')
    expect(field.safeParse('1.234').error?.issues[0]?.message).toMatch(
      /^The budget has more than two decimal places/,
    )
  })
})

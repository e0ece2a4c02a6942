import { describe, expect, it } from 'vitest'
import {
  cellText,
  enumCell,
  gssCell,
  listCell,
  numberCell,
  parseNumber,
  parseYesNo,
  percentCellText,
  textCell,
  yesNoCell,
} from './cells.ts'

describe('workbook cells', () => {
  it('reads numbers with thousands separators, % and £ signs', () => {
    expect(parseNumber('1,234')).toBe(1234)
    expect(parseNumber('1,234,567.89')).toBe(1234567.89)
    expect(parseNumber('45%')).toBe(45)
    expect(parseNumber('45.2 %')).toBe(45.2)
    expect(parseNumber('£1,200')).toBe(1200)
    expect(parseNumber('-£3.50')).toBe(-3.5)
    expect(parseNumber('£-3.50')).toBe(-3.5)
    expect(parseNumber('−7')).toBe(-7)
    expect(parseNumber('.5')).toBe(0.5)
    expect(parseNumber('1e3')).toBe(1000)
    for (const bad of ['', 'abc', '1,23', '12,34,567', '1.2.3', '£', '%', '1 234', 'NaN'])
      expect(parseNumber(bad), bad).toBeUndefined()
  })

  it('parses a number cell, naming what was found when it is not one', () => {
    expect(numberCell().parse(undefined)).toBeNull()
    expect(numberCell({ required: true }).safeParse(undefined).error?.issues[0]?.message).toMatch(/required/)
    expect(numberCell().safeParse('lots').error?.issues[0]?.message).toBe(
      'must be a number, like 1,234.5 or 45% (found "lots")',
    )
  })

  it('reads yes/no cells as yes/no/true/false/y/n in any case, blank as the default', () => {
    for (const y of ['yes', 'YES', 'y', 'True', 'true']) expect(parseYesNo(y)).toBe(true)
    for (const n of ['no', 'N', 'false', 'FALSE']) expect(parseYesNo(n)).toBe(false)
    expect(parseYesNo('maybe')).toBeUndefined()
    expect(yesNoCell().parse(undefined)).toBe(false)
    expect(yesNoCell({ default: true }).parse(undefined)).toBe(true)
    expect(yesNoCell().safeParse('maybe').error?.issues[0]?.message).toBe('must be yes or no (found "maybe")')
  })

  it('reads ; lists, enums whatever their case, GSS codes and text', () => {
    expect(listCell().parse('a; b ;;c')).toEqual(['a', 'b', 'c'])
    expect(listCell().parse(undefined)).toEqual([])
    const kind = enumCell(['area', 'district'] as const, { required: true })
    expect(kind.parse('District')).toBe('district')
    expect(kind.safeParse('county').error?.issues[0]?.message).toBe(
      'must be one of area, district (found "county")',
    )
    expect(enumCell(['none', 'sum'] as const, { default: 'none' }).parse(undefined)).toBe('none')
    expect(gssCell({ required: true }).parse('e10000018')).toBe('E10000018')
    expect(gssCell().parse(undefined)).toBeNull()
    expect(gssCell().safeParse('X1').error?.issues[0]?.message).toMatch(/^must be a GSS code/)
    expect(textCell({ required: true }).safeParse(undefined).error?.issues[0]?.message).toMatch(/required/)
    expect(textCell({ max: 3 }).safeParse('abcd').error?.issues[0]?.message).toMatch(/3 characters or fewer/)
  })

  it('turns whatever a reader found into trimmed text', () => {
    expect(cellText('  x ')).toBe('x')
    expect(cellText('   ')).toBeUndefined()
    expect(cellText(null)).toBeUndefined()
    expect(cellText(0.1 + 0.2)).toBe('0.3')
    expect(cellText(true)).toBe('yes')
    expect(cellText(new Date(Date.UTC(2009, 5, 30)))).toBe('2009-06-30')
    expect(cellText({ richText: [{ text: 'Rich ' }, { text: 'text' }] })).toBe('Rich text')
    expect(cellText({ formula: 'A1*2', result: 4 })).toBe('4')
    expect(cellText({ text: 'link', hyperlink: 'https://example.org' })).toBe('link')
    expect(percentCellText(0.452)).toBe('45.2%')
  })
})

import { describe, expect, it } from 'vitest'
import { codeKey, tidyCode } from './indicators.schema.ts'

describe('indicator codes (workbook.md: matched loosely, kept as written)', () => {
  it('keeps a new code as written, trimmed', () => {
    expect(tidyCode(' L1 ')).toBe('L1')
    expect(tidyCode('X1')).toBe('X1')
    expect(tidyCode('NI 135')).toBe('NI 135')
  })

  it('matches ignoring case and spaces, and an NI number’s leading zeros', () => {
    expect(codeKey('ni135')).toBe(codeKey('NI 135'))
    expect(codeKey('x 1')).toBe(codeKey('X1'))
    expect(codeKey('NI 001')).toBe(codeKey('NI 1'))
    expect(codeKey('L 01')).not.toBe(codeKey('L 1'))
    expect(codeKey('NI 195c')).toBe('ni195c')
    // The key of a key is itself: lookups may pass keys or codes alike.
    expect(codeKey(codeKey('NI 008'))).toBe(codeKey('NI 008'))
  })
})

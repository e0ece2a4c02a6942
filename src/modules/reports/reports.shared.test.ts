import { describe, expect, it } from 'vitest'
import { validationError } from '../../errors.ts'
import { canonicalJson, oneLine, reportFilename } from './reports.shared.ts'

describe('reports: content, file names and errors', () => {
  it('writes the same JSON whatever order the keys were built in', () => {
    const a = { b: 1, a: [{ y: 2, x: null }], c: { e: 'e', d: undefined } }
    const b = { c: { e: 'e' }, a: [{ x: null, y: 2 }], b: 1 }
    expect(canonicalJson(a)).toBe(canonicalJson(b))
    expect(canonicalJson(a)).toBe('{"a":[{"x":null,"y":2}],"b":1,"c":{"e":"e"}}')
    // Arrays keep their order: it is content.
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]))
  })

  it('names a file by partnership, kind, period and moment, safely', () => {
    const spec = { kind: 'steering' as const, period: '2008/09 Q2', asAt: '2008-11-14T17:30:00.123Z' }
    expect(reportFilename('leics', spec, 'pdf')).toBe('leics-steering-2008-09-Q2-2008-11-14T17-30-00Z.pdf')
    expect(reportFilename('../x', { ...spec, period: '2008-04' }, 'html')).toBe(
      'x-steering-2008-04-2008-11-14T17-30-00Z.html',
    )
  })

  it('says what went wrong in one line, with the fields of a refused check', () => {
    expect(oneLine(new Error('Chromium crashed\n    at render (pdf.ts:1)'))).toBe('Chromium crashed')
    expect(oneLine(validationError({ themeKey: 'Choose a theme' }))).toBe(
      'There is a problem with what was sent; themeKey: Choose a theme',
    )
    expect(oneLine('x'.repeat(600))).toHaveLength(500)
  })
})

import { describe, expect, it } from 'vitest'
import { csvSafe, csvUnsafe, CsvParser } from './csv.ts'

function parse(chunks: string[]) {
  const p = new CsvParser()
  const rows = chunks.flatMap((c) => p.push(c))
  rows.push(...p.end())
  return { rows, error: p.error?.code }
}

/** The same text cut at every position into two chunks (and three) must read the same. */
function everySplit(text: string) {
  const whole = parse([text])
  for (let i = 0; i <= text.length; i++) {
    expect(parse([text.slice(0, i), text.slice(i)]), `split at ${i}`).toEqual(whole)
    for (let j = i; j <= Math.min(text.length, i + 3); j++)
      expect(parse([text.slice(0, i), text.slice(i, j), text.slice(j)]), `split at ${i},${j}`).toEqual(whole)
  }
  return whole
}

describe('CSV tokenizer', () => {
  it('reads fields, quotes, escaped quotes and line breaks inside quotes, wherever the chunks break', () => {
    const text = '\uFEFFa,b,c\n"x, y","say ""hi""",\r\n"multi\nline",2,"3"\r\n\n,,\nlast,row'
    expect(everySplit(text)).toEqual({
      rows: [
        ['a', 'b', 'c'],
        ['x, y', 'say "hi"', ''],
        ['multi\nline', '2', '3'],
        [''],
        ['', '', ''],
        ['last', 'row'],
      ],
      error: undefined,
    })
  })

  it('takes CR alone as a line break and a final line break as the end', () => {
    expect(everySplit('a,b\rc,d\r')).toEqual({
      rows: [
        ['a', 'b'],
        ['c', 'd'],
      ],
      error: undefined,
    })
    expect(everySplit('a\n\n')).toEqual({ rows: [['a'], ['']], error: undefined })
    expect(everySplit('""')).toEqual({ rows: [['']], error: undefined })
    expect(parse([''])).toEqual({ rows: [], error: undefined })
  })

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(everySplit('5" screen,a"b\n')).toEqual({ rows: [['5" screen', 'a"b']], error: undefined })
  })

  it('stops at text after a closing quote, and at a quote never closed, returning the records before', () => {
    expect(everySplit('a\n"b"c,d\ne\n')).toEqual({ rows: [['a']], error: 'CSV_INVALID_CLOSING_QUOTE' })
    expect(everySplit('a\n"b,c\nd\n')).toEqual({ rows: [['a']], error: 'CSV_QUOTE_NOT_CLOSED' })
  })
})

describe('CSV injection', () => {
  it('neutralises cells a spreadsheet would run as a formula, leaving numbers alone', () => {
    expect(csvSafe('=HYPERLINK("http://evil.example","click")')).toBe(
      '\'=HYPERLINK("http://evil.example","click")',
    )
    expect(csvSafe("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0")
    expect(csvSafe("@SUM(1+1)*cmd|' /C calc'!A0")).toBe("'@SUM(1+1)*cmd|' /C calc'!A0")
    expect(csvSafe("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0")
    expect(csvSafe('\t=1+1')).toBe("'\t=1+1")
    expect(csvSafe('\rfoo')).toBe("'\rfoo")
    expect(csvSafe('+44 116 123 4567')).toBe("'+44 116 123 4567")
    for (const n of ['-2.5', '-3', '+3', '1e6', '-1.5E-3', '.5', '0', '35.8297']) expect(csvSafe(n)).toBe(n)
    for (const s of ['', 'Leicestershire', "O'Brien", 'a=b', 'NI 135', '2008/09 Q2'])
      expect(csvSafe(s)).toBe(s)
  })

  it('reads a neutralised cell back as it was', () => {
    for (const s of [
      '=HYPERLINK("x")',
      '+cmd|x',
      '@SUM(A1)',
      '-a',
      '\tx',
      '-2.5',
      "O'Brien",
      "'quoted",
      "'-3",
    ])
      expect(csvUnsafe(csvSafe(s))).toBe(s)
    expect(csvUnsafe("'-3")).toBe("'-3")
    expect(csvUnsafe("'abc")).toBe("'abc")
  })
})

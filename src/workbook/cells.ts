import { z } from 'zod'

/**
 * Cells of the workbook. Every reader turns a cell into trimmed text (or undefined when blank)
 * before a column's parser sees it, so one parser serves CSV, XLSX and JSON alike.
 */
export type CellText = string | undefined

/** A column's parser: a zod schema from the cell's text to the typed value. */
export type CellParser<T> = z.ZodType<T, CellText>

/** What an exporter puts in a cell; writers turn booleans into yes/no and null into a blank. */
export type CellValue = string | number | boolean | null

/** Binary noise such as 0.30000000000000004 is not what anyone typed. */
const clean = (n: number) => Number(n.toPrecision(15))

/** Normalise whatever a reader found (CSV text, an ExcelJS value, a JSON value) to cell text. */
export function cellText(value: unknown): CellText {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'string') {
    const s = value.trim()
    return s === '' ? undefined : s
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(clean(value)) : undefined
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (value instanceof Date) {
    const iso = value.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>
    if (Array.isArray(v.richText))
      return cellText((v.richText as { text?: string }[]).map((r) => r.text ?? '').join(''))
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result)
    if ('text' in v) return cellText(v.text)
    if ('error' in v) return cellText(v.error)
  }
  // Anything else (a bigint, an object no reader gives) as JavaScript spells it.
  return cellText((value as { toString(): string }).toString())
}

/** An XLSX number formatted as a percentage holds 0.452 for 45.2%: give it back as people see it. */
export function percentCellText(value: number): string {
  return `${clean(value * 100)}%`
}

/** Why a cell cannot be read: its message goes in the report as `Sheet!row column: message`. */
export class CellProblem {
  constructor(readonly message: string) {}
}

/** A cell's parser as a plain function: the value, or a CellProblem. */
export type CellReader<T> = (v: CellText) => T | CellProblem

const READER = Symbol('cell reader')

/**
 * A column parser from a plain function. The zod schema serves forms and documentation; imports
 * call the function directly (`readerOf`), since a zod parse per cell cost ~2 µs, which a
 * million-row sheet of seven columns turned into 12 seconds.
 */
export function cellParser<T>(read: CellReader<T>): CellParser<T> {
  const schema = z
    .string()
    .optional()
    .transform((v, ctx) => {
      const r = read(v)
      if (r instanceof CellProblem) {
        ctx.addIssue({ code: 'custom', message: r.message })
        return z.NEVER
      }
      return r
    })
  return Object.assign(schema, { [READER]: read })
}

/** The plain function behind a column parser (any zod schema works, more slowly). */
export function readerOf<T>(parser: CellParser<T>): CellReader<T> {
  const own = (parser as { [READER]?: CellReader<T> })[READER]
  if (own) return own
  return (v) => {
    const r = parser.safeParse(v)
    return r.success ? r.data : new CellProblem(r.error.issues[0]?.message ?? 'not valid')
  }
}

const problem = (message: string) => new CellProblem(message)

const shown = (s: string) => `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`

export const REQUIRED = 'enter a value: this column is required'

/** Text; blank is an error when required, otherwise null. */
export function textCell(opts: { required: true; max?: number }): CellParser<string>
export function textCell(opts?: { required?: false; max?: number }): CellParser<string | null>
export function textCell({
  required = false,
  max = 200,
}: { required?: boolean; max?: number } = {}): CellParser<string | null> {
  return cellParser((v) => {
    if (v === undefined) return required ? problem(REQUIRED) : null
    if (v.length > max) return problem(`must be ${max} characters or fewer (it has ${v.length})`)
    return v
  })
}

/** One of a fixed list, matched case-insensitively, returned as the canonical spelling. */
export function enumCell<const T extends readonly string[]>(
  values: T,
  opts: { required: true },
): CellParser<T[number]>
export function enumCell<const T extends readonly string[]>(
  values: T,
  opts: { default: T[number] },
): CellParser<T[number]>
export function enumCell<const T extends readonly string[]>(
  values: T,
  opts?: { required?: false },
): CellParser<T[number] | null>
export function enumCell(
  values: readonly string[],
  opts: { required?: boolean; default?: string } = {},
): CellParser<string | null> {
  return cellParser((v) => {
    if (v === undefined) return opts.default ?? (opts.required ? problem(REQUIRED) : null)
    const found = values.find((x) => x.toLowerCase() === v.toLowerCase())
    return found ?? problem(`must be one of ${values.join(', ')} (found ${shown(v)})`)
  })
}

const YES = ['yes', 'y', 'true']
const NO = ['no', 'n', 'false']

/** Parse yes/no/true/false/y/n (any case); undefined when it is none of them. */
export function parseYesNo(text: string): boolean | undefined {
  const s = text.trim().toLowerCase()
  if (YES.includes(s)) return true
  if (NO.includes(s)) return false
  return undefined
}

/** A yes/no cell; blank means the default (no, unless told otherwise). */
export function yesNoCell(opts: { default?: boolean } = {}): CellParser<boolean> {
  return cellParser((v) => {
    if (v === undefined) return opts.default ?? false
    return parseYesNo(v) ?? problem(`must be yes or no (found ${shown(v)})`)
  })
}

const PLAIN_NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/

/**
 * A number as people type it: `1,234.5`, `45%`, `£1,200`, `-£3`. The `%` and `£` signs are
 * dropped (45% is 45, in the indicator's own percentage units); thousands separators must be
 * in the right places. Returns undefined when the text is not a number.
 */
export function parseNumber(text: string): number | undefined {
  // Most cells are plain numbers: read them without the rewriting below (~10× faster).
  if (PLAIN_NUMBER.test(text)) return Number(text)
  let s = text.trim().replace(/\u2212/g, '-')
  s = s.replace(/^([-+]?)£\s*/, '$1').replace(/^£([-+])/, '$1')
  s = s.replace(/\s*%$/, '')
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '')
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

export function numberCell(opts: { required: true }): CellParser<number>
export function numberCell(opts?: { required?: false }): CellParser<number | null>
export function numberCell(opts: { required?: boolean } = {}): CellParser<number | null> {
  return cellParser((v) => {
    if (v === undefined) return opts.required ? problem(REQUIRED) : null
    return parseNumber(v) ?? problem(`must be a number, like 1,234.5 or 45% (found ${shown(v)})`)
  })
}

/** `a; b; c` → ['a', 'b', 'c'], blanks dropped. */
export function parseList(text: string | undefined): string[] {
  if (!text) return []
  return text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
}

export function listCell(): CellParser<string[]> {
  return cellParser((v) => parseList(v))
}

const GSS = /^[EWSNK]\d{8}$/

/** An ONS GSS code (a letter and eight digits), upper-cased. */
export function gssCell(opts: { required: true }): CellParser<string>
export function gssCell(opts?: { required?: false }): CellParser<string | null>
export function gssCell(opts: { required?: boolean } = {}): CellParser<string | null> {
  return cellParser((v) => {
    if (v === undefined) return opts.required ? problem(REQUIRED) : null
    const code = v.toUpperCase()
    return GSS.test(code)
      ? code
      : problem(
          `must be a GSS code: a letter (E, W, S, N or K) and 8 digits, like E10000018 (found ${shown(v)})`,
        )
  })
}

/** How writers show a value: yes/no for booleans, blank for null. */
export function cellForText(value: CellValue): string {
  if (value === null) return ''
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return String(value)
}

import type { Tx } from '../db/client.ts'
import {
  CellProblem,
  readerOf,
  type CellParser,
  type CellReader,
  type CellText,
  type CellValue,
} from './cells.ts'
import type { ImportReport } from './report.ts'

/** A column of a sheet: how to read a cell, whether the header must be present, what to enter. */
export interface Column<T = unknown> {
  parse: CellParser<T>
  /** The same parser as a plain function, for the hot path of large imports. */
  read?: CellReader<T>
  required: boolean
  /** Shown on the Guidance sheet. */
  description: string
}

export function column<T>(
  parse: CellParser<T>,
  description: string,
  opts: { required?: boolean } = {},
): Column<T> {
  return { parse, read: readerOf(parse), description, required: opts.required ?? false }
}

/** Columns keyed by their header (the canonical, lower-case spelling). */
export type Columns = Record<string, Column>

/** The typed record a row of a sheet parses into. */
export type RecordOf<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never }

/** What readers need to know about a sheet: its name and columns. */
export interface SheetSpec<C extends Columns = Columns> {
  name: string
  description: string
  columns: C
  /** Derived sheets (gaps, coverage, assessments) come out of `export` but are never imported. */
  exportOnly?: boolean
}

export interface Counts {
  created: number
  updated: number
  unchanged: number
}

/** One import's handling of one sheet. */
export interface SheetImport<R> {
  /**
   * A row that parsed: stage it, reporting problems that need only the sheet so far. A sheet
   * too big to hold returns a promise while it writes a batch to its stage (reading waits).
   */
  add(row: number, record: R): void | Promise<void>
  /** After the last row is read, before the transaction: finish staging. */
  end?(): Promise<void>
  /** Inside the import's transaction, after every sheet is read: checks across rows and with the database. */
  check(tx: Tx): Promise<void>
  /** Write everything; called only when no sheet has a problem. */
  apply(tx: Tx): Promise<Counts>
  /** Always called last, whether the import succeeded or not: drop anything staged. */
  close?(): Promise<void>
}

/** How far an import has got, for whoever watches (a progress bar). */
export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done'

/** Export filters a sheet accepts (`period`, `place`…), by name. */
export type ExportFilters = Readonly<Record<string, string | undefined>>

/** A row of a sheet as exported, keyed by header. */
export type Row<C extends Columns = Columns> = { [K in keyof C]: CellValue }

/** Rows already in memory (or made from rows in memory) as the async iterable an export streams. */
export function asyncRows<T>(rows: Iterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const it = rows[Symbol.iterator]()
      return { next: () => Promise.resolve(it.next()) }
    },
  }
}

export const headersOf = (spec: SheetSpec) => Object.keys(spec.columns)

/** The sheet of that name, whatever its case. */
export function findSheet<S extends SheetSpec>(sheets: readonly S[], name: string): S | undefined {
  const wanted = name.trim().toLowerCase()
  return sheets.find((s) => s.name.toLowerCase() === wanted)
}

/** Sheets the blank template carries and readers skip without a warning. */
export const GUIDANCE_SHEET = 'Guidance'

/** `GSS Code*` and `gss-code` both mean `gss_code`. */
export const normaliseHeader = (h: string) =>
  h
    .trim()
    .replace(/\s*\*+$/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** Where each known column is in a sheet's rows: cell index → header. */
export type HeaderMap = ReadonlyArray<readonly [index: number, header: string]>

/**
 * Match a sheet's header row to its columns. Unknown columns become warnings; a required
 * column missing, or one given twice, is a problem, and then the sheet's rows are not read
 * (undefined is returned) since every one of them would fail the same way.
 */
export function matchHeaders(
  spec: SheetSpec,
  cells: readonly CellText[],
  report: ImportReport,
  headerRow = 1,
): HeaderMap | undefined {
  const map: [number, string][] = []
  const seen = new Set<string>()
  let ok = true
  cells.forEach((cell, index) => {
    if (!cell) return
    const header = normaliseHeader(cell)
    if (!(header in spec.columns)) {
      report.warn({
        sheet: spec.name,
        row: headerRow,
        column: cell,
        message: 'unknown column, ignored',
      })
      return
    }
    if (seen.has(header)) {
      report.problem({
        sheet: spec.name,
        row: headerRow,
        column: header,
        message: 'the column appears more than once: keep one',
      })
      ok = false
      return
    }
    seen.add(header)
    map.push([index, header])
  })
  for (const [header, col] of Object.entries(spec.columns)) {
    if (col.required && !seen.has(header)) {
      report.problem({ sheet: spec.name, row: headerRow, column: header, message: 'missing required column' })
      ok = false
    }
  }
  return ok ? map : undefined
}

/** The record of a row, or undefined when every known cell is blank (empty rows are skipped). */
export function recordFrom(
  cells: readonly CellText[],
  headers: HeaderMap,
): Record<string, CellText> | undefined {
  const record: Record<string, CellText> = {}
  let any = false
  for (const [index, header] of headers) {
    const v = cells[index]
    record[header] = v
    if (v !== undefined) any = true
  }
  return any ? record : undefined
}

const columnLists = new WeakMap<Columns, [string, CellReader<unknown>][]>()

/** A sheet's columns as [header, reader] pairs, worked out once per sheet rather than per row. */
function readersOf(columns: Columns) {
  let list = columnLists.get(columns)
  if (!list) {
    list = Object.entries(columns).map(([h, c]) => [h, c.read ?? readerOf(c.parse)])
    columnLists.set(columns, list)
  }
  return list
}

/** Parse a row's cells with its sheet's column parsers, reporting each bad cell. */
export function parseRecord<C extends Columns>(
  spec: SheetSpec<C>,
  row: number,
  record: Record<string, CellText>,
  report: ImportReport,
): RecordOf<C> | undefined {
  const out: Record<string, unknown> = {}
  let ok = true
  for (const [header, read] of readersOf(spec.columns)) {
    const result = read(record[header])
    if (result instanceof CellProblem) {
      ok = false
      report.problem({ sheet: spec.name, row, column: header, message: result.message })
    } else out[header] = result
  }
  return ok ? (out as RecordOf<C>) : undefined
}

import path from 'node:path'
import { Readable } from 'node:stream'
import { cellText, type CellText } from './cells.ts'
import { CsvParser, csvUnsafe } from './csv.ts'
import { readXlsx } from './read-xlsx.ts'
import type { ImportReport } from './report.ts'
import { findSheet, matchHeaders, recordFrom, type HeaderMap, type SheetSpec } from './sheets.ts'

/** A row of a sheet as read, before its cells are parsed. */
export interface SheetRow {
  sheet: string
  /** Spreadsheet row number: the header is row 1 (for JSON, the first object is row 2). */
  row: number
  record: Record<string, CellText>
}

/** What an import reads: an uploaded or local file (CSV or XLSX), or sheets sent as JSON. */
export type ImportSource =
  | {
      kind: 'file'
      stream: Readable
      filename?: string
      /** For a CSV file: the sheet it holds, when its name does not say. For XLSX: read only this sheet. */
      sheet?: string
    }
  | { kind: 'json'; sheets: Record<string, readonly unknown[]> }

export interface ReadContext {
  sheets: readonly SheetSpec[]
  report: ImportReport
  /** Sheets found in the source, by their canonical names. */
  seen: Set<string>
  /**
   * Whether the caller may import a sheet, asked before any of it is read (for a workbook,
   * before its shared strings); a refused sheet is skipped. The callback reports the refusal.
   */
  allow?: (spec: SheetSpec) => boolean
}

export const NOT_UTF8 = "The file is not UTF-8 text: save it as 'CSV UTF-8' and upload it again"
export const OLD_XLS =
  'The file is an old Excel 97-2003 workbook (.xls): save it as an Excel Workbook (.xlsx) or CSV UTF-8 and upload it again'
export const EMPTY_FILE = 'The file is empty'

/**
 * Stream a CSV file holding one sheet. The first non-empty record is the header; row numbers
 * count every record (blank lines included) as a spreadsheet would show them. Bytes are decoded
 * as they come (failing at the first that is not UTF-8) and split by a tokenizer that keeps only
 * the record it is in, so a file of any size reads in constant memory.
 */
export async function* readCsv(input: Readable, spec: SheetSpec, ctx: ReadContext): AsyncGenerator<SheetRow> {
  ctx.seen.add(spec.name)
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const parser = new CsvParser()
  let row = 0
  let headers: HeaderMap | undefined
  let headerSeen = false

  function* rows(records: string[][]): Generator<SheetRow> {
    for (const fields of records) {
      row++
      // A cell an export kept from running as a formula ('=…) reads back as it was.
      const cells = fields.map((f) => cellText(csvUnsafe(f)))
      if (!headerSeen) {
        if (cells.every((c) => c === undefined)) continue
        headerSeen = true
        headers = matchHeaders(spec, cells, ctx.report, row)
        continue
      }
      if (!headers) continue
      const record = recordFrom(cells, headers)
      if (record) yield { sheet: spec.name, row, record }
    }
  }

  const decode = (chunk?: Buffer | string) => {
    try {
      if (chunk === undefined) return decoder.decode()
      return typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    } catch {
      ctx.report.fail(NOT_UTF8)
      return undefined
    }
  }

  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      const text = decode(chunk)
      if (text === undefined) return
      yield* rows(parser.push(text))
      if (parser.error) break
    }
    if (!parser.error) {
      const rest = decode()
      if (rest === undefined) return
      yield* rows(parser.push(rest))
      yield* rows(parser.end())
    }
    if (parser.error) {
      ctx.report.problem({
        sheet: spec.name,
        row: row + 1,
        message: `the CSV cannot be read from here: ${parser.error.message}`,
      })
      return
    }
    if (!headerSeen) matchHeaders(spec, [], ctx.report)
  } finally {
    // Stop reading (an upload's rest is drained by its guard) when the loop ends early.
    if (!input.readableEnded) input.destroy()
  }
}

/**
 * Sheets sent as JSON (`{ "Places": [ { "gss_code": "E10000018", … } ] }`). Keys are headers;
 * the first object is row 2, as if under a header row.
 */
export function* readJson(sheets: Record<string, readonly unknown[]>, ctx: ReadContext): Generator<SheetRow> {
  for (const [name, rows] of Object.entries(sheets)) {
    const spec = findSheet(ctx.sheets, name)
    if (!spec || spec.exportOnly) {
      ctx.report.warn({
        sheet: name,
        message: spec ? 'this sheet is only exported, ignored' : 'not a sheet Goldthread imports, ignored',
      })
      continue
    }
    ctx.seen.add(spec.name)
    const keys = [...new Set(rows.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])))]
    const headers = matchHeaders(spec, keys, ctx.report)
    if (!headers) continue
    for (const [i, item] of rows.entries()) {
      const row = i + 2
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        ctx.report.problem({ sheet: spec.name, row, message: 'each row must be an object of column: value' })
        continue
      }
      const cells = keys.map((k) => cellText((item as Record<string, unknown>)[k]))
      const record = recordFrom(cells, headers)
      if (record) yield { sheet: spec.name, row, record }
    }
  }
}

/**
 * The sheet a CSV file holds, from its name: `Places.csv`, `places (2).csv`, or an export's
 * `rutland-Places.csv`.
 */
export function sheetFromFilename<S extends SheetSpec>(
  sheets: readonly S[],
  filename: string,
): S | undefined {
  const base = path
    .basename(filename)
    .replace(/\.[^.]*$/, '')
    .replace(/\s*\(\d+\)$/, '')
  const exact = findSheet(sheets, base)
  if (exact) return exact
  const last = base.split(/[-_ .]+/).pop()
  return last ? findSheet(sheets, last) : undefined
}

/** Read enough of a stream to recognise the file, then hand back a stream of the whole of it. */
async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; rest: Readable }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>
  const chunks: Buffer[] = []
  let size = 0
  let done = false
  while (size < bytes) {
    const next = await it.next()
    if (next.done) {
      done = true
      break
    }
    const chunk = Buffer.from(next.value)
    chunks.push(chunk)
    size += chunk.length
  }
  const head = Buffer.concat(chunks)
  async function* all() {
    try {
      if (head.length) yield head
      if (done) return
      for (;;) {
        const next = await it.next()
        if (next.done) return
        yield Buffer.from(next.value)
      }
    } finally {
      await it.return?.()
    }
  }
  return { head, rest: Readable.from(all(), { objectMode: false }) }
}

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32BE(0) === 0x504b0304
const isOle = (b: Buffer) => b.length >= 4 && b.readUInt32BE(0) === 0xd0cf11e0

function names(sheets: readonly SheetSpec[]) {
  return sheets
    .filter((s) => !s.exportOnly)
    .map((s) => s.name)
    .join(', ')
}

/**
 * Read any source as a stream of sheet rows. Problems with the file itself (not UTF-8, not a
 * workbook, no sheet to import) go to the report; rows of readable sheets are yielded.
 */
export async function* readSource(
  source: ImportSource,
  sheets: readonly SheetSpec[],
  report: ImportReport,
  seen = new Set<string>(),
  allow?: (spec: SheetSpec) => boolean,
): AsyncGenerator<SheetRow> {
  const ctx: ReadContext = { sheets, report, seen, ...(allow ? { allow } : {}) }
  const chosen = source.kind === 'file' && source.sheet ? findSheet(sheets, source.sheet) : undefined
  if (source.kind === 'file' && source.sheet && (!chosen || chosen.exportOnly)) {
    source.stream.resume()
    report.fail(
      chosen
        ? `${chosen.name} is only exported: it cannot be imported`
        : `${source.sheet} is not a sheet Goldthread imports: use one of ${names(sheets)}`,
    )
    return
  }

  if (source.kind === 'json') {
    yield* readJson(source.sheets, ctx)
  } else {
    const { head, rest } = await peek(source.stream, 8)
    if (head.length === 0) {
      report.fail(EMPTY_FILE)
      return
    }
    if (isOle(head)) {
      rest.resume()
      report.fail(OLD_XLS)
      return
    }
    if (isZip(head)) {
      yield* readXlsx(rest, ctx, chosen?.name)
    } else {
      const spec = chosen ?? (source.filename ? sheetFromFilename(sheets, source.filename) : undefined)
      if (!spec || spec.exportOnly) {
        rest.resume()
        report.fail(
          `Name the CSV file after the sheet it holds (one of ${names(sheets)}), like Places.csv, or say which sheet it is`,
        )
        return
      }
      if (allow && !allow(spec)) {
        seen.add(spec.name)
        rest.resume()
        return
      }
      yield* readCsv(rest, spec, ctx)
    }
  }
  if (!report.fatal && ctx.seen.size === 0)
    report.fail(`There is nothing to import: the file has no sheet named ${names(sheets)}`)
}

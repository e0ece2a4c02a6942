import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import { once } from 'node:events'
import { PassThrough, Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { cellForText, type CellValue } from './cells.ts'
import { csvSafe } from './csv.ts'
import { GUIDANCE_SHEET, headersOf, type SheetSpec } from './sheets.ts'

export const exportFormats = ['csv', 'xlsx', 'json'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
}

/** A sheet to write: its spec (for the headers) and its rows, streamed. */
export interface SheetOut {
  spec: SheetSpec
  rows: AsyncIterable<Record<string, CellValue>>
}

/**
 * One sheet as CSV, with a byte order mark so Excel opens it as UTF-8 (the reader strips it).
 * Booleans are written yes/no and blanks empty, exactly as an import reads them.
 */
export function writeCsv(sheet: SheetOut): Readable {
  const headers = headersOf(sheet.spec)
  async function* lines() {
    yield headers
    // Text a spreadsheet would run as a formula gets a leading ' (numbers are left alone).
    for await (const row of sheet.rows) yield headers.map((h) => csvSafe(cellForText(row[h] ?? null)))
  }
  const out = stringify({ bom: true })
  pipeline(Readable.from(lines()), out).catch((err: Error) => out.destroy(err))
  return out
}

/**
 * JSON: one sheet as an array of row objects; several as `{ "sheets": { "Places": [...] } }`,
 * the body the import API accepts. Written a row at a time.
 */
export function writeJson(sheets: SheetOut[]): Readable {
  const single = sheets.length === 1
  async function* chunks() {
    if (!single) yield '{"sheets":{'
    for (const [i, sheet] of sheets.entries()) {
      const headers = headersOf(sheet.spec)
      if (!single) yield `${i ? ',' : ''}${JSON.stringify(sheet.spec.name)}:`
      yield '['
      let first = true
      for await (const row of sheet.rows) {
        const obj = Object.fromEntries(headers.map((h) => [h, row[h] ?? null]))
        yield `${first ? '\n' : ',\n'}${JSON.stringify(obj)}`
        first = false
      }
      yield first ? ']' : '\n]'
    }
    yield single ? '\n' : '}}\n'
  }
  return Readable.from(chunks(), { objectMode: false })
}

/**
 * Columns a spreadsheet must keep as typed, formatted as text (`@`): periods (`2008/09` is not a
 * date), codes (`NI 8`, `E10000018`) and refs (`1.10` is not the number 1.1).
 */
export const TEXT_COLUMN = /(^|_)(code|codes|gss|period|ref|refs|start|end|year)$/

const xlsxColumn = (h: string) => ({
  width: Math.max(14, h.length + 4),
  ...(TEXT_COLUMN.test(h) ? { style: { numFmt: '@' } } : {}),
})

const xlsxCell = (v: CellValue | undefined) =>
  v === null || v === undefined ? null : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v

type GuidanceRow = [string, string, string, string]

/** The Guidance sheet of the blank template: what each sheet and column takes. */
function guidanceRows(specs: readonly SheetSpec[]): GuidanceRow[] {
  const rows: GuidanceRow[] = [
    ['How to fill in this workbook', '', '', ''],
    ['Fill in the sheets you need and leave the others as they are. Keep the header row.', '', '', ''],
    [
      'Headers are matched whatever their case; columns not listed here are ignored. Yes/no cells take yes, no, true, false, y or n. Separate a list in one cell with ";".',
      '',
      '',
      '',
    ],
    [
      'An import is all or nothing: if any row is wrong, nothing is saved and every problem is listed as Sheet!row column: message.',
      '',
      '',
      '',
    ],
    ['', '', '', ''],
    ['Sheet', 'Column', 'Required', 'What to enter'],
  ]
  for (const spec of specs) {
    rows.push([spec.name, '', '', spec.description])
    for (const [header, col] of Object.entries(spec.columns))
      rows.push(['', header, col.required ? 'yes' : 'no', col.description])
  }
  return rows
}

/**
 * An .xlsx workbook, one worksheet per sheet (and a Guidance sheet first when asked), through
 * ExcelJS's streaming writer: each row is committed as it is written, pausing when the reader
 * of the stream falls behind.
 */
export function writeXlsx(sheets: SheetOut[], opts: { guidance?: readonly SheetSpec[] } = {}): Readable {
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.creator = 'Goldthread'
  const write = async () => {
    if (opts.guidance) {
      const ws = wb.addWorksheet(GUIDANCE_SHEET)
      ws.columns = [{ width: 18 }, { width: 22 }, { width: 10 }, { width: 90 }]
      guidanceRows(opts.guidance).forEach((cells, i) => {
        const row = ws.addRow(cells)
        if (i === 0) row.font = { bold: true, size: 14 }
        if (cells[0] === 'Sheet' || (cells[0] && !cells[1] && i > 4)) row.font = { bold: true }
        row.commit()
      })
      ws.commit()
    }
    for (const sheet of sheets) {
      const headers = headersOf(sheet.spec)
      const ws = wb.addWorksheet(sheet.spec.name, { views: [{ state: 'frozen', ySplit: 1 }] })
      ws.columns = headers.map(xlsxColumn)
      const head = ws.addRow(headers)
      head.font = { bold: true }
      head.commit()
      for await (const row of sheet.rows) {
        ws.addRow(headers.map((h) => xlsxCell(row[h]))).commit()
        if (out.writableNeedDrain) await once(out, 'drain')
      }
      ws.commit()
    }
    await wb.commit()
  }
  write().catch((err: Error) => out.destroy(err))
  return out
}

export function writeSheets(format: ExportFormat, sheets: SheetOut[]): Readable {
  if (format === 'json') return writeJson(sheets)
  if (format === 'xlsx') return writeXlsx(sheets)
  if (sheets.length !== 1) throw new Error('A CSV file holds one sheet')
  return writeCsv(sheets[0]!)
}

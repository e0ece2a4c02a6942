import ExcelJS from 'exceljs'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { cellText, percentCellText, type CellText } from './cells.ts'
import type { ReadContext, SheetRow } from './read.ts'
import { findSheet, GUIDANCE_SHEET, matchHeaders, recordFrom, type HeaderMap } from './sheets.ts'

export const NOT_XLSX =
  'The file could not be read as an Excel workbook (.xlsx): open it in Excel, save it as an Excel Workbook and upload it again'

interface ZipEntry {
  path: string
  stream(): Readable
}

/** unzipper (ExcelJS's own zip reader) opened by its central directory, for entries in any order. */
const unzipper = createRequire(import.meta.url)('unzipper') as {
  Open: { file(file: string): Promise<{ files: ZipEntry[] }> }
}

interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  name: string
}

/**
 * The steps of ExcelJS's streaming WorkbookReader, driven one by one. Its own `parse()` takes
 * the zip in file order, parking worksheets in temp files until the workbook's relationships
 * and shared strings turn up, and it can lose the entries at the end of the zip when they
 * arrive while it is busy (exceljs/exceljs#2663, #3025): sheets then come out as Sheet1,
 * Sheet2… and shared strings as placeholders. Reading the structure first avoids both.
 */
interface ReaderSteps {
  model?: { sheets?: { id: number; name: string; rId: string }[] }
  workbookRels?: { Id: string; Target: string; Type: string }[]
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>
  _parseStyles(entry: Readable): Promise<void>
  _parseWorksheet(
    iterator: AsyncIterable<unknown>,
    sheetNo: string,
  ): Generator<{ eventType: string; value: StreamedSheet }>
}

/** The cells of a row as text, 0-based; percentages as people see them (45%, not 0.45). */
function rowCells(row: ExcelJS.Row): CellText[] {
  const cells: CellText[] = []
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const raw = cell.value as unknown
    const value =
      raw !== null && typeof raw === 'object' && 'result' in raw ? (raw as { result: unknown }).result : raw
    cells[col - 1] =
      typeof value === 'number' && cell.numFmt?.includes('%') ? percentCellText(value) : cellText(value)
  })
  return Array.from(cells, (c) => c)
}

/** A relationship target (`worksheets/sheet1.xml` or `/xl/worksheets/sheet1.xml`) as a zip path. */
const zipPath = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`)

/** The worksheets of a workbook in its own order, each with the entry holding its rows. */
async function openWorkbook(file: string) {
  const zip = await unzipper.Open.file(file)
  const entry = (p: string) => zip.files.find((f) => f.path === p)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderSteps
  const rels = entry('xl/_rels/workbook.xml.rels')
  const book = entry('xl/workbook.xml')
  if (!rels || !book) throw new Error('not a workbook')
  await reader._parseRels(rels.stream())
  await reader._parseWorkbook(book.stream())
  const strings = entry('xl/sharedStrings.xml')
  if (strings) for await (const _ of reader._parseSharedStrings(strings.stream()));
  const styles = entry('xl/styles.xml')
  if (styles) await reader._parseStyles(styles.stream())
  const sheets = (reader.model?.sheets ?? []).flatMap((s) => {
    const target = reader.workbookRels?.find((r) => r.Id === s.rId)?.Target
    const found = target ? entry(zipPath(target)) : undefined
    const sheetNo = /sheet(\d+)\.xml$/.exec(found?.path ?? '')?.[1]
    return found && sheetNo ? [{ name: s.name, entry: found, sheetNo }] : []
  })
  return { reader, sheets }
}

/**
 * Read every sheet of an .xlsx workbook whose name is a workbook sheet (or just `only`),
 * yielding its rows as records. The upload is first copied to a temp file (a zip is read from
 * its directory at the end); rows then stream from it, one in memory at a time, plus the shared
 * strings table.
 */
export async function* readXlsx(input: Readable, ctx: ReadContext, only?: string): AsyncGenerator<SheetRow> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'goldthread-xlsx-'))
  try {
    const file = path.join(dir, 'workbook.xlsx')
    await pipeline(input, fs.createWriteStream(file))
    let opened: Awaited<ReturnType<typeof openWorkbook>>
    try {
      opened = await openWorkbook(file)
    } catch {
      ctx.report.fail(NOT_XLSX)
      return
    }
    for (const { name, entry, sheetNo } of opened.sheets) {
      const spec = findSheet(ctx.sheets, name)
      if (!spec) {
        if (name.toLowerCase() !== GUIDANCE_SHEET.toLowerCase() && !only)
          ctx.report.warn({ sheet: name, message: 'not a sheet Goldthread imports, ignored' })
        continue
      }
      if (only && spec.name !== only) continue
      if (spec.exportOnly) {
        ctx.report.warn({ sheet: spec.name, message: 'this sheet is only exported, ignored' })
        continue
      }
      if (ctx.seen.has(spec.name)) {
        ctx.report.problem({
          sheet: spec.name,
          message: 'the workbook has two sheets of this name: keep one',
        })
        continue
      }
      ctx.seen.add(spec.name)
      const ws = [...opened.reader._parseWorksheet(entry.stream(), sheetNo)][0]?.value
      if (!ws) continue
      let headers: HeaderMap | undefined
      let headerSeen = false
      try {
        for await (const row of ws) {
          const cells = rowCells(row)
          if (!headerSeen) {
            if (cells.every((c) => c === undefined)) continue
            headerSeen = true
            headers = matchHeaders(spec, cells, ctx.report, row.number)
            continue
          }
          if (!headers) continue
          const record = recordFrom(cells, headers)
          if (record) yield { sheet: spec.name, row: row.number, record }
        }
      } catch {
        ctx.report.fail(NOT_XLSX)
        return
      }
      if (!headerSeen) matchHeaders(spec, [], ctx.report)
    }
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true })
  }
}

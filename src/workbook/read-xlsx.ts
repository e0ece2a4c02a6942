import ExcelJS from 'exceljs'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { cellText, percentCellText, type CellText } from './cells.ts'
import type { ReadContext, SheetRow } from './read.ts'
import type { Problem } from './report.ts'
import {
  checkZipDirectory,
  guardEntry,
  makeUploadTempDir,
  tooLargeUnpacked,
  UNPACK_LIMITS,
  UnpackError,
  type PartKind,
  type UnpackLimits,
} from './read-zip.ts'
import {
  findSheet,
  GUIDANCE_SHEET,
  matchHeaders,
  recordFrom,
  type HeaderMap,
  type SheetSpec,
} from './sheets.ts'

export const NOT_XLSX =
  'The file could not be read as an Excel workbook (.xlsx): open it in Excel, save it as an Excel Workbook and upload it again'

interface ZipEntry {
  path: string
  compressedSize?: number
  uncompressedSize?: number
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
  sharedStrings?: unknown[]
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
    const value = raw !== null && typeof raw === 'object' && 'result' in raw ? raw.result : raw
    cells[col - 1] =
      typeof value === 'number' && cell.numFmt?.includes('%') ? percentCellText(value) : cellText(value)
  })
  return Array.from(cells, (c) => c)
}

/** A relationship target (`worksheets/sheet1.xml` or `/xl/worksheets/sheet1.xml`) as a zip path. */
const zipPath = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`)

/** Not a zip, or not a workbook inside: reported as {@link NOT_XLSX}. */
class NotXlsx extends Error {}

/**
 * A workbook's structure: its worksheets in its own order, each with the entry holding its
 * rows. The shared strings and styles, held in memory while the rows are read, come later and
 * only for the sheets that will be read ({@link loadTables}). Every entry is read through
 * {@link guardEntry}, which stops at the first limit passed.
 */
async function openWorkbook(file: string, limits: UnpackLimits) {
  await checkZipDirectory(file, limits)
  let zip: { files: ZipEntry[] }
  try {
    zip = await unzipper.Open.file(file)
  } catch {
    throw new NotXlsx()
  }
  if (zip.files.length > limits.entries)
    throw tooLargeUnpacked('the file', `over ${limits.entries.toLocaleString('en-GB')} parts`)
  const entry = (p: string) => zip.files.find((f) => f.path === p)
  const open = (e: ZipEntry, kind: PartKind) =>
    guardEntry(e, e.stream(), kind, limits, () => reader.sharedStrings?.length ?? 0)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderSteps
  const rels = entry('xl/_rels/workbook.xml.rels')
  const book = entry('xl/workbook.xml')
  if (!rels || !book) throw new NotXlsx()
  await reader._parseRels(open(rels, 'part'))
  await reader._parseWorkbook(open(book, 'part'))
  const sheets = (reader.model?.sheets ?? []).flatMap((s) => {
    const target = reader.workbookRels?.find((r) => r.Id === s.rId)?.Target
    const found = target ? entry(zipPath(target)) : undefined
    const sheetNo = /sheet(\d+)\.xml$/.exec(found?.path ?? '')?.[1]
    return found && sheetNo ? [{ name: s.name, entry: found, sheetNo }] : []
  })
  const loadTables = async () => {
    const strings = entry('xl/sharedStrings.xml')
    if (strings) for await (const _ of reader._parseSharedStrings(open(strings, 'sharedStrings')));
    const styles = entry('xl/styles.xml')
    if (styles) await reader._parseStyles(open(styles, 'part'))
  }
  const rows = (e: ZipEntry, sheetNo: string) =>
    [...reader._parseWorksheet(open(e, 'sheet'), sheetNo)][0]?.value
  return { sheets, loadTables, rows }
}

type Opened = Awaited<ReturnType<typeof openWorkbook>>

/**
 * The sheets to read, in workbook order: those Goldthread imports (or just `only`), once each,
 * and that the caller may import (`ctx.allow`, which reports a refusal). Decided from the
 * workbook's structure alone, before its shared strings are read. Warnings about the other
 * sheets are kept in place, to be given as the reading passes them.
 */
function chooseSheets(opened: Opened, ctx: ReadContext, only?: string) {
  type Step = { spec: SheetSpec; entry: ZipEntry; sheetNo: string } | { warning: Problem }
  const steps: Step[] = []
  for (const { name, entry, sheetNo } of opened.sheets) {
    const spec = findSheet(ctx.sheets, name)
    if (!spec) {
      if (name.toLowerCase() !== GUIDANCE_SHEET.toLowerCase() && !only)
        steps.push({ warning: { sheet: name, message: 'not a sheet Goldthread imports, ignored' } })
      continue
    }
    if (only && spec.name !== only) continue
    if (spec.exportOnly) {
      steps.push({ warning: { sheet: spec.name, message: 'this sheet is only exported, ignored' } })
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
    if (ctx.allow && !ctx.allow(spec)) continue
    steps.push({ spec, entry, sheetNo })
  }
  return steps
}

/**
 * Read every sheet of an .xlsx workbook whose name is a workbook sheet (or just `only`),
 * yielding its rows as records. The upload is first copied to a temp file (a zip is read from
 * its directory at the end); rows then stream from it, one in memory at a time, plus the shared
 * strings table. A part that inflates past {@link UNPACK_LIMITS} fails the import with a message
 * saying so, having read no further.
 */
export async function* readXlsx(
  input: Readable,
  ctx: ReadContext,
  only?: string,
  limits: UnpackLimits = UNPACK_LIMITS,
): AsyncGenerator<SheetRow> {
  const dir = await makeUploadTempDir()
  const failed = (e: unknown) => ctx.report.fail(e instanceof UnpackError ? e.message : NOT_XLSX)
  try {
    const file = path.join(dir, 'workbook.xlsx')
    await pipeline(input, fs.createWriteStream(file))
    let opened: Opened
    let steps: ReturnType<typeof chooseSheets>
    try {
      opened = await openWorkbook(file, limits)
      steps = chooseSheets(opened, ctx, only)
      if (steps.some((s) => 'spec' in s)) await opened.loadTables()
    } catch (e) {
      failed(e)
      return
    }
    for (const step of steps) {
      if ('warning' in step) {
        ctx.report.warn(step.warning)
        continue
      }
      const { spec, entry, sheetNo } = step
      let headers: HeaderMap | undefined
      let headerSeen = false
      try {
        const ws = opened.rows(entry, sheetNo)
        if (!ws) continue
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
      } catch (e) {
        failed(e)
        return
      }
      if (!headerSeen) matchHeaders(spec, [], ctx.report)
    }
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true })
  }
}

/**
 * The XLSX: the report's figures as tables for people who work on them. A Cover sheet (the
 * cover's facts and the status key), then one sheet per section with its blocks in order: each
 * table under its caption, a bold header row, numbers as numbers, statuses as their words. A chart
 * gives its table only.
 */
import ExcelJS from 'exceljs'
import { cellText, coverFacts, statusKey } from './reports.html.ts'
import type { Block, Cell, Generation, ReportDocument, TableBlock } from './reports.model.ts'

type Value = string | number | null

/** A plain decimal a spreadsheet can hold exactly as a number (15 significant digits or fewer). */
const PLAIN_DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/

/**
 * The spreadsheet's value of a cell: a number stays a number, `{ text, value }` is its value, a
 * status its word. In a numeric column a plain decimal string (money travels as "1234.50") is
 * written as the number, shown to its places.
 */
export function cellValue(c: Cell, numeric: boolean): { value: Value; numFmt?: string } {
  if (typeof c === 'number') return { value: Number.isFinite(c) ? c : null }
  if (c !== null && typeof c === 'object' && 'value' in c) return { value: c.value }
  const text = cellText(c).text
  if (numeric && PLAIN_DECIMAL.test(text) && text.replace(/^-?0*/, '').replace('.', '').length <= 15) {
    const places = text.split('.')[1]?.length ?? 0
    return { value: Number(text), numFmt: places ? `#,##0.${'0'.repeat(places)}` : '#,##0' }
  }
  return { value: text === '' ? null : text }
}

const FORBIDDEN = /[[\]:*?/\\]/g

/** A sheet name from a section's title: no []:*?/\, 31 characters at most, unique (any case). */
export function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(FORBIDDEN, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '') || 'Section'
  // Excel keeps "History" for itself.
  let name = base.slice(0, 31).trim()
  for (let n = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === 'history'; n++) {
    const suffix = ` (${n})`
    name = base.slice(0, 31 - suffix.length).trim() + suffix
  }
  taken.add(name.toLowerCase())
  return name
}

/** Columns a little wider than their longest text, within reason. */
function fitColumns(ws: ExcelJS.Worksheet) {
  const widths: number[] = []
  ws.eachRow((row) =>
    row.eachCell((cell, col) => {
      const len = cell.text.length
      // A caption or a paragraph spills over the empty cells to its right: it sets no width.
      if (row.cellCount === 1 && len > 40) return
      widths[col - 1] = Math.max(widths[col - 1] ?? 8, Math.min(60, len + 2))
    }),
  )
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w))
}

function writeTable(ws: ExcelJS.Worksheet, t: TableBlock) {
  ws.addRow([t.caption]).font = { bold: true, size: 12 }
  const header = ws.addRow(t.columns.map((c) => c.label))
  header.font = { bold: true }
  t.columns.forEach((c, i) => {
    if (c.numeric) header.getCell(i + 1).alignment = { horizontal: 'right' }
  })
  if (!t.rows.length) ws.addRow([t.empty ?? 'None.'])
  for (const r of t.rows) {
    const values = r.map((c, i) => cellValue(c, !!t.columns[i]?.numeric))
    const row = ws.addRow(values.map((v) => v.value))
    values.forEach((v, i) => {
      if (v.numFmt) row.getCell(i + 1).numFmt = v.numFmt
    })
    if (t.rowHeaders !== false) row.getCell(1).font = { bold: true }
  }
}

function writeBlock(ws: ExcelJS.Worksheet, b: Block) {
  switch (b.type) {
    case 'table':
      writeTable(ws, b)
      break
    case 'chart':
      writeTable(ws, b.table)
      break
    case 'heading':
      ws.addRow([b.text]).font = { bold: true, size: b.level === 3 ? 13 : 12 }
      break
    case 'text':
      for (const p of b.text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) if (p.trim()) ws.addRow([p.trim()])
      if (b.attribution) ws.addRow([b.attribution]).font = { italic: true }
      break
    case 'summary':
      for (const i of b.items) {
        const row = ws.addRow([i.label, typeof i.value === 'string' ? i.value : cellText(i.value).text])
        row.getCell(1).font = { bold: true }
      }
      break
  }
  ws.addRow([])
}

export async function renderXlsx(doc: ReportDocument, gen: Generation): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.title = `${doc.title} – ${doc.partnership.name}`
  wb.subject = doc.title
  wb.creator = 'Goldthread'
  wb.lastModifiedBy = gen.generatedBy
  wb.company = doc.partnership.name
  wb.description = `${doc.audience}. Period ${doc.period}, as at ${doc.asAt}.`
  const at = new Date(gen.generatedAt)
  if (!Number.isNaN(at.getTime())) wb.created = wb.modified = at

  const taken = new Set<string>(['cover'])
  const cover = wb.addWorksheet('Cover')
  cover.addRow([doc.title]).font = { bold: true, size: 16 }
  cover.addRow([])
  for (const f of coverFacts(doc, gen)) cover.addRow([f.label, f.value]).getCell(1).font = { bold: true }
  cover.addRow([])
  cover.addRow(['Status key']).font = { bold: true, size: 12 }
  cover.addRow(['Status', 'Meaning']).font = { bold: true }
  for (const k of statusKey()) cover.addRow([k.label, k.meaning]).getCell(1).font = { bold: true }
  cover.addRow([])
  cover.addRow(['Sheets']).font = { bold: true, size: 12 }

  const names = doc.sections.map((s) => sheetName(s.title, taken))
  doc.sections.forEach((s, i) => {
    cover.addRow([names[i], s.title])
    const ws = wb.addWorksheet(names[i])
    ws.addRow([s.title]).font = { bold: true, size: 14 }
    if (s.intro) ws.addRow([s.intro])
    ws.addRow([])
    for (const b of s.blocks) writeBlock(ws, b)
    fitColumns(ws)
  })
  cover.getColumn(1).width = 22
  cover.getColumn(2).width = 70
  return Buffer.from(await wb.xlsx.writeBuffer())
}

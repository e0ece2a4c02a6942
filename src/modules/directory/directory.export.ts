import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import { csvSafe } from '../../workbook/csv.ts'
import type { DirectoryRow } from './directory.service.ts'
import { directoryRoleLabels, directoryRoles } from './directory.schema.ts'

/** Columns of the directory download, in order: the workbook's Directory sheet plus context. */
export const downloadHeaders = [
  'ref',
  'title',
  'theme',
  'lead_partnership',
  'board_champion',
  'executive_officer',
  'outcome_lead',
  'outcome_lead_email',
  'missing',
] as const

function cells(r: DirectoryRow): string[] {
  return [
    r.ref,
    r.title,
    r.theme,
    ...directoryRoles.map((role) => r.roles[role]?.name ?? ''),
    r.roles.outcome_lead?.email ?? '',
    r.missing.map((m) => directoryRoleLabels[m].toLowerCase()).join('; '),
  ]
}

/** CSV with a byte order mark so Excel opens it as UTF-8. */
export function directoryCsv(rows: DirectoryRow[]): string {
  return stringify([[...downloadHeaders], ...rows.map((r) => cells(r).map(csvSafe))], { bom: true })
}

export async function directoryXlsx(rows: DirectoryRow[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Goldthread'
  const ws = wb.addWorksheet('Directory', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.addRow([...downloadHeaders]).font = { bold: true }
  for (const r of rows) ws.addRow(cells(r))
  ws.columns.forEach((c, i) => (c.width = [8, 50, 30, 30, 25, 25, 25, 30, 40][i] ?? 20))
  wb.title = title
  return Buffer.from(await wb.xlsx.writeBuffer())
}

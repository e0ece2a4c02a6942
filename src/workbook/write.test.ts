import ExcelJS from 'exceljs'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import type { CellValue } from './cells.ts'
import { readSource, type SheetRow } from './read.ts'
import { ImportReport } from './report.ts'
import { asyncRows, parseRecord, type SheetSpec } from './sheets.ts'
import { organisationsSpec } from '../modules/organisations/organisations.sheet.ts'
import { placesSpec } from '../modules/places/places.sheet.ts'
import { writeCsv, writeJson, writeXlsx } from './write.ts'

const placeRows: Record<string, CellValue>[] = [
  { gss_code: 'E10000018', name: 'Leicestershire', type: 'area', parent_gss_code: null, priority: false },
  {
    gss_code: 'E07000129',
    name: 'Blaby, "the" district',
    type: 'district',
    parent_gss_code: 'E10000018',
    priority: true,
  },
  {
    gss_code: 'E05000001',
    name: 'Ünïcödé — ward',
    type: 'neighbourhood',
    parent_gss_code: 'E07000129',
    priority: false,
  },
]
const orgRows: Record<string, CellValue>[] = [
  { name: 'Leicestershire Constabulary', type: 'police', duty_to_cooperate: true },
]
const from = (rows: Record<string, CellValue>[]) => asyncRows(rows)
const sheets: SheetSpec[] = [placesSpec, organisationsSpec]

async function readBack(bytes: Buffer, filename: string) {
  const report = new ImportReport()
  const rows: SheetRow[] = []
  for await (const r of readSource(
    { kind: 'file', stream: Readable.from([bytes]), filename },
    sheets,
    report,
  ))
    rows.push(r)
  const parsed = rows.map((r) =>
    parseRecord(
      sheets.find((s) => s.name === r.sheet)!,
      r.row,
      r.record,
      report,
    ),
  )
  return { parsed, problems: report.problems(), warnings: report.warnings }
}

const expectedPlaces = placeRows.map((r) => ({ ...r }))

describe('workbook writers', () => {
  it('writes CSV that reads back to the same records (BOM, quotes, yes/no, blanks)', async () => {
    const bytes = await buffer(writeCsv({ spec: placesSpec, rows: from(placeRows) }))
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const text = bytes.toString('utf8')
    expect(text).toContain('gss_code,name,type,parent_gss_code,priority')
    expect(text).toContain('E10000018,Leicestershire,area,,no')
    const back = await readBack(bytes, 'Places.csv')
    expect(back.problems).toEqual([])
    expect(back.warnings).toEqual([])
    expect(back.parsed).toEqual(expectedPlaces)
  })

  it('writes an xlsx workbook, one sheet per sheet, that reads back the same', async () => {
    const bytes = await buffer(
      writeXlsx([
        { spec: placesSpec, rows: from(placeRows) },
        { spec: organisationsSpec, rows: from(orgRows) },
      ]),
    )
    const back = await readBack(bytes, 'Workbook.xlsx')
    expect(back.problems).toEqual([])
    expect(back.parsed).toEqual([...expectedPlaces, ...orgRows])
  })

  it('writes JSON: an array of row objects for one sheet, the import body for several', async () => {
    const one = JSON.parse(
      (await buffer(writeJson([{ spec: placesSpec, rows: from(placeRows) }]))).toString(),
    )
    expect(one).toEqual(placeRows)
    const empty = JSON.parse((await buffer(writeJson([{ spec: placesSpec, rows: from([]) }]))).toString())
    expect(empty).toEqual([])
    const both = JSON.parse(
      (
        await buffer(
          writeJson([
            { spec: placesSpec, rows: from(placeRows) },
            { spec: organisationsSpec, rows: from(orgRows) },
          ]),
        )
      ).toString(),
    )
    expect(both).toEqual({ sheets: { Places: placeRows, Organisations: orgRows } })
  })

  it('writes a blank template: Guidance first, then each sheet’s headers', async () => {
    const bytes = await buffer(
      writeXlsx(
        sheets.map((spec) => ({ spec, rows: from([]) })),
        { guidance: sheets },
      ),
    )
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Guidance', 'Places', 'Organisations'])
    expect(wb.getWorksheet('Places')!.getRow(1).values).toEqual([
      undefined,
      'gss_code',
      'name',
      'type',
      'parent_gss_code',
      'priority',
    ])
    const guidance: string[] = []
    wb.getWorksheet('Guidance')!.eachRow((r) => guidance.push((r.values as unknown[]).slice(1).join('|')))
    expect(guidance).toContain('|gss_code|yes|ONS GSS code: a letter and 8 digits, like E10000018')
    expect(guidance).toContain(
      '|duty_to_cooperate|no|yes if it is a named partner under the statutory duty to co-operate (blank means no)',
    )
    const back = await readBack(bytes, 'template.xlsx')
    expect(back.problems).toEqual([])
    expect(back.warnings).toEqual([])
  })
})

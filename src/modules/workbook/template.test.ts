import ExcelJS from 'exceljs'
import { buffer } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { asyncRows, GUIDANCE_SHEET, headersOf } from '../../workbook/sheets.ts'
import { workbookSheets, type SheetDeps } from './workbook.sheets.ts'
import { TEXT_COLUMN, writeXlsx } from '../../workbook/write.ts'

// The sheets' specs only: making the list calls no service.
const importable = workbookSheets({} as SheetDeps).filter((s) => !s.exportOnly)

async function load(bytes: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  return wb
}

describe('the blank template', () => {
  it('formats every period and code column as text, so 2008/09 stays 2008/09', async () => {
    const empty = async function* () {}
    const wb = await load(
      await buffer(
        writeXlsx(
          importable.map((spec) => ({ spec, rows: empty() })),
          { guidance: importable },
        ),
      ),
    )
    const textColumns: string[] = []
    for (const spec of importable) {
      const ws = wb.getWorksheet(spec.name)!
      headersOf(spec).forEach((h, i) => {
        const numFmt = ws.getColumn(i + 1).numFmt
        if (TEXT_COLUMN.test(h)) {
          expect({ sheet: spec.name, h, numFmt }).toEqual({ sheet: spec.name, h, numFmt: '@' })
          textColumns.push(`${spec.name}.${h}`)
        } else expect({ sheet: spec.name, h, numFmt }).not.toEqual({ sheet: spec.name, h, numFmt: '@' })
      })
    }
    expect(textColumns).toEqual(
      expect.arrayContaining([
        'Places.gss_code',
        'Places.parent_gss_code',
        'Strategy.ref',
        'Strategy.parent_ref',
        'Agreement.start',
        'Agreement.end',
        'Indicators.code',
        'Targets.indicator_code',
        'Targets.outcome_refs',
        'Targets.place_gss',
        'Targets.baseline_period',
        'Trajectories.period',
        'Values.indicator_code',
        'Values.place_gss',
        'Values.period',
      ]),
    )
    // Figures are not text.
    expect(TEXT_COLUMN.test('value')).toBe(false)
    expect(TEXT_COLUMN.test('target_value')).toBe(false)
    expect(TEXT_COLUMN.test('tolerance_percent')).toBe(false)
  })

  it('keeps the format in an exported workbook, with the rows under it', async () => {
    const spec = importable.find((s) => s.name === 'Values')!
    const rows = () =>
      asyncRows([{ indicator_code: 'NI 8', place_gss: 'E10000018', period: '2008/09', value: 45.2 }])
    const ws = (await load(await buffer(writeXlsx([{ spec, rows: rows() }])))).getWorksheet('Values')!
    expect(ws.getColumn(3).numFmt).toBe('@')
    expect(ws.getCell('C2').value).toBe('2008/09')
    expect(ws.getCell('C2').numFmt).toBe('@')
    expect(ws.getCell('D2').value).toBe(45.2)
  })

  it('describes the Targets sheet’s published column on the guidance sheet', async () => {
    const empty = async function* () {}
    const wb = await load(
      await buffer(
        writeXlsx(
          importable.map((spec) => ({ spec, rows: empty() })),
          { guidance: importable },
        ),
      ),
    )
    const guidance: string[] = []
    wb.getWorksheet(GUIDANCE_SHEET)!.eachRow((r) => guidance.push((r.values as unknown[]).slice(1).join('|')))
    expect(
      guidance.some((l) => l.startsWith('|published|no|yes or no: whether the target is on the public site')),
    ).toBe(true)
  })
})

import ExcelJS from 'exceljs'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { enumCell, gssCell, numberCell, textCell, yesNoCell } from './cells.ts'
import { NOT_UTF8, OLD_XLS, readSource, sheetFromFilename, type ImportSource, type SheetRow } from './read.ts'
import { ImportReport } from './report.ts'
import { asyncRows, column, parseRecord, type SheetSpec } from './sheets.ts'
import { writeXlsx } from './write.ts'

const places: SheetSpec = {
  name: 'Places',
  description: '',
  columns: {
    gss_code: column(gssCell({ required: true }), '', { required: true }),
    name: column(textCell({ required: true }), '', { required: true }),
    priority: column(yesNoCell(), ''),
  },
}
const values: SheetSpec = {
  name: 'Values',
  description: '',
  columns: {
    period: column(textCell({ required: true }), '', { required: true }),
    value: column(numberCell(), ''),
    kind: column(enumCell(['a', 'b'] as const, { required: false }), ''),
  },
}
const from = (rows: Record<string, string | number | boolean | null>[]) => asyncRows(rows)
const coverage: SheetSpec = { name: 'Coverage', description: '', exportOnly: true, columns: {} }
const sheets = [places, values, coverage]

const file = (content: string | Buffer, filename?: string, sheet?: string): ImportSource => ({
  kind: 'file',
  stream: Readable.from([Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8')]),
  filename,
  sheet,
})

async function read(source: ImportSource) {
  const report = new ImportReport()
  const rows: SheetRow[] = []
  for await (const r of readSource(source, sheets, report)) rows.push(r)
  return { rows, report, problems: report.problems(['Places', 'Values']), warnings: report.warnings }
}

async function xlsx(build: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook()
  build(wb)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('workbook readers', () => {
  it('reads a CSV named after its sheet, matching headers whatever their case, skipping empty rows', async () => {
    const { rows, problems, warnings } = await read(
      file(
        'GSS Code*,NAME,Priority,Colour\nE10000018,Leicestershire,yes,red\n\n,,,\n"E07000129","Blaby, district",,\n',
        'places.csv',
      ),
    )
    expect(problems).toEqual([])
    expect(warnings).toEqual(['Places!1 Colour: unknown column, ignored'])
    expect(rows).toEqual([
      { sheet: 'Places', row: 2, record: { gss_code: 'E10000018', name: 'Leicestershire', priority: 'yes' } },
      {
        sheet: 'Places',
        row: 5,
        record: { gss_code: 'E07000129', name: 'Blaby, district', priority: undefined },
      },
    ])
  })

  it('strips a byte order mark and counts a quoted line break as one row', async () => {
    const { rows } = await read(
      file('\uFEFFgss_code,name\nE10000018,"Leics\nshire"\nE06000016,Leicester\n', 'Places.csv'),
    )
    expect(rows.map((r) => [r.row, r.record.gss_code, r.record.name])).toEqual([
      [2, 'E10000018', 'Leics\nshire'],
      [3, 'E06000016', 'Leicester'],
    ])
  })

  it('gives one clear error for a CSV that is not UTF-8', async () => {
    const latin1 = Buffer.from('gss_code,name\nE10000018,Caf\xe9 \xa3\n', 'latin1')
    const { problems, report } = await read(file(latin1, 'Places.csv'))
    expect(report.fatal).toBe(NOT_UTF8)
    expect(problems).toEqual(["The file is not UTF-8 text: save it as 'CSV UTF-8' and upload it again"])
  })

  it('names a missing required column, skips that sheet’s rows, and takes the sheet from the caller', async () => {
    const { rows, problems } = await read(file('gss_code,priority\nE10000018,yes\n', 'upload.csv', 'places'))
    expect(rows).toEqual([])
    expect(problems).toEqual(['Places!1 name: missing required column'])
  })

  it('asks for the sheet when a CSV’s name does not say, and refuses an export-only sheet or an .xls', async () => {
    expect((await read(file('a,b\n1,2\n', 'data.csv'))).report.fatal).toMatch(
      /^Name the CSV file after the sheet/,
    )
    expect((await read(file('a\n', 'x.csv', 'Coverage'))).report.fatal).toMatch(/only exported/)
    expect((await read(file('a\n', 'x.csv', 'Nope'))).report.fatal).toMatch(/Nope is not a sheet/)
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])
    expect((await read(file(ole, 'Places.xls'))).report.fatal).toBe(OLD_XLS)
    expect((await read(file('', 'Places.csv'))).report.fatal).toBe('The file is empty')
  })

  it('infers the sheet from file names people and exports use', () => {
    expect(sheetFromFilename(sheets, 'Places.csv')?.name).toBe('Places')
    expect(sheetFromFilename(sheets, '/tmp/values (2).csv')?.name).toBe('Values')
    expect(sheetFromFilename(sheets, 'rutland-Places.csv')?.name).toBe('Places')
    expect(sheetFromFilename(sheets, 'notes.csv')).toBeUndefined()
  })

  it('parses cells with the column parsers, reporting each bad cell as Sheet!row column', async () => {
    const { rows } = await read(file('period,value,kind\n2008/09,"1,234",A\n2009/10,lots,c\n', 'Values.csv'))
    const report = new ImportReport()
    const parsed = rows.map((r) => parseRecord(values, r.row, r.record, report))
    expect(parsed[0]).toEqual({ period: '2008/09', value: 1234, kind: 'a' })
    expect(parsed[1]).toBeUndefined()
    expect(report.problems()).toEqual([
      'Values!3 value: must be a number, like 1,234.5 or 45% (found "lots")',
      'Values!3 kind: must be one of a, b (found "c")',
    ])
  })

  it('streams the known sheets of an xlsx workbook, ignoring Guidance and warning of others', async () => {
    const buf = await xlsx((wb) => {
      wb.addWorksheet('Guidance').addRow(['How to fill in this workbook'])
      const p = wb.addWorksheet('places')
      p.addRow(['gss_code', 'Name', 'priority', 'note'])
      p.addRow(['E10000018', 'Leicestershire', true, 'x'])
      p.addRow([])
      p.addRow(['E07000129', { richText: [{ text: 'Bla' }, { text: 'by' }] }, 'n'])
      const v = wb.addWorksheet('Values')
      v.addRow(['period', 'value'])
      const row = v.addRow(['2008/09', 0.452])
      row.getCell(2).numFmt = '0.0%'
      v.addRow(['2009/10', { formula: '1000*2', result: 2000 }])
      wb.addWorksheet('Scratch').addRow(['anything'])
    })
    const { rows, problems, warnings } = await read(file(buf, 'upload.xlsx'))
    expect(problems).toEqual([])
    expect(warnings).toEqual([
      'Places!1 note: unknown column, ignored',
      'Scratch: not a sheet Goldthread imports, ignored',
    ])
    expect(rows).toEqual([
      { sheet: 'Places', row: 2, record: { gss_code: 'E10000018', name: 'Leicestershire', priority: 'yes' } },
      { sheet: 'Places', row: 4, record: { gss_code: 'E07000129', name: 'Blaby', priority: 'n' } },
      { sheet: 'Values', row: 2, record: { period: '2008/09', value: '45.2%' } },
      { sheet: 'Values', row: 3, record: { period: '2009/10', value: '2000' } },
    ])
  })

  it('keeps sheet names and shared strings wherever the zip puts them (exceljs#2663)', async () => {
    // The streaming writer puts the workbook's structure after its sheets, and a file read in
    // one chunk used to come out as Sheet1, Sheet2…
    const toys = Array.from({ length: 6 }, (_, i) => ({ ...values, name: `Toy${i}` }))
    const many = await buffer(
      writeXlsx([
        ...toys.map((spec) => ({ spec, rows: from([{ period: '2008/09', value: 1, kind: 'a' }]) })),
        { spec: places, rows: from([{ gss_code: 'E10000018', name: 'Leicestershire', priority: true }]) },
      ]),
    )
    const { rows, warnings } = await read(file(many, 'w.xlsx'))
    expect(warnings).toEqual(toys.map((t) => `${t.name}: not a sheet Goldthread imports, ignored`))
    expect(rows).toEqual([
      { sheet: 'Places', row: 2, record: { gss_code: 'E10000018', name: 'Leicestershire', priority: 'yes' } },
    ])
    // ExcelJS's in-memory writer uses a shared strings table.
    const shared = await xlsx((wb) => {
      const p = wb.addWorksheet('Places')
      p.addRow(['gss_code', 'name'])
      p.addRow(['E10000018', 'Leicestershire'])
    })
    expect((await read(file(shared, 'w.xlsx'))).rows[0]?.record.name).toBe('Leicestershire')
  })

  it('reports missing headers in an xlsx sheet and a workbook with nothing to import', async () => {
    const missing = await read(file(await xlsx((wb) => wb.addWorksheet('Places').addRow(['name'])), 'w.xlsx'))
    expect(missing.problems).toEqual(['Places!1 gss_code: missing required column'])
    const none = await read(file(await xlsx((wb) => wb.addWorksheet('Sheet1').addRow(['a'])), 'w.xlsx'))
    expect(none.report.fatal).toMatch(/^There is nothing to import/)
    const broken = await read(file(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64)]), 'w.xlsx'))
    expect(broken.report.fatal).toMatch(/could not be read as an Excel workbook/)
  })

  it('reads JSON sheets as rows under a header row', async () => {
    const { rows, problems, warnings } = await read({
      kind: 'json',
      sheets: {
        Places: [{ gss_code: 'E10000018', name: 'Leicestershire', priority: true, extra: 1 }, 'oops'],
        Mystery: [],
      },
    })
    expect(rows).toEqual([
      { sheet: 'Places', row: 2, record: { gss_code: 'E10000018', name: 'Leicestershire', priority: 'yes' } },
    ])
    expect(problems).toEqual(['Places!3: each row must be an object of column: value'])
    expect(warnings).toEqual([
      'Places!1 extra: unknown column, ignored',
      'Mystery: not a sheet Goldthread imports, ignored',
    ])
  })
})

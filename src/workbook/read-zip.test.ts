import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { minimalXlsx } from '../../test/helpers/zip.ts'
import { gssCell, textCell } from './cells.ts'
import { readSource, type SheetRow } from './read.ts'
import { readXlsx } from './read-xlsx.ts'
import { cleanStaleUploads, UNPACK_LIMITS, type UnpackLimits } from './read-zip.ts'
import { ImportReport } from './report.ts'
import { column, type SheetSpec } from './sheets.ts'

const places: SheetSpec = {
  name: 'Places',
  description: '',
  columns: {
    gss_code: column(gssCell({ required: true }), '', { required: true }),
    name: column(textCell({ required: true }), '', { required: true }),
  },
}

async function read(content: Buffer, limits: Partial<UnpackLimits> = {}, allow?: (s: SheetSpec) => boolean) {
  const report = new ImportReport()
  const rows: SheetRow[] = []
  const ctx = { sheets: [places], report, seen: new Set<string>(), ...(allow ? { allow } : {}) }
  for await (const r of readXlsx(Readable.from([content]), ctx, undefined, { ...UNPACK_LIMITS, ...limits }))
    rows.push(r)
  return { rows, problems: report.problems() }
}

const good = () =>
  minimalXlsx({ sheet: 'Places', headers: ['gss_code', 'name'], rows: [['E10000018', 'Leicestershire']] })

describe('reading a workbook someone else made', () => {
  it('reads a hand-built workbook within the limits', async () => {
    const { rows, problems } = await read(good())
    expect(problems).toEqual([])
    expect(rows).toEqual([
      { sheet: 'Places', row: 2, record: { gss_code: 'E10000018', name: 'Leicestershire' } },
    ])
  })

  it('stops reading shared strings that inflate past the limit, saying so', async () => {
    // 48 MB of one repeated string (under the size cap), packed in a few hundred kilobytes.
    const bomb = minimalXlsx({
      sheet: 'Places',
      headers: ['gss_code', 'name'],
      bomb: { chunk: '<si><t>x</t></si>'.repeat(64 * 1024), times: 48 },
    })
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const before = process.memoryUsage().heapUsed
    const { rows, problems } = await read(bomb)
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024)
    expect(rows).toEqual([])
    expect(problems).toEqual([
      expect.stringMatching(/^Workbook: the part xl\/sharedStrings\.xml is too large when unpacked \(over /),
    ])
  })

  it('caps the size, the string count, a row and a text, whatever the ratio', async () => {
    const noRatio = { ratio: Number.MAX_SAFE_INTEGER }
    const strings = minimalXlsx({
      sheet: 'Places',
      headers: ['gss_code', 'name'],
      bomb: { chunk: '<si><t>x</t></si>'.repeat(1000), times: 10 },
    })
    expect((await read(strings, { ...noRatio, sharedStrings: 5000 })).problems).toEqual([
      expect.stringContaining('xl/sharedStrings.xml is too large when unpacked (over 5,000 shared strings)'),
    ])
    expect((await read(strings, { ...noRatio, sharedStringsBytes: 100_000 })).problems).toEqual([
      expect.stringContaining('xl/sharedStrings.xml is too large when unpacked (over 0 MB)'),
    ])
    const longText = minimalXlsx({
      sheet: 'Places',
      headers: ['gss_code', 'name'],
      bomb: { chunk: 'y'.repeat(100_000), times: 30 },
    })
    expect((await read(longText, noRatio)).problems).toEqual([expect.stringContaining('(a text over 1 MB)')])
    const wideRow = minimalXlsx({
      sheet: 'Places',
      headers: ['gss_code', 'name'],
      sheetBomb: { chunk: '<c><v>1</v></c>'.repeat(1000), times: 100 },
    })
    expect((await read(wideRow, { ...noRatio, rowBytes: 1024 * 1024 })).problems).toEqual([
      expect.stringContaining(
        'the worksheet xl/worksheets/sheet1.xml is too large when unpacked (a row over 1 MB)',
      ),
    ])
    expect((await read(good(), { entries: 3 })).problems).toEqual([
      expect.stringContaining('Workbook: the file is too large when unpacked (over 3 parts)'),
    ])
  })

  it('asks whether the sheet may be imported before reading the shared strings', async () => {
    const bomb = minimalXlsx({
      sheet: 'Places',
      headers: ['gss_code', 'name'],
      bomb: { chunk: '<si><t>x</t></si>'.repeat(64 * 1024), times: 64 },
    })
    const asked: string[] = []
    const { rows, problems } = await read(bomb, {}, (s) => {
      asked.push(s.name)
      return false
    })
    expect(asked).toEqual(['Places'])
    expect(rows).toEqual([])
    expect(problems).toEqual([])
    // Through readSource: the refused sheet counts as found (no "nothing to import").
    const report = new ImportReport()
    for await (const _ of readSource(
      { kind: 'file', stream: Readable.from([bomb]) },
      [places],
      report,
      new Set(),
      () => false,
    ));
    expect(report.problems()).toEqual([])
  })

  it('removes the temp copies of processes that are gone, not those of live ones', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-clean-'))
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    fs.mkdirSync(path.join(root, `${dead}-abc`))
    fs.writeFileSync(path.join(root, `${dead}-abc`, 'workbook.xlsx'), 'left by a crash')
    fs.mkdirSync(path.join(root, 'stray'))
    fs.mkdirSync(path.join(root, `${process.pid}-live`))
    expect(await cleanStaleUploads(root)).toBe(2)
    expect(fs.readdirSync(root)).toEqual([`${process.pid}-live`])
    fs.rmSync(root, { recursive: true, force: true })
  })
})

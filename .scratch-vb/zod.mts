import { numberCell, textCell, gssCell } from '../src/workbook/cells.ts'
import { column, parseRecord, type SheetSpec } from '../src/workbook/sheets.ts'
import { ImportReport } from '../src/workbook/report.ts'
const spec: SheetSpec = { name: 'Values', description: '', columns: {
  indicator_code: column(textCell({ required: true }), '', { required: true }),
  place_gss: column(gssCell(), ''),
  period: column(textCell({ required: true }), '', { required: true }),
  value: column(numberCell(), ''), numerator: column(numberCell(), ''), denominator: column(numberCell(), ''),
  commentary: column(textCell({ max: 2000 }), ''),
}}
const report = new ImportReport()
for (let k = 0; k < 2; k++) {
const t0 = performance.now()
for (let i = 0; i < 1000000; i++) {
  parseRecord(spec, i, { indicator_code: 'L 01', place_gss: 'E20000001', period: '2008/09 Q1', value: String(i % 997 / 10), numerator: undefined, denominator: undefined, commentary: undefined }, report)
}
console.log('zod parseRecord 1M', (performance.now() - t0).toFixed(0), 'ms')
}

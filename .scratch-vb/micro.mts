import { parseNumber, numberCell, gssCell, textCell, readerOf } from '../src/workbook/cells.ts'
const t = (name: string, f: () => void) => { const t0 = performance.now(); f(); console.log(name, (performance.now() - t0).toFixed(0)) }
const vals = Array.from({ length: 1000 }, (_, i) => String(i / 10))
t('parseNumber 1M', () => { for (let i = 0; i < 1e6; i++) parseNumber(vals[i % 1000]!) })
const num = readerOf(numberCell()); const gss = readerOf(gssCell()); const txt = readerOf(textCell({ required: true }))
t('num reader 1M', () => { for (let i = 0; i < 1e6; i++) num(vals[i % 1000]) })
t('num reader undefined 1M', () => { for (let i = 0; i < 1e6; i++) num(undefined) })
t('gss 1M', () => { for (let i = 0; i < 1e6; i++) gss('E20000001') })
t('txt 1M', () => { for (let i = 0; i < 1e6; i++) txt('L 01') })
t('obj 1M', () => { let o; for (let i = 0; i < 1e6; i++) o = { a: 'L 01', b: 'x', c: 'y', d: undefined, e: undefined, f: undefined, g: undefined }; return o })

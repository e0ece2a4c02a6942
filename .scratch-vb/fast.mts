import fs from 'node:fs'

/** Minimal fast CSV: returns rows from a string chunk, keeping state across chunks. */
class Csv {
  field = ''
  row: string[] = []
  inQuotes = false
  quoteSeen = false
  pendingCR = false
  rows: string[][] = []
  push(text: string) {
    const rows = this.rows
    let row = this.row
    let i = 0
    const n = text.length
    let start = 0
    let field = this.field
    while (i < n) {
      if (this.inQuotes) {
        const q = text.indexOf('"', i)
        if (q < 0) { field += text.slice(i); i = n; start = n; break }
        if (q + 1 >= n) { field += text.slice(i, q); this.quoteSeen = true; this.inQuotes = false; i = n; start = n; break }
        if (text.charCodeAt(q + 1) === 34) { field += text.slice(i, q + 1); i = q + 2; continue }
        field += text.slice(i, q); this.inQuotes = false; i = q + 1; start = i; continue
      }
      const c = text.charCodeAt(i)
      if (c === 44) { row.push(field + text.slice(start, i)); field = ''; i++; start = i }
      else if (c === 10) { row.push(field + text.slice(start, i)); field = ''; rows.push(row); row = []; i++; start = i }
      else if (c === 34 && i === start && field === '') { this.inQuotes = true; i++; start = i }
      else i++
    }
    field += text.slice(start, n)
    this.field = field
    this.row = row
    this.rows = []
    return rows
  }
}
const t0 = performance.now()
let n = 0
const dec = new TextDecoder('utf-8', { fatal: true })
const csv = new Csv()
async function* batches() {
  for await (const chunk of fs.createReadStream('/tmp/vb/values.csv')) {
    yield csv.push(dec.decode(chunk, { stream: true }))
  }
}
async function* rows() {
  let r = 0
  for await (const b of batches()) for (const fields of b) yield { sheet: 'Values', row: ++r, record: fields }
}
async function* outer() { yield* rows() }
for await (const b of batches()) n += b.length
console.log('fast batches', n, (performance.now() - t0).toFixed(0), 'ms')
const t1 = performance.now(); n = 0
for await (const r of outer()) n++
console.log('fast per-row 2-level gen', n, (performance.now() - t1).toFixed(0), 'ms')

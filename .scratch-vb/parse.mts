import fs from 'node:fs'
import { parse } from 'csv-parse'
const t0 = performance.now()
let n = 0
const parser = fs.createReadStream('/tmp/vb/values.csv').pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false }))
for await (const r of parser) n++
console.log('csv-parse', n, (performance.now() - t0).toFixed(0), 'ms')

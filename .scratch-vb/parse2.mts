import fs from 'node:fs'
import { parse } from 'csv-parse'
{
const t0 = performance.now()
let n = 0
await new Promise((res) => {
  const parser = fs.createReadStream('/tmp/vb/values.csv').pipe(parse({ bom: true, relax_column_count: true }))
  parser.on('data', () => n++)
  parser.on('end', res)
})
console.log('csv-parse data events', n, (performance.now() - t0).toFixed(0), 'ms')
}
{
const t0 = performance.now()
let n = 0
for await (const chunk of fs.createReadStream('/tmp/vb/values.csv')) { for (const b of chunk) if (b === 10) n++ }
console.log('read only', n, (performance.now() - t0).toFixed(0), 'ms')
}

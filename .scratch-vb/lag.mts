import { Readable } from 'node:stream'
import { sql } from 'drizzle-orm'
import { createServices } from '../src/services.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import { seedValuesWorld, freshGss } from '../src/modules/values/values.bulk.fixtures.ts'
const engine = (process.env.ENGINE ?? 'pglite') as 'pglite'
const database = await freshDatabase(engine)
const s = createServices(database.db, { engine })
const w = await seedValuesWorld(s, 'lag')
const places = Array.from({ length: 60 }, () => freshGss())
await database.db.execute(sql`insert into places (id, gss_code, name, type, path, depth) select id, code, 'S ' || code, 'district', '/' || id || '/', 0 from (select gen_random_uuid() as id, code from unnest(array[${sql.join(places.map((c) => sql`${c}`), sql`, `)}]::text[]) as code) x`)
const note = 'Figures from the quarterly monitoring return, checked against the district returns. '.repeat(2)
const ROWS = Number(process.env.N ?? 200000)
function* lines() {
  yield 'indicator_code,place_gss,period,value,numerator,denominator,commentary\n'
  for (let i = 0; i < ROWS; i++) { const m = Math.floor(i / 60); yield `L R01,${places[i % 60]},${1901 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')},${i % 1000},,,"${note}${i}"\n` }
  yield `L R01,${places[0]},1901-01,1,,,\n`
}
let maxLag = 0, last = performance.now()
const timer = setInterval(() => { const now = performance.now(); maxLag = Math.max(maxLag, now - last - 100); last = now }, 100)
const t0 = performance.now(); let tl = t0
await s.workbook.import(w.actors.admin, w.partnershipId, { kind: 'file', stream: Readable.from(lines()), filename: 'Values.csv' }, { onProgress: (r, p) => { const n = performance.now(); console.log(p, r, (n - tl).toFixed(0), 'maxLag', maxLag.toFixed(0)); tl = n } }).catch((e) => console.log(e.details))
clearInterval(timer)
console.log('total', (performance.now() - t0).toFixed(0), 'max lag', maxLag.toFixed(0))
await database.close()

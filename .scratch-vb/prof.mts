import fs from 'node:fs'
import { createServices } from '../src/services.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { sql } from 'drizzle-orm'
const engine = (process.env.ENGINE ?? 'postgres') as 'postgres'
const N = Number(process.env.N ?? 50000)
const database = await freshDatabase(engine)
const s = createServices(database.db, { engine })
const system = systemActor('p')
const p = await s.partnerships.create(system, { slug: 'prof', name: 'P', kind: 'county', parentId: null })
for (let i = 0; i < 20; i++) await s.indicators.create(system, p.id, { code: `B ${String(i + 1).padStart(2, '0')}`, title: 'x', set: 'local', theme: null, definition: null, numerator: null, denominator: null, unit: 'count', ratePer: null, polarity: 'higher', frequency: 'quarterly', combine: 'none', dataSource: null, lagMonths: null, responsibleOrganisationId: null })
const places = Math.ceil(N / 200)
await database.db.execute(sql`insert into places (id, gss_code, name, type, path, depth) select id, 'E' || lpad((90000000 + g)::text, 8, '0'), 'x' || g, 'district', '/' || id || '/', 0 from (select gen_random_uuid() as id, g from generate_series(0, ${places - 1}) g) x`)
let csv = 'indicator_code,place_gss,period,value,numerator,denominator,commentary\n'
const periods = ['2008/09 Q1','2008/09 Q2','2008/09 Q3','2008/09 Q4','2009/10 Q1','2009/10 Q2','2009/10 Q3','2009/10 Q4','2010/11 Q1','2010/11 Q2']
let n = 0
outer: for (let pl = 0; pl < places; pl++) for (const per of periods) for (let i = 0; i < 20; i++) { if (n++ >= N) break outer; csv += `B ${String(i + 1).padStart(2, '0')},E${90000000 + pl},${per},${n % 1000},,,\n` }
fs.writeFileSync('/tmp/vb/prof.csv', csv)
const t0 = performance.now()
let last = t0
const r = await s.workbook.import(system, p.id, { kind: 'file', stream: fs.createReadStream('/tmp/vb/prof.csv'), filename: 'Values.csv' }, { onProgress: (rows, phase) => { const now = performance.now(); if (phase !== 'reading' || rows % 50000 === 0) console.log(phase, rows, (now - last).toFixed(0)); last = now } })
console.log(r, (performance.now() - t0).toFixed(0))
const t1 = performance.now()
const r2 = await s.workbook.import(system, p.id, { kind: 'file', stream: fs.createReadStream('/tmp/vb/prof.csv'), filename: 'Values.csv' }, { onProgress: (rows, phase) => { const now = performance.now(); if (phase !== 'reading' || rows % 50000 === 0) console.log(phase, rows, (now - last).toFixed(0)); last = now } })
console.log(r2, (performance.now() - t1).toFixed(0))
await database.close()

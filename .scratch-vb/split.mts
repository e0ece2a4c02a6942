import { sql } from 'drizzle-orm'
import { createServices } from '../src/services.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
const N = Number(process.env.N ?? 100000)
const database = await freshDatabase('postgres')
const db = database.db
const s = createServices(db, { engine: 'postgres' })
const system = systemActor('p')
const p = await s.partnerships.create(system, { slug: 'prof', name: 'P', kind: 'county', parentId: null })
const ind = await s.indicators.create(system, p.id, { code: 'B 01', title: 'x', set: 'local', theme: null, definition: null, numerator: null, denominator: null, unit: 'count', ratePer: null, polarity: 'higher', frequency: 'quarterly', combine: 'none', dataSource: null, lagMonths: null, responsibleOrganisationId: null })
await db.execute(sql`insert into places (id, gss_code, name, type, path, depth) select id, 'E' || lpad((90000000 + g)::text, 8, '0'), 'x' || g, 'district', '/' || id || '/', 0 from (select gen_random_uuid() as id, g from generate_series(0, ${N - 1}) g) x`)
await db.execute(sql`create table stg as select ${ind.id}::uuid as indicator_id, p.id as place_id, '2008/09 Q1'::text as period, 'quarter'::text as period_type, (random()*100)::numeric as value from places p`)
await db.execute(sql`analyze stg`)
const q = async (label: string, text: string) => { const t0 = performance.now(); await db.execute(sql.raw(text)); console.log(label, (performance.now() - t0).toFixed(0), 'ms') }
const ins = (t: string) => `insert into ${t} (partnership_id, indicator_id, place_id, period, period_type, value, status, version) select '${p.id}', indicator_id, place_id, period, period_type, value, 'submitted', 1 from stg`
await q('bare copy-like table (no idx)', `create table bare as select * from data_values with no data`)
await q('insert bare', ins('bare'))
await q('insert data_values (FK+idx)', ins('data_values'))
await q('insert versions (FK+idx)', `insert into data_value_versions (value_id, version, value, status, action, recorded_by) select id, 1, value, status, 'imported', 'x' from data_values`)
await q('delete', `delete from data_value_versions; delete from data_values`)
await q('vacuum', `vacuum data_values`)
await q('set replica', `set session_replication_role = replica`)
await q('insert data_values (idx, no FK)', ins('data_values'))
await q('insert versions (idx, no FK)', `insert into data_value_versions (value_id, version, value, status, action, recorded_by) select id, 1, value, status, 'imported', 'x' from data_values`)
await database.close()

import { sql } from 'drizzle-orm'
import { createServices } from '../src/services.ts'
import { freshDatabase } from '../test/helpers/db.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
const engine = (process.env.ENGINE ?? 'postgres') as 'postgres'
const N = Number(process.env.N ?? 50000)
const database = await freshDatabase(engine)
const db = database.db
const s = createServices(db, { engine })
const system = systemActor('p')
const p = await s.partnerships.create(system, { slug: 'prof', name: 'P', kind: 'county', parentId: null })
const ind = await s.indicators.create(system, p.id, { code: 'B 01', title: 'x', set: 'local', theme: null, definition: null, numerator: null, denominator: null, unit: 'count', ratePer: null, polarity: 'higher', frequency: 'quarterly', combine: 'none', dataSource: null, lagMonths: null, responsibleOrganisationId: null })
await db.execute(sql`insert into places (id, gss_code, name, type, path, depth) select id, 'E' || lpad((90000000 + g)::text, 8, '0'), 'x' || g, 'district', '/' || id || '/', 0 from (select gen_random_uuid() as id, g from generate_series(0, ${N - 1}) g) x`)
const q = async (label: string, text: any) => { const t0 = performance.now(); const r: any = await db.execute(text); console.log(label, (performance.now() - t0).toFixed(0), 'ms'); return r }
await q('stage', sql`create table stg as select g as row, true as ok, ${ind.id}::uuid as indicator_id, p.id as place_id, '2008/09 Q1'::text as period, 'quarter'::text as period_type, (g % 100)::numeric as value, null::numeric as numerator, null::numeric as denominator, null::text as commentary from places p, generate_series(1,1) g`)
await q('analyze', sql`analyze stg`)
const r = await q('explain insert', sql.raw(`explain (analyze, buffers) with created as (
      insert into data_values (partnership_id, indicator_id, place_id, period, period_type, round_id,
        organisation_id, value, numerator, denominator, commentary, status, late, version, updated_by_user_id)
      select '${p.id}'::uuid, s.indicator_id, s.place_id, s.period, s.period_type, r.id,
        i.responsible_organisation_id, s.value, s.numerator, s.denominator, s.commentary, 'submitted',
        coalesce(r.due_on < '2025-01-01'::date, false), 1, null::uuid
      from stg s
      join indicators i on i.id = s.indicator_id
      left join collection_rounds r on r.partnership_id = '${p.id}' and r.period = s.period and r.archived_at is null
      where not exists (select 1 from data_values d where d.partnership_id = '${p.id}' and d.indicator_id = s.indicator_id and d.place_id = s.place_id and d.period = s.period)
      returning id, version, value, numerator, denominator, commentary, status, late
    ), logged as (
      insert into data_value_versions (value_id, version, value, numerator, denominator, commentary, status, action, reason, late, recorded_by_user_id, recorded_by)
      select id, version, value, numerator, denominator, commentary, status, 'imported', 'x', late, null, 'x' from created returning 1
    ) select count(*) from logged`))
for (const row of r.rows) console.log(Object.values(row)[0])
await database.close()

/**
 * Assessment at national scale, on PGlite and PostgreSQL in the same run (`npm run bench`, or
 * alone: `BENCH_PARTNERSHIPS=10 npx tsx bench/assessment.bench.ts`).
 *
 * The dataset (bench/national.queries.ts, generated set-wise in SQL):
 * - BENCH_PARTNERSHIPS partnerships (default 150, the number of LAAs), each a county with 4-10
 *   districts (7 on average, about 1,050 in all);
 * - each with the 198 indicators of the National Indicator Set in its catalogue, quarterly:
 *   percentages (numerator and denominator, combined as a ratio), counts (summed) and scores
 *   (not combinable);
 * - 74 targets per partnership, the shape of an LAA2 agreement: 35 designated (the legal
 *   maximum, 001 §6), 17 mandatory (the DCSF education targets), 10 local and 12 reward
 *   targets (LAA1 had twelve). Not 198: an agreement picks its targets from the set, and the
 *   other indicators are reported but not assessed. Targets are at the county, with a
 *   trajectory per year, one in five with per-district trajectories too;
 * - twelve quarters of values (2008/09 Q1 - 2010/11 Q4) for every indicator at every district,
 *   and the county's own figure for scores and some percentages (2.58 million values at 150
 *   partnerships; BENCH_EVERY_INDICATOR=0 generates only the targets' indicators); 5% drafts.
 * The reassessment reads the submitted and approved values of the targets' indicators (0.91
 * million). It stores a row per target, place (county and districts) and quarter (1.07 million).
 *
 * Printed per engine: the first full assessment (every row written) and the recompute of the
 * unchanged dataset (every row computed and compared, none written), both beside a raw SQL scan
 * reading the same value rows to the client (a plain query per partnership, run after them, so
 * all three find the data cached alike); the time to save one value, reassessing in its
 * transaction; home and dashboard throughput beside a bare signed-in page, with and without the
 * render cache (bench/pages.bench.ts).
 * PGlite keeps its data in a temporary directory, as `DATA_DIR` does in production: the
 * dataset (about 2 GB with indexes) does not fit an in-memory database.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { buildApp } from '../src/app.ts'
import { openDatabase, type Database, type Engine } from '../src/db/client.ts'
import { systemActor } from '../src/modules/auth/actor.ts'
import { createServices, type Services } from '../src/services.ts'
import type { Db } from '../src/db/client.ts'

/** The services, and the database the bench loads in bulk and reads directly. */
export type BenchServices = Services & { db: Db }
import { testConfig } from '../test/helpers/config.ts'
import { freshDatabase, postgresAvailable } from '../test/helpers/db.ts'
import { timed } from './measure.ts'
import * as gen from './national.queries.ts'
import { addBarePage, benchPages } from './pages.bench.ts'

export const PARTNERSHIPS = Number(process.env.BENCH_PARTNERSHIPS ?? 150)
const EVERY_INDICATOR = process.env.BENCH_EVERY_INDICATOR !== '0'
const SAVES = Number(process.env.BENCH_SAVES ?? 20)
/** BENCH_ENGINES=postgres (or pglite) runs one engine only. */
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',')
/** Partnerships generated per statement group: bounded statements and memory. */
const GROUP = 25
const PASSWORD = 'bench-password-123'
const system = systemActor('bench')

const secs = (ms: number) => Math.round(ms / 100) / 10
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function open(engine: Engine): Promise<Database> {
  if (engine === 'postgres') return freshDatabase('postgres')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldthread-bench-'))
  const database = await openDatabase({ engine: 'pglite', dataDir: dir })
  await database.migrate()
  return {
    ...database,
    close: async () => {
      await database.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Partnerships through the service (it seeds their catalogues), the rest in SQL. */
export async function generate(s: BenchServices, PARTNERSHIPS_ = PARTNERSHIPS) {
  const PARTNERSHIPS = PARTNERSHIPS_
  for (let n = 1; n <= PARTNERSHIPS; n++)
    await s.partnerships.create(system, {
      slug: `bench-${String(n).padStart(3, '0')}`,
      name: `Bench partnership ${n}`,
      kind: 'county',
      parentId: null,
    })
  for (let from = 1; from <= PARTNERSHIPS; from += GROUP) {
    const to = Math.min(PARTNERSHIPS, from + GROUP - 1)
    await s.db.transaction(async (tx) => {
      // A bulk load, as pg_restore does it: no per-row foreign-key triggers (keys are made here).
      await tx.execute(sql`set local session_replication_role = replica`)
      await gen.placesAndCatalogue(tx, from, to)
      await gen.targets(tx, from, to)
      await gen.values(tx, from, to, { everyIndicator: EVERY_INDICATOR })
    })
  }
  await gen.analyze(s.db)
}

/** The raw scan: the reassessment's value rows, one plain query per partnership. */
async function rawScan(s: BenchServices, ids: string[]) {
  let rows = 0
  for (const id of ids) rows += await gen.rawValueScan(s.db, id)
  return rows
}

/** Save one district value per partnership (new figure, submitted): the value and its reassessment. */
async function saveValues(s: BenchServices, ids: string[]) {
  const times: number[] = []
  for (let i = 0; i < Math.min(SAVES, ids.length); i++) {
    const v = await gen.someTargetValue(s.db, ids[i]!, i)
    const { ms } = await timed(() =>
      s.values.save(
        system,
        ids[i]!,
        { indicatorId: v.indicator_id, placeId: v.place_id, period: v.period },
        {
          value: 1000 + i,
          numerator: null,
          denominator: null,
          commentary: null,
          version: v.version,
          submit: true,
        },
      ),
    )
    // A count is cumulative: the stored figure is the year to date (see gen.someTargetValue).
    const expected = v.earlier + 1000 + i
    const assessed = await gen.assessedValues(s.db, v)
    if (!assessed.length || assessed.some((x) => x === null || Math.abs(x - expected) > 1e-6))
      throw new Error(
        `the save did not reassess ${v.period}: ${JSON.stringify(assessed)}, expected the year to date ${expected}`,
      )
    times.push(ms)
  }
  return times
}

/** Home and dashboard beside a bare signed-in page (bench/pages.bench.ts), as an administrator. */
async function pages(s: BenchServices, partnershipId: string, slug: string) {
  const email = 'bench.admin@example.org'
  await s.users.addMember(system, partnershipId, {
    email,
    name: 'Bench admin',
    role: 'admin',
    organisationId: null,
    password: PASSWORD,
  })
  const app = await buildApp(testConfig, s, { logger: false })
  addBarePage(app)
  await app.ready()
  try {
    return await benchPages(app, s, slug, { email, password: PASSWORD })
  } finally {
    await app.close()
  }
}

async function runEngine(engine: Engine) {
  const database = await open(engine)
  try {
    const s: BenchServices = { ...createServices(database.db, { engine }), db: database.db }
    const made = await timed(() => generate(s))
    const counts = await gen.counts(s.db)
    const listed = (await s.partnerships.listForActor(system)).map((p) => p.partnership)
    const ids = listed.map((p) => p.id)
    const first = await timed(() => s.assessments.reassessAll(system))
    const stored = await gen.storedCount(s.db)
    // Statistics after the load, as autovacuum would take them (PGlite has no autovacuum).
    await gen.analyze(s.db)
    const again = await timed(() => s.assessments.reassessAll(system))
    if (again.result.changed !== 0) throw new Error(`the recompute changed ${again.result.changed} rows`)
    const scan = await timed(() => rawScan(s, ids))
    const saves = await saveValues(s, ids)
    const shown = await pages(s, ids[0]!, listed[0]!.slug)
    return {
      engine,
      partnerships: PARTNERSHIPS,
      targets: counts.targets,
      'values stored': counts.values,
      'values read': scan.result,
      'assessment rows': stored,
      'generate s': secs(made.ms),
      'first assessment s': secs(first.ms),
      'recompute (nothing changed) s': secs(again.ms),
      'raw SQL scan of the same values s': secs(scan.ms),
      'first assessment / scan': +(first.ms / scan.ms).toFixed(1),
      'recompute / scan (goal ≤ 3)': +(again.ms / scan.ms).toFixed(2),
      'one value: save + reassess p50 ms': Math.round(median(saves)),
      'one value: max ms': Math.round(Math.max(...saves)),
      ...shown,
    }
  } finally {
    await database.close()
  }
}

export type AssessmentBenchRow = Awaited<ReturnType<typeof runEngine>>

/** Both engines (PostgreSQL when reachable), one after the other; a column per engine. */
export async function benchAssessment() {
  const rows: AssessmentBenchRow[] = []
  if (ENGINES.includes('pglite')) rows.push(await runEngine('pglite'))
  if (!ENGINES.includes('postgres')) return table(rows)
  if (await postgresAvailable()) rows.push(await runEngine('postgres'))
  else console.log('PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL assessment skipped')
  return table(rows)
}

/** A row per measure and a column per engine: easier to read than one wide row per engine. */
function table(rows: AssessmentBenchRow[]) {
  if (rows.length === 0) return {}
  const metrics = Object.keys(rows[0]!).filter((k) => k !== 'engine') as (keyof AssessmentBenchRow)[]
  return Object.fromEntries(metrics.map((m) => [m, Object.fromEntries(rows.map((r) => [r.engine, r[m]]))]))
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchAssessment())

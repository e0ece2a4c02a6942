/**
 * Bulk import of values: BENCH_VALUES rows (default 1,000,000) of a Values CSV imported through
 * the workbook service, beside a raw COPY of the same file into a bare table in the same run,
 * with the import's peak memory. Run by `npm run bench` (bench/run.ts), or alone:
 * `BENCH_VALUES=200000 npx tsx bench/values.bench.ts`.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { sql } from 'drizzle-orm'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { systemActor } from '../src/modules/auth/actor.ts'
import { createServices } from '../src/services.ts'
import { pgCopyCsv } from '../src/workbook/session.ts'
import { freshDatabase, postgresAvailable } from '../test/helpers/db.ts'
import type { Engine } from '../src/db/client.ts'
import type { ImportPhase } from '../src/workbook/sheets.ts'

export const VALUES_ROWS = Number(process.env.BENCH_VALUES ?? 1_000_000)
const ROWS = VALUES_ROWS
/** `BENCH_ENGINES=pglite` (or `postgres`) runs one engine only; both by default. */
const BENCH_ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',')
const INDICATORS = 20
const PERIODS = [
  '2008/09 Q1',
  '2008/09 Q2',
  '2008/09 Q3',
  '2008/09 Q4',
  '2009/10 Q1',
  '2009/10 Q2',
  '2009/10 Q3',
  '2009/10 Q4',
  '2010/11 Q1',
  '2010/11 Q2',
]
const PLACES = Math.max(1, Math.ceil(ROWS / (INDICATORS * PERIODS.length)))

export interface ValuesBenchRow {
  engine: Engine
  rows: number
  'import s': number
  'read+stage s': number
  'check s': number
  'write s': number
  'import rows/s': number
  'COPY s': number
  'COPY rows/s': number
  'import/COPY %': number
  'peak RSS MB': number
  'RSS growth MB': number
  'peak heap MB': number
  'heap growth MB': number
  'file MB': number
}

const gssOf = (i: number) => `E${String(90_000_000 + i).padStart(8, '0')}`
const codeOf = (i: number) => `B ${String(i + 1).padStart(2, '0')}`

/** The Values CSV: every indicator × place × period, until ROWS rows; written a block at a time. */
async function writeFile(file: string) {
  const out = fs.createWriteStream(file)
  out.write('indicator_code,place_gss,period,value,numerator,denominator,commentary\n')
  let buf = ''
  let n = 0
  outer: for (let p = 0; p < PLACES; p++)
    for (const period of PERIODS)
      for (let i = 0; i < INDICATORS; i++) {
        if (n++ >= ROWS) break outer
        buf += `${codeOf(i)},${gssOf(p)},${period},${(n * 7919) % 100_000},,,${n % 50 === 0 ? '"Checked, revised"' : ''}\n`
        if (buf.length > 1 << 16) {
          if (!out.write(buf)) await once(out, 'drain')
          buf = ''
        }
      }
  out.end(buf)
  await once(out, 'finish')
}

/** Peak RSS and heap while `fn` runs, sampled every 20 ms. */
async function peakMemory<T>(fn: () => Promise<T>) {
  global.gc?.()
  const before = process.memoryUsage()
  let rss = before.rss
  let heap = before.heapUsed
  const timer = setInterval(() => {
    const m = process.memoryUsage()
    rss = Math.max(rss, m.rss)
    heap = Math.max(heap, m.heapUsed)
  }, 20)
  try {
    const result = await fn()
    return { result, rss, heap, rssBefore: before.rss, heapBefore: before.heapUsed }
  } finally {
    clearInterval(timer)
  }
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10
const secs = (ms: number) => Math.round(ms / 100) / 10

async function runEngine(engine: Engine, file: string): Promise<ValuesBenchRow> {
  const database = await freshDatabase(engine)
  try {
    const services = createServices(database.db, { engine })
    const system = systemActor('bench')
    const db = database.db
    const p = await services.partnerships.create(system, {
      slug: `bench-${engine}`,
      name: 'Bench',
      kind: 'county',
      parentId: null,
    })
    for (let i = 0; i < INDICATORS; i++)
      await services.indicators.create(system, p.id, {
        code: codeOf(i),
        title: `Bench ${i}`,
        set: 'local',
        theme: null,
        definition: null,
        numerator: null,
        denominator: null,
        unit: 'count',
        ratePer: null,
        polarity: 'higher',
        frequency: 'quarterly',
        combine: 'none',
        dataSource: null,
        lagMonths: null,
        responsibleOrganisationId: null,
      })
    // Places straight in: the benchmark is of values, not of the Places sheet.
    await db.execute(sql`
      insert into places (id, gss_code, name, type, path, depth)
      select id, 'E' || lpad((90000000 + g)::text, 8, '0'), 'Bench place ' || g, 'district', '/' || id || '/', 0
      from (select gen_random_uuid() as id, g from generate_series(0, ${PLACES - 1}) g) x`)

    const stream = fs.createReadStream(file, { highWaterMark: 1 << 16 })
    const t0 = performance.now()
    const at: Partial<Record<ImportPhase, number>> = {}
    const { result, rss, heap, rssBefore, heapBefore } = await peakMemory(() =>
      services.workbook.import(
        system,
        p.id,
        { kind: 'file', stream, filename: 'Values.csv' },
        { onProgress: (_rows, phase) => void (at[phase] ??= performance.now()) },
      ),
    )
    const importMs = performance.now() - t0
    const counts = result.sheets.Values!
    if (counts.created !== ROWS) throw new Error(`expected ${ROWS} created, got ${JSON.stringify(counts)}`)

    // Raw COPY of the same file into a bare table, on the same engine in the same run.
    await db.execute(sql`create table copy_baseline (indicator_code text, place_gss text, period text,
      value numeric, numerator numeric, denominator numeric, commentary text)`)
    const columns = [
      'indicator_code',
      'place_gss',
      'period',
      'value',
      'numerator',
      'denominator',
      'commentary',
    ]
    const text = fs.readFileSync(file, 'utf8').replace(/^[^\n]*\n/, '')
    const t1 = performance.now()
    const client = (db as unknown as { $client: unknown }).$client
    if (client instanceof pg.Pool) {
      const conn = await client.connect()
      try {
        await pgCopyCsv(conn, 'copy_baseline', columns, text)
      } finally {
        conn.release()
      }
    } else
      // One COPY of the whole file, PGlite's fastest path for a single load (the import's
      // staging sends 64 kB pieces, see PGLITE_COPY_CHUNK; that is not what is compared with).
      await (client as PGlite).query(
        `copy copy_baseline (${columns.join(', ')}) from '/dev/blob' with (format csv)`,
        [],
        { blob: new Blob([text]) },
      )
    const copyMs = performance.now() - t1
    // node-postgres and PGlite both answer with `rows`; the builder's type does not say so.
    const copied = (await db.execute(sql`select count(*)::int as n from copy_baseline`)) as {
      rows: { n: number }[]
    }
    if (copied.rows[0]!.n !== ROWS) throw new Error(`COPY loaded ${copied.rows[0]!.n} rows`)

    return {
      engine,
      rows: ROWS,
      'import s': secs(importMs),
      'read+stage s': secs((at.checking ?? t0) - t0),
      'check s': secs((at.writing ?? t0) - (at.checking ?? t0)),
      'write s': secs((at.done ?? t0) - (at.writing ?? t0)),
      'import rows/s': Math.round((ROWS / importMs) * 1000),
      'COPY s': secs(copyMs),
      'COPY rows/s': Math.round((ROWS / copyMs) * 1000),
      'import/COPY %': Math.round((copyMs / importMs) * 100),
      'peak RSS MB': mb(rss),
      'RSS growth MB': mb(rss - rssBefore),
      'peak heap MB': mb(heap),
      'heap growth MB': mb(heap - heapBefore),
      'file MB': mb(fs.statSync(file).size),
    }
  } finally {
    await database.close()
  }
}

/** Both engines (PostgreSQL when reachable), one after the other. */
export async function benchValues(): Promise<ValuesBenchRow[]> {
  const file = path.join(os.tmpdir(), `goldthread-bench-values-${crypto.randomBytes(4).toString('hex')}.csv`)
  await writeFile(file)
  try {
    const rows: ValuesBenchRow[] = []
    if (BENCH_ENGINES.includes('pglite')) rows.push(await runEngine('pglite', file))
    if (!BENCH_ENGINES.includes('postgres')) return rows
    if (await postgresAvailable()) rows.push(await runEngine('postgres', file))
    else console.log('PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL value import skipped')
    return rows
  } finally {
    fs.rmSync(file, { force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchValues())

import crypto from 'node:crypto'
import { sql } from 'drizzle-orm'
import { freshDatabase } from '../test/helpers/db.ts'
import type { Engine } from '../src/db/client.ts'

const N = Number(process.env.N ?? 200000)
const B = 5000
const inds = Array.from({ length: 50 }, () => crypto.randomUUID())
const places = Array.from({ length: 5000 }, () => crypto.randomUUID())
type R = [number, string, string, string, string, number, null, null, null]
function batch(off: number): R[] {
  const out: R[] = []
  for (let i = off; i < off + B; i++) out.push([i + 2, inds[i % 50]!, places[Math.floor(i / 50) % 5000]!, '2008/09 Q1', 'quarter', (i % 997) / 10, null, null, null])
  return out
}
const ddl = `create temp table stg (row int, indicator_id uuid, place_id uuid, period text, period_type text, value numeric, numerator numeric, denominator numeric, commentary text)`

class CopyIn {
  callback?: (e: unknown) => void
  err: unknown
  constructor(public text: string, public data: Buffer, private done: (e?: unknown) => void) {}
  submit(c: any) { c.query(this.text) }
  handleCopyInResponse(c: any) { c.sendCopyFromChunk(this.data); c.endCopyFrom() }
  handleCommandComplete() {}
  handleError(e: unknown) { this.err = e }
  handleReadyForQuery() { this.done(this.err) }
}
const csvOf = (rows: R[]) => rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\n') + '\n'

async function run(engine: Engine) {
  const database = await freshDatabase(engine)
  const db = database.db
  const client: any = (db as any).$client
  try {
    for (const mode of ['json', 'unnest', 'copy']) {
      let conn: any = client
      if (engine === 'postgres') conn = await client.connect()
      const q = (text: string, params: unknown[] = [], opts?: any) => engine === 'postgres' ? conn.query(text, params) : conn.query(text, params, opts)
      await q('drop table if exists stg'); await q(ddl)
      const t0 = performance.now()
      for (let off = 0; off < N; off += B) {
        const rows = batch(off)
        if (mode === 'json') {
          await q(`insert into stg select * from json_to_recordset($1::json) as x(row int, indicator_id uuid, place_id uuid, period text, period_type text, value numeric, numerator numeric, denominator numeric, commentary text)`, [JSON.stringify(rows.map((r) => ({ row: r[0], indicator_id: r[1], place_id: r[2], period: r[3], period_type: r[4], value: r[5], numerator: r[6], denominator: r[7], commentary: r[8] })))])
        } else if (mode === 'unnest') {
          const cols = Array.from({ length: 9 }, (_, c) => rows.map((r) => r[c]))
          await q(`insert into stg select * from unnest($1::int[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[], $9::text[])`, cols)
        } else {
          const data = Buffer.from(csvOf(rows))
          if (engine === 'postgres') await new Promise<void>((res, rej) => conn.query(new CopyIn(`copy stg from stdin with (format csv)`, data, (e) => e ? rej(e) : res())))
          else await conn.query(`copy stg from '/dev/blob' with (format csv)`, [], { blob: new Blob([data]) })
        }
      }
      const t1 = performance.now()
      const c = await q('select count(*) from stg')
      console.log(engine, mode, N, 'rows', (t1 - t0).toFixed(0), 'ms', c.rows[0])
      if (engine === 'postgres') conn.release()
    }
  } finally { await database.close() }
}
await run('pglite')
await run('postgres')

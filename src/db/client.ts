import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { seedNational } from '../modules/indicators/indicators.seed.ts'
import { acquireLock, type Lock } from './lock.ts'
import * as schema from './schema/index.ts'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Query functions accept the database or a transaction, so services decide the boundary. */
export type DbOrTx = Db | Tx

/** The national indicators every installation starts with, in one transaction. */
const seedNationalIndicators = (db: Db) => db.transaction((tx) => seedNational(tx))

export type Engine = 'pglite' | 'postgres'

export interface Database {
  db: Db
  engine: Engine
  /** Apply committed migrations and seed the national indicators (idempotent). */
  migrate(): Promise<void>
  close(): Promise<void>
  /** Raw SQL for the job queue (pg-boss): parameterless text may hold several statements. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }>
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

export type OpenOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` undefined = in memory (tests); `loadDataDir` starts from a dumped data directory (tests' migrated template). */
  | { engine: 'pglite'; dataDir?: string; loadDataDir?: Blob }

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 })
    // An idle client can be cut off by the server (restart, a dropped database); without a
    // listener node-postgres re-throws that as an uncaught error. The pool replaces the client.
    pool.on('error', (err) => console.warn(`database: idle connection closed: ${err.message}`))
    // Fail fast with a clear message if the server is unreachable.
    const probe = await pool.connect()
    probe.release()
    const db = drizzlePg(pool, { schema }) as unknown as Db
    return {
      db,
      engine: 'postgres',
      migrate: async () => {
        await migratePg(db as never, { migrationsFolder })
        await seedNationalIndicators(db)
      },
      close: () => pool.end(),
      executeSql: async (text, values) => {
        const r = await pool.query(text, values as unknown[])
        return { rows: r.rows, rowCount: r.rowCount ?? 0 }
      },
    }
  }
  let lock: Lock | undefined
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true })
    lock = acquireLock(path.join(opts.dataDir, 'goldthread.lock'))
  }
  try {
    const client = opts.dataDir
      ? await PGlite.create(path.join(opts.dataDir, 'pg'))
      : await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {})
    const db = drizzlePglite(client, { schema }) as unknown as Db
    return {
      db,
      engine: 'pglite',
      migrate: async () => {
        await migratePglite(db as never, { migrationsFolder })
        await seedNationalIndicators(db)
      },
      close: async () => {
        await client.close()
        lock?.release()
      },
      executeSql: async (text, values) => {
        // PGlite prepares a parameterised query, which must be one statement; pg-boss sends its
        // migrations as several statements without parameters.
        if (!values || values.length === 0) {
          const results = await client.exec(text)
          const last = results[results.length - 1]
          return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 }
        }
        const r = await client.query(text, values)
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length }
      },
    }
  } catch (err) {
    lock?.release()
    throw err
  }
}

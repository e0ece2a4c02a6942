import crypto from 'node:crypto'
import pg from 'pg'
import { openDatabase, type Database, type Engine } from '../../src/db/client.ts'

/** The server the PostgreSQL suite uses; CI starts it on 127.0.0.1:5432 with trust auth. */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export const testEngine = (): Engine => (process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite')

let reachable: Promise<boolean> | undefined
/** Whether the PostgreSQL server answers. Under CI=true an unreachable server fails the suite instead. */
export function postgresAvailable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 })
    try {
      await client.connect()
      await client.end()
      return true
    } catch (err) {
      if (process.env.CI === 'true')
        throw new Error(
          `PostgreSQL is required under CI but unreachable at ${TEST_POSTGRES_URL}: ${String(err)}`,
        )
      return false
    }
  })()
  return reachable
}

/**
 * A fresh, migrated database for one test file: PGlite in memory, or a new database created on
 * the PostgreSQL server and dropped afterwards.
 */
export async function freshDatabase(engine: Engine = testEngine()): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite' })
    await database.migrate()
    return database
  }
  const name = `goldthread_test_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  const database = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 4 })
  await database.migrate()
  return {
    ...database,
    close: async () => {
      await database.close()
      // No `with (force)`: terminating a connection that is still closing surfaces as an
      // uncaught 57P01 in the test process. Retry briefly; a leftover test database is harmless.
      const drop = new pg.Client({ connectionString: TEST_POSTGRES_URL })
      await drop.connect()
      for (let attempt = 0; attempt < 10; attempt++) {
        try {
          await drop.query(`drop database if exists ${name}`)
          break
        } catch {
          await new Promise((r) => setTimeout(r, 200))
        }
      }
      await drop.end()
    },
  }
}

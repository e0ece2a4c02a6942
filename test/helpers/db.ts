import crypto from 'node:crypto'
import fs from 'node:fs/promises'
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

/** The test server's address with another database name. */
export function withDatabase(name: string): string {
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  return url.toString()
}

/** PostgreSQL refuses to copy a template while a connection to it is still closing. */
const TEMPLATE_IN_USE = '55006'

/**
 * A fresh, migrated database for one test file: PGlite in memory, or a new database created on
 * the PostgreSQL server and dropped afterwards. Under the integration projects both start from
 * the template their global setup migrated once (test/helpers/global-setup.ts); elsewhere
 * (benchmarks, a script) the database is migrated here.
 */
export async function freshDatabase(engine: Engine = testEngine()): Promise<Database> {
  if (engine === 'pglite') {
    const template = process.env.GOLDTHREAD_TEST_PGLITE_TEMPLATE
    if (template)
      return openDatabase({ engine: 'pglite', loadDataDir: new Blob([await fs.readFile(template)]) })
    const database = await openDatabase({ engine: 'pglite' })
    await database.migrate()
    return database
  }
  const template = process.env.GOLDTHREAD_TEST_POSTGRES_TEMPLATE
  const name = `goldthread_test_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await admin.connect()
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`)
      break
    } catch (err) {
      if ((err as { code?: string }).code !== TEMPLATE_IN_USE || attempt >= 20) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  await admin.end()
  const database = await openDatabase({ engine: 'postgres', url: withDatabase(name), poolSize: 4 })
  if (!template) await database.migrate()
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

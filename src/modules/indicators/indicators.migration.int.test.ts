import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { expect, it } from 'vitest'
import { openDatabase, type Database } from '../../db/client.ts'
import { describeIntegration } from '../../../test/helpers/app.ts'
import { testEngine, TEST_POSTGRES_URL } from '../../../test/helpers/db.ts'

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations')

/** The migrations folder as it stood before national indicators. */
function foldersBefore(tag: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'goldthread-migrations-'))
  fs.mkdirSync(path.join(dir, 'meta'))
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[]
  }
  const cut = journal.entries.find((e) => e.tag === tag)!.idx
  journal.entries = journal.entries.filter((e) => e.idx < cut)
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal))
  for (const e of journal.entries)
    fs.copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`))
  return dir
}

async function emptyDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (testEngine() === 'pglite') {
    const database = await openDatabase({ engine: 'pglite' })
    return { database, drop: () => database.close() }
  }
  const name = `goldthread_test_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  const database = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 2 })
  return {
    database,
    drop: async () => {
      await database.close()
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL })
      await c.connect()
      await c.query(`drop database if exists ${name}`).catch(() => undefined)
      await c.end()
    },
  }
}

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows

describeIntegration('the national indicators migration', () => {
  it('merges two partnerships’ NIS rows into one national row, keeping lags, organisations and values', async () => {
    const { database, drop } = await emptyDatabase()
    const before = foldersBefore('0011_national_indicators')
    try {
      const db = database.db
      const migrate = (folder: string) =>
        database.engine === 'pglite'
          ? migratePglite(db as never, { migrationsFolder: folder })
          : migratePg(db as never, { migrationsFolder: folder })
      await migrate(before)
      const [a, b] = [crypto.randomUUID(), crypto.randomUUID()]
      const [orgA, oldA, oldB, archivedB, localA] = Array.from({ length: 5 }, () => crypto.randomUUID())
      await db.execute(
        sql`insert into partnerships (id, slug, name) values (${a}, 'a', 'A'), (${b}, 'b', 'B')`,
      )
      await db.execute(
        sql`insert into organisations (id, partnership_id, name, type) values (${orgA}, ${a}, 'Police', 'police')`,
      )
      await db.execute(sql`insert into indicators
        (id, partnership_id, code, title, set, unit, polarity, frequency, incomplete, lag_months, responsible_organisation_id, archived_at)
        values
        (${oldA}, ${a}, 'NI 5', 'Overall satisfaction', 'nis', 'percent', 'higher', 'annual', false, 3, ${orgA}, null),
        (${oldB}, ${b}, 'NI 5', null, 'nis', null, null, null, true, null, null, null),
        (${archivedB}, ${b}, 'ni 5', 'Old', 'nis', null, null, null, true, null, null, now()),
        (${localA}, ${a}, 'L 1', 'Local', 'local', null, null, null, true, null, null, null)`)
      await db.execute(sql`insert into data_values (partnership_id, indicator_id, place_id, period, period_type)
        values (${b}, ${oldB}, ${crypto.randomUUID()}, '2008/09', 'year')`)

      await migrate(MIGRATIONS)

      const live = rows<{ id: string; partnership_id: string | null; title: string | null }>(
        await db.execute(
          sql`select id, partnership_id, title from indicators where archived_at is null order by code`,
        ),
      )
      // The complete, live row wins and becomes national; the local one stays its partnership's.
      expect(live).toEqual([
        { id: localA, partnership_id: a, title: 'Local' },
        { id: oldA, partnership_id: null, title: 'Overall satisfaction' },
      ])
      const overlay = rows<{
        partnership_id: string
        lag_months: number
        responsible_organisation_id: string
      }>(
        await db.execute(
          sql`select partnership_id, lag_months, responsible_organisation_id from partnership_indicators where indicator_id = ${oldA}`,
        ),
      )
      expect(overlay).toEqual([{ partnership_id: a, lag_months: 3, responsible_organisation_id: orgA }])
      const values = rows<{ indicator_id: string }>(
        await db.execute(sql`select indicator_id from data_values where partnership_id = ${b}`),
      )
      expect(values).toEqual([{ indicator_id: oldA }])
      const national = rows<{ lag_months: number | null; responsible_organisation_id: string | null }>(
        await db.execute(
          sql`select lag_months, responsible_organisation_id from indicators where id = ${oldA}`,
        ),
      )
      expect(national).toEqual([{ lag_months: null, responsible_organisation_id: null }])
    } finally {
      fs.rmSync(before, { recursive: true, force: true })
      await drop()
    }
  })
})

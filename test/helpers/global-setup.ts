import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../src/db/client.ts'
import { postgresAvailable, TEST_POSTGRES_URL, withDatabase } from './db.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data directory dump, migrated and seeded once for the run (a file path). */
    pgliteTemplate: string | undefined
    /** A migrated, seeded database on the PostgreSQL server to copy per test file. */
    postgresTemplate: string | undefined
  }
}

/**
 * Global setup for the integration projects: migrate once, then let every test file start from a
 * copy (see `freshDatabase`). Creating and migrating a database per file was the slow part of the
 * suite; copying a template gives the same database in a fraction of the time.
 */
export default async function setup(project: TestProject) {
  const { shuffle, seed } = project.config.sequence
  // Vitest prints the seed of a shuffled run only when the whole run is shuffled, not a project.
  if (shuffle)
    process.stdout.write(
      `${project.name}: tests in a random order; repeat it with --sequence.shuffle --sequence.seed=${seed}\n`,
    )
  const engine = project.config.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
  return engine === 'pglite' ? pgliteTemplate(project) : postgresTemplate(project)
}

async function pgliteTemplate(project: TestProject) {
  const database = await openDatabase({ engine: 'pglite' })
  await database.migrate()
  const client = (database.db as unknown as { $client: PGlite }).$client
  const dump = await client.dumpDataDir('none')
  await database.close()
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'goldthread-template-'))
  const file = path.join(dir, 'pglite.tar')
  await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplate', file)
  return () => fs.rm(dir, { recursive: true, force: true })
}

async function postgresTemplate(project: TestProject) {
  // Without a server the suite skips itself (or fails under CI, in the test files).
  if (!(await postgresAvailable().catch(() => false))) return
  const name = `goldthread_template_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const database = await openDatabase({ engine: 'postgres', url: withDatabase(name), poolSize: 1 })
  await database.migrate()
  await database.close()
  project.provide('postgresTemplate', name)
  return async () => {
    const drop = new pg.Client({ connectionString: TEST_POSTGRES_URL })
    await drop.connect()
    await drop.query(`drop database if exists ${name}`).catch(() => undefined)
    await drop.end()
  }
}

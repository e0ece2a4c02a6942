import type { Config } from './config.ts'
import { openDatabase, type Database } from './db/client.ts'
import { createServices } from './services.ts'

/** Open the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR) and migrate it. */
export async function openRuntime(config: Config) {
  const database: Database = config.databaseUrl
    ? await openDatabase({ engine: 'postgres', url: config.databaseUrl })
    : await openDatabase({ engine: 'pglite', dataDir: config.dataDir })
  try {
    await database.migrate()
  } catch (err) {
    await database.close()
    throw err
  }
  const services = createServices(database.db, { engine: database.engine, config })
  return { database, services }
}

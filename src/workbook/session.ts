import type { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import type { Db } from '../db/client.ts'
import * as schema from '../db/schema/index.ts'

/**
 * One database connection held for a whole import. A large sheet is staged in a TEMP table as
 * it streams in, and checked and applied from there in the import's transaction: all of that
 * must happen on one connection (temp tables belong to it). On PostgreSQL that is a client taken
 * from the pool; PGlite has only one connection anyway.
 *
 * Staging happens outside the transaction, so on PGlite other requests (an upload's progress,
 * say) still get the database between batches; nothing outside the temp table is written until
 * the transaction at the end.
 */
export interface ImportSession {
  db: Db
  /** Load CSV text (records ending in a line break) into a table with COPY, the fastest path in. */
  copyCsv(table: string, columns: readonly string[], csv: string): Promise<void>
}

/** Minimal view of pg's connection for the copy-in sub-protocol (pg-copy-streams does the same). */
interface PgConnection {
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
}

/**
 * `COPY … FROM STDIN` on a pg client: pg runs any object with `submit` as a query and hands it
 * the protocol messages; this one answers the server's CopyInResponse with the data.
 */
class CopyIn {
  private error: unknown
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (err?: unknown) => void,
  ) {}
  submit(connection: PgConnection) {
    connection.query(this.text)
  }
  handleCopyInResponse(connection: PgConnection) {
    connection.sendCopyFromChunk(this.data)
    connection.endCopyFrom()
  }
  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handleError(err: unknown) {
    this.error = err
  }
  handleReadyForQuery() {
    this.done(this.error)
  }
}

const copySql = (table: string, columns: readonly string[], from: string) =>
  `copy ${table} (${columns.join(', ')}) from ${from} with (format csv)`

/** COPY CSV text into a table over a pg client (a pooled one or not). */
export function pgCopyCsv(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  csv: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    void client.query(
      new CopyIn(copySql(table, columns, 'stdin'), Buffer.from(csv, 'utf8'), (err) =>
        err
          ? reject(err instanceof Error ? err : new Error(String(err as { toString(): string })))
          : resolve(),
      ) as unknown as pg.QueryConfig,
    )
  })
}

/**
 * PGlite copies a blob larger than about 100 kB into a table ever more slowly as the table
 * grows (measured: 200 COPYs of 5,000 rows, about 550 kB each, took 1 s for the first 100,000
 * rows and 5–9 s for each 100,000 after 500,000), while blobs up to 64 kB stay at about 1 s per
 * 100,000 rows throughout. So a large load is sent as several COPYs of at most this size.
 */
export const PGLITE_COPY_CHUNK = 64 * 1024

/**
 * Cut CSV text into pieces of whole records, each at most `max` characters unless a single
 * record is longer. A line break inside a quoted field is not a record's end: a break ends one
 * only where the quotes seen so far are balanced (`""` inside a field counts twice, so it keeps
 * the balance).
 */
export function csvChunks(csv: string, max: number): string[] {
  if (csv.length <= max) return [csv]
  const chunks: string[] = []
  let start = 0
  let lastEnd = -1
  let quoted = false
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i)
    if (c === 34) quoted = !quoted
    else if (c === 10 && !quoted) {
      if (i + 1 - start > max && lastEnd > start) {
        chunks.push(csv.slice(start, lastEnd))
        start = lastEnd
      }
      lastEnd = i + 1
    }
  }
  if (lastEnd > start && csv.length - start > max) {
    chunks.push(csv.slice(start, lastEnd))
    start = lastEnd
  }
  if (start < csv.length) chunks.push(csv.slice(start))
  return chunks
}

/** COPY CSV text into a table in PGlite, which reads it from a Blob at `/dev/blob`. */
export async function pgliteCopyCsv(client: PGlite, table: string, columns: readonly string[], csv: string) {
  for (const chunk of csvChunks(csv, PGLITE_COPY_CHUNK))
    await client.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([chunk]) })
}

const clientOf = (db: Db) => (db as unknown as { $client: unknown }).$client

/** Run `fn` on one connection of the database, given back to the pool afterwards. */
export async function withImportSession<T>(db: Db, fn: (session: ImportSession) => Promise<T>): Promise<T> {
  const client = clientOf(db)
  if (client instanceof pg.Pool) {
    const conn = await client.connect()
    let broken: Error | undefined
    try {
      return await fn({
        db: drizzlePg(conn, { schema }),
        copyCsv: (table, columns, csv) => pgCopyCsv(conn, table, columns, csv),
      })
    } catch (err) {
      // A connection that failed mid-COPY may be in any state: close it rather than reuse it.
      if (!(err instanceof Error && 'id' in err)) broken = err instanceof Error ? err : new Error(String(err))
      throw err
    } finally {
      conn.release(broken)
    }
  }
  const lite = client as PGlite
  return fn({ db, copyCsv: (table, columns, csv) => pgliteCopyCsv(lite, table, columns, csv) })
}

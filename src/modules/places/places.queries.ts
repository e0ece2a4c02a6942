import { type AnyColumn, and, asc, eq, isNull, like, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { places } from '../../db/schema/index.ts'

export type PlaceRow = typeof places.$inferSelect

/** Case-insensitive, and the same on PGlite and PostgreSQL whatever the server's collation. */
const byName = (column: AnyColumn) => sql`lower(${column}) collate "C"`

export async function findPlace(db: DbOrTx, id: string) {
  const [row] = await db.select().from(places).where(eq(places.id, id))
  return row
}

export async function findPlaceByGss(db: DbOrTx, gss: string) {
  const [row] = await db.select().from(places).where(eq(places.gssCode, gss.toUpperCase()))
  return row
}

/** All places ordered by path, so a depth-first walk gives the tree. */
export async function listPlaces(db: DbOrTx, opts: { includeArchived?: boolean; under?: string } = {}) {
  return db
    .select()
    .from(places)
    .where(
      and(
        opts.includeArchived ? undefined : isNull(places.archivedAt),
        opts.under ? like(places.path, `${opts.under}%`) : undefined,
      ),
    )
    .orderBy(asc(places.depth), byName(places.name))
}

/** The places directly inside a place, by name. */
export async function listChildren(db: DbOrTx, id: string, opts: { includeArchived?: boolean } = {}) {
  return db
    .select()
    .from(places)
    .where(and(eq(places.parentId, id), opts.includeArchived ? undefined : isNull(places.archivedAt)))
    .orderBy(byName(places.name))
}

export async function countActiveChildren(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(places)
    .where(and(eq(places.parentId, id), isNull(places.archivedAt)))
  return row?.n ?? 0
}

export async function insertPlace(
  db: DbOrTx,
  values: Omit<typeof places.$inferInsert, 'path'> & { id: string; path: string },
) {
  const [row] = await db.insert(places).values(values).returning()
  return row!
}

export async function updatePlace(db: DbOrTx, id: string, values: Partial<typeof places.$inferInsert>) {
  const [row] = await db
    .update(places)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(places.id, id))
    .returning()
  return row!
}

/** Re-root a subtree after a move: every descendant's path prefix and depth follow. */
export async function movePlaceSubtree(db: DbOrTx, oldPath: string, newPath: string, depthDelta: number) {
  await db
    .update(places)
    .set({
      path: sql`${newPath} || substr(${places.path}, ${oldPath.length + 1})`,
      depth: sql`${places.depth} + ${depthDelta}`,
    })
    .where(and(like(places.path, `${oldPath}%`), sql`${places.path} <> ${oldPath}`))
}

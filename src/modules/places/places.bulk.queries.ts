import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '../../db/client.ts'
import { places } from '../../db/schema/index.ts'

/** Bound parameters per statement stay well under PostgreSQL's limit. */
const CHUNK = 1000

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

/** Places with any of these GSS codes, archived ones included (a code is never reused). */
export async function placesByGss(db: DbOrTx, codes: readonly string[]) {
  const rows: (typeof places.$inferSelect)[] = []
  for (const part of chunks([...new Set(codes)]))
    rows.push(...(await db.select().from(places).where(inArray(places.gssCode, part))))
  return rows
}

export async function placeByGss(db: DbOrTx, code: string) {
  const [row] = await db.select().from(places).where(eq(places.gssCode, code))
  return row
}

/** The places directly inside any of these places, archived ones left out. */
export async function childrenOfPlaces(db: DbOrTx, ids: readonly string[]) {
  const rows: (typeof places.$inferSelect)[] = []
  for (const part of chunks(ids))
    rows.push(
      ...(await db
        .select()
        .from(places)
        .where(and(inArray(places.parentId, part), isNull(places.archivedAt)))),
    )
  return rows
}

/**
 * Every place that is not archived, with its parent's GSS code, parents before children, read a
 * page at a time.
 */
export async function* placesForExport(db: DbOrTx, pageSize = 2000) {
  const parent = alias(places, 'parent')
  for (let offset = 0; ; offset += pageSize) {
    const page = await db
      .select({
        gssCode: places.gssCode,
        name: places.name,
        type: places.type,
        priority: places.priority,
        parentGss: parent.gssCode,
      })
      .from(places)
      .leftJoin(parent, eq(parent.id, places.parentId))
      .where(isNull(places.archivedAt))
      .orderBy(asc(places.depth), asc(places.gssCode))
      .limit(pageSize)
      .offset(offset)
    yield* page
    if (page.length < pageSize) return
  }
}

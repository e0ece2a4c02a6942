import { type AnyColumn, and, asc, eq, inArray, isNull, like, ne, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  auditEvents,
  dataValues,
  partnerships,
  places,
  targets,
  targetTrajectories,
} from '../../db/schema/index.ts'

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

/** A partnership that uses a place, as messages and audit rows name it. */
export interface PlaceUser {
  id: string
  name: string
  slug: string
}

/**
 * The partnerships, other than `except` and not archived, that use a place or any place inside
 * it. A partnership uses a place when the place is its area, a live target or a current
 * trajectory row of one of its targets names it, one of its data values is for it, or the place
 * was created in it (by its pages, API or a Places import: the place's `create` audit row).
 * Places inside count because renaming, moving or re-coding a place re-shapes what is inside it.
 */
export async function partnershipsUsingPlace(
  db: DbOrTx,
  place: { path: string },
  except: string,
): Promise<PlaceUser[]> {
  const subtree = db
    .select({ id: places.id })
    .from(places)
    .where(like(places.path, `${place.path}%`))
  const subtreeText = db
    .select({ id: sql<string>`${places.id}::text` })
    .from(places)
    .where(like(places.path, `${place.path}%`))
  const byTargets = db
    .select({ p: targets.partnershipId })
    .from(targets)
    .where(and(isNull(targets.archivedAt), inArray(targets.placeId, subtree)))
  const byTrajectories = db
    .select({ p: targets.partnershipId })
    .from(targetTrajectories)
    .innerJoin(targets, eq(targets.id, targetTrajectories.targetId))
    .where(
      and(
        isNull(targetTrajectories.supersededAt),
        isNull(targets.archivedAt),
        inArray(targetTrajectories.placeId, subtree),
      ),
    )
  const byValues = db
    .select({ p: dataValues.partnershipId })
    .from(dataValues)
    .where(and(isNull(dataValues.archivedAt), inArray(dataValues.placeId, subtree)))
  const byCreation = db
    .select({ p: sql<string>`${auditEvents.partnershipId}` })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, 'place'),
        eq(auditEvents.action, 'create'),
        inArray(auditEvents.entityId, subtreeText),
      ),
    )
  return db
    .select({ id: partnerships.id, name: partnerships.name, slug: partnerships.slug })
    .from(partnerships)
    .where(
      and(
        isNull(partnerships.archivedAt),
        ne(partnerships.id, except),
        or(
          inArray(partnerships.areaPlaceId, subtree),
          inArray(partnerships.id, byTargets),
          inArray(partnerships.id, byTrajectories),
          inArray(partnerships.id, byValues),
          inArray(partnerships.id, byCreation),
        ),
      ),
    )
    .orderBy(byName(partnerships.name))
}

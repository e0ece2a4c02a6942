import { and, asc, count, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { validAt } from '../../db/valid-at.ts'
import { indicators, partnershipIndicators, places, targets, targetVersions } from '../../db/schema/index.ts'
import { catalogueColumns, overlayOn } from '../../db/catalogue.ts'

export type TargetRow = typeof targets.$inferSelect
export type TargetVersionRow = typeof targetVersions.$inferSelect
export type TargetVersionInsert = typeof targetVersions.$inferInsert
type IndicatorRow = typeof indicators.$inferSelect

/** A target as read: identity, the version in force, its indicator and place. */
export interface TargetView {
  target: TargetRow
  version: TargetVersionRow
  indicator: IndicatorRow
  place: { id: string; gssCode: string; name: string } | null
}

/** Targets that existed at `at` (created by then, not archived by then); without `at`, the live ones. */
function liveAt(at?: Date): SQL {
  if (!at) return isNull(targets.archivedAt)
  return and(lte(targets.createdAt, at), or(isNull(targets.archivedAt), gt(targets.archivedAt, at)))!
}

async function selectViews(db: DbOrTx, where: SQL, at?: Date): Promise<TargetView[]> {
  const rows = await db
    .select({
      target: targets,
      version: targetVersions,
      indicator: catalogueColumns,
      placeId: places.id,
      placeGss: places.gssCode,
      placeName: places.name,
    })
    .from(targets)
    .innerJoin(targetVersions, and(eq(targetVersions.targetId, targets.id), validAt(targetVersions, at)))
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .leftJoin(partnershipIndicators, overlayOn(targets.partnershipId))
    .leftJoin(places, eq(places.id, targets.placeId))
    .where(where)
  return rows
    .map((r) => ({
      target: r.target,
      version: r.version,
      indicator: r.indicator,
      place: r.placeId ? { id: r.placeId, gssCode: r.placeGss!, name: r.placeName! } : null,
    }))
    .sort((a, b) => a.indicator.code.localeCompare(b.indicator.code, 'en', { numeric: true }))
}

/**
 * The agreement's targets as they stand (or stood at `at`), ordered by indicator code.
 * Filters apply to the version in force.
 */
export async function listTargets(
  db: DbOrTx,
  partnershipId: string,
  agreementId: string,
  opts: { at?: Date; kind?: string; status?: string } = {},
) {
  return selectViews(
    db,
    and(
      eq(targets.partnershipId, partnershipId),
      eq(targets.agreementId, agreementId),
      liveAt(opts.at),
      opts.kind ? eq(targetVersions.kind, opts.kind) : undefined,
      opts.status ? eq(targetVersions.status, opts.status) : undefined,
    )!,
    opts.at,
  )
}

/** One target, scoped by partnership, with the version in force now (or at `at`). Archived ones too. */
export async function findTargetView(db: DbOrTx, partnershipId: string, id: string, at?: Date) {
  const [row] = await selectViews(
    db,
    and(eq(targets.partnershipId, partnershipId), eq(targets.id, id), at ? liveAt(at) : undefined)!,
    at,
  )
  return row
}

export async function findLiveTargetByIndicator(db: DbOrTx, agreementId: string, indicatorId: string) {
  const [row] = await db
    .select()
    .from(targets)
    .where(
      and(
        eq(targets.agreementId, agreementId),
        eq(targets.indicatorId, indicatorId),
        isNull(targets.archivedAt),
      ),
    )
  return row
}

/** Live designated targets of the agreement (current versions), leaving one target out if asked. */
export async function countDesignated(db: DbOrTx, agreementId: string, exceptTargetId?: string) {
  const [row] = await db
    .select({ n: count() })
    .from(targets)
    .innerJoin(
      targetVersions,
      and(eq(targetVersions.targetId, targets.id), isNull(targetVersions.supersededAt)),
    )
    .where(
      and(
        eq(targets.agreementId, agreementId),
        isNull(targets.archivedAt),
        eq(targetVersions.kind, 'designated'),
        exceptTargetId ? sql`${targets.id} <> ${exceptTargetId}` : undefined,
      ),
    )
  return Number(row?.n ?? 0)
}

/** Every version of a target, newest first. */
export async function listVersions(db: DbOrTx, targetId: string) {
  return db
    .select()
    .from(targetVersions)
    .where(eq(targetVersions.targetId, targetId))
    .orderBy(desc(targetVersions.version))
}

export async function insertTarget(db: DbOrTx, values: typeof targets.$inferInsert) {
  const [row] = await db.insert(targets).values(values).returning()
  return row!
}

export async function archiveTarget(db: DbOrTx, id: string, at: Date) {
  const [row] = await db.update(targets).set({ archivedAt: at }).where(eq(targets.id, id)).returning()
  return row!
}

/** Supersede the version in force and record the next one, at the same instant. */
export async function appendVersion(
  db: DbOrTx,
  targetId: string,
  values: Omit<TargetVersionInsert, 'targetId' | 'version' | 'recordedAt' | 'supersededAt'>,
  at: Date,
) {
  const [prev] = await db
    .update(targetVersions)
    .set({ supersededAt: at })
    .where(and(eq(targetVersions.targetId, targetId), isNull(targetVersions.supersededAt)))
    .returning({ version: targetVersions.version })
  const [row] = await db
    .insert(targetVersions)
    .values({ ...values, targetId, version: (prev?.version ?? 0) + 1, recordedAt: at })
    .returning()
  return row!
}

export async function versionsOrderedForTargets(db: DbOrTx, targetIds: string[]) {
  if (targetIds.length === 0) return []
  return db
    .select()
    .from(targetVersions)
    .where(inArray(targetVersions.targetId, targetIds))
    .orderBy(asc(targetVersions.targetId), asc(targetVersions.version))
}

export type PlaceInfo = { id: string; path: string; name: string; gssCode: string }

/** Live places with these GSS codes (any case), by upper-case code: a trajectory's places. */
export async function placesByGss(db: DbOrTx, codes: (string | null | undefined)[]) {
  const wanted = [...new Set(codes.filter((c): c is string => Boolean(c)).map((c) => c.toUpperCase()))]
  const map = new Map<string, PlaceInfo>()
  if (wanted.length === 0) return map
  const rows = await db.select().from(places).where(inArray(places.gssCode, wanted))
  for (const p of rows)
    if (!p.archivedAt) map.set(p.gssCode, { id: p.id, path: p.path, name: p.name, gssCode: p.gssCode })
  return map
}

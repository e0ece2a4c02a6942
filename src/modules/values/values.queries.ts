import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  agreements,
  dataValues,
  dataValueVersions,
  indicators,
  organisations,
  partnershipIndicators,
  partnerships,
  places,
  targets,
  targetTrajectories,
  targetVersions,
} from '../../db/schema/index.ts'
import { catalogueColumns, inCatalogue, overlayOn } from '../../db/catalogue.ts'
import { financialYearOf } from '../../periods/index.ts'

export type ValueRow = typeof dataValues.$inferSelect
export type ValueInsert = typeof dataValues.$inferInsert
export type ValueVersionRow = typeof dataValueVersions.$inferSelect
export type ValueVersionInsert = typeof dataValueVersions.$inferInsert

/** A value with what is needed to show it: its indicator and place. */
export interface ValueView {
  value: ValueRow
  indicator: typeof indicators.$inferSelect
  place: { id: string; name: string; gssCode: string }
}

async function selectViews(db: DbOrTx, where: ReturnType<typeof and>): Promise<ValueView[]> {
  const rows = await db
    .select({
      value: dataValues,
      indicator: catalogueColumns,
      placeId: places.id,
      placeName: places.name,
      gss: places.gssCode,
    })
    .from(dataValues)
    .innerJoin(indicators, eq(indicators.id, dataValues.indicatorId))
    .leftJoin(partnershipIndicators, overlayOn(dataValues.partnershipId))
    .innerJoin(places, eq(places.id, dataValues.placeId))
    .where(where)
  return rows.map((r) => ({
    value: r.value,
    indicator: r.indicator,
    place: { id: r.placeId, name: r.placeName, gssCode: r.gss },
  }))
}

/** Scoped by partnership: another partnership's value is simply not found. */
export async function findValueView(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await selectViews(db, and(eq(dataValues.partnershipId, partnershipId), eq(dataValues.id, id)))
  return row
}

/** Several values of the partnership, with indicator and place, in one query. */
export async function findValueViews(db: DbOrTx, partnershipId: string, ids: string[]) {
  if (ids.length === 0) return []
  return selectViews(db, and(eq(dataValues.partnershipId, partnershipId), inArray(dataValues.id, ids)))
}

/** By id alone: only for re-reading a row already scoped (a conflict). */
export async function findValueRow(db: DbOrTx, id: string) {
  const [row] = await db.select().from(dataValues).where(eq(dataValues.id, id))
  return row
}

export async function findValueByKey(
  db: DbOrTx,
  partnershipId: string,
  key: { indicatorId: string; placeId: string; period: string },
) {
  const [row] = await db
    .select()
    .from(dataValues)
    .where(
      and(
        eq(dataValues.partnershipId, partnershipId),
        eq(dataValues.indicatorId, key.indicatorId),
        eq(dataValues.placeId, key.placeId),
        eq(dataValues.period, key.period),
      ),
    )
  return row
}

/**
 * Insert a new value; undefined when another writer inserted the same indicator × place ×
 * period first (the caller reports a conflict rather than failing the transaction).
 */
export async function insertValueIfAbsent(db: DbOrTx, values: ValueInsert) {
  const [row] = await db
    .insert(dataValues)
    .values(values)
    .onConflictDoNothing({
      target: [dataValues.partnershipId, dataValues.indicatorId, dataValues.placeId, dataValues.period],
    })
    .returning()
  return row
}

/**
 * Optimistic concurrency: change the value only if it is still at `expectedVersion`, bumping
 * the version. Undefined when someone else changed it first.
 */
export async function updateValueAtVersion(
  db: DbOrTx,
  id: string,
  expectedVersion: number,
  values: Partial<ValueInsert> & { updatedAt: Date },
) {
  const [row] = await db
    .update(dataValues)
    .set({ ...values, version: expectedVersion + 1 })
    .where(and(eq(dataValues.id, id), eq(dataValues.version, expectedVersion)))
    .returning()
  return row
}

export async function insertValueVersion(db: DbOrTx, values: ValueVersionInsert) {
  const [row] = await db.insert(dataValueVersions).values(values).returning()
  return row!
}

/** Every change of a value, oldest first. */
export async function listValueVersions(db: DbOrTx, valueId: string) {
  return db
    .select()
    .from(dataValueVersions)
    .where(eq(dataValueVersions.valueId, valueId))
    .orderBy(asc(dataValueVersions.version))
}

/** The values of one indicator at one place, every period (the caller orders them). */
export async function valuesOfSeries(
  db: DbOrTx,
  partnershipId: string,
  indicatorId: string,
  placeId: string,
) {
  return db
    .select()
    .from(dataValues)
    .where(
      and(
        eq(dataValues.partnershipId, partnershipId),
        eq(dataValues.indicatorId, indicatorId),
        eq(dataValues.placeId, placeId),
      ),
    )
}

/** The values entered for one period (completeness of its round). */
export async function valuesForPeriod(db: DbOrTx, partnershipId: string, period: string) {
  return db
    .select({
      id: dataValues.id,
      indicatorId: dataValues.indicatorId,
      placeId: dataValues.placeId,
      status: dataValues.status,
      late: dataValues.late,
      value: dataValues.value,
      version: dataValues.version,
      commentary: dataValues.commentary,
    })
    .from(dataValues)
    .where(and(eq(dataValues.partnershipId, partnershipId), eq(dataValues.period, period)))
}

/** Many values at once (the demo), ids returned in input order. */
export async function insertValues(db: DbOrTx, rows: ValueInsert[]) {
  const out: ValueRow[] = []
  for (let i = 0; i < rows.length; i += 500)
    out.push(
      ...(await db
        .insert(dataValues)
        .values(rows.slice(i, i + 500))
        .returning()),
    )
  return out
}

export async function insertValueVersions(db: DbOrTx, rows: ValueVersionInsert[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(dataValueVersions).values(rows.slice(i, i + 500))
}

/**
 * The target (current version) that asks for this indicator in the period's financial year, with
 * its trajectory rows for the place: the target's own place when `placeId` is it (or the
 * partnership's area for an area-wide target), else the per-place rows.
 */
export async function targetForValue(
  db: DbOrTx,
  partnershipId: string,
  key: { indicatorId: string; placeId: string; period: string },
  areaPlaceId: string | null,
) {
  const year = financialYearOf(key.period).year
  const [t] = await db
    .select({ target: targets, version: targetVersions })
    .from(targets)
    .innerJoin(agreements, eq(agreements.id, targets.agreementId))
    .innerJoin(
      targetVersions,
      and(eq(targetVersions.targetId, targets.id), isNull(targetVersions.supersededAt)),
    )
    .where(
      and(
        eq(targets.partnershipId, partnershipId),
        eq(targets.indicatorId, key.indicatorId),
        isNull(targets.archivedAt),
        isNull(agreements.archivedAt),
        sql`${agreements.startYear} <= ${year} and ${agreements.endYear} >= ${year}`,
      ),
    )
    .orderBy(asc(agreements.startYear))
    .limit(1)
  if (!t) return undefined
  const ownPlace = (t.target.placeId ?? areaPlaceId) === key.placeId
  const trajectory = await db
    .select({
      period: targetTrajectories.period,
      value: targetTrajectories.value,
      placeId: targetTrajectories.placeId,
    })
    .from(targetTrajectories)
    .where(
      and(
        eq(targetTrajectories.targetId, t.target.id),
        isNull(targetTrajectories.supersededAt),
        ownPlace ? isNull(targetTrajectories.placeId) : eq(targetTrajectories.placeId, key.placeId),
      ),
    )
  // Whether the target is profiled per quarter or month anywhere: its quarterly figures are then per quarter.
  const [profile] = await db
    .select({ id: targetTrajectories.id })
    .from(targetTrajectories)
    .where(
      and(
        eq(targetTrajectories.targetId, t.target.id),
        isNull(targetTrajectories.supersededAt),
        sql`${targetTrajectories.periodType} <> 'year'`,
      ),
    )
    .limit(1)
  return { ...t, ownPlace, trajectory, profiled: profile !== undefined }
}

/** Values by id, scoped by partnership (a list page, bulk status). */
export async function findValuesByIds(db: DbOrTx, partnershipId: string, ids: string[]) {
  if (ids.length === 0) return []
  return selectViews(db, and(eq(dataValues.partnershipId, partnershipId), inArray(dataValues.id, ids)))
}

/** The partnership's area: where an area-wide target's values are entered. */
export async function partnershipArea(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ area: partnerships.areaPlaceId })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId))
  return row?.area ?? null
}

/**
 * Who entered or changed each value: the recorder of every version that was not a review
 * (approve, return, reopen), for the second-person rule on approval.
 */
export async function entryRecorders(db: DbOrTx, valueIds: string[]) {
  if (valueIds.length === 0) return []
  return db
    .selectDistinct({
      valueId: dataValueVersions.valueId,
      userId: dataValueVersions.recordedByUserId,
      label: dataValueVersions.recordedBy,
    })
    .from(dataValueVersions)
    .where(
      and(
        inArray(dataValueVersions.valueId, valueIds),
        sql`${dataValueVersions.action} not in ('approved', 'returned', 'reopened')`,
      ),
    )
}

/** Whether the partnership lets whoever entered a value approve it too. */
export async function allowsSelfApproval(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ allow: partnerships.allowSelfApproval })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId))
  return row?.allow ?? false
}

/** A live indicator of the partnership by code, ignoring case and spaces (`ni8`, `NI 8`). */
export async function findIndicatorIdByLooseCode(db: DbOrTx, partnershipId: string, code: string) {
  const [row] = await db
    .select({ id: indicators.id })
    .from(indicators)
    .where(
      and(
        inCatalogue(partnershipId),
        isNull(indicators.archivedAt),
        sql`replace(lower(${indicators.code}), ' ', '') = ${code.toLowerCase().replace(/\s+/g, '')}`,
      ),
    )
    .limit(1)
  return row?.id
}

/** A place by GSS code, ignoring case and spaces. */
export async function findPlaceIdByGss(db: DbOrTx, gss: string) {
  const [row] = await db
    .select({ id: places.id })
    .from(places)
    .where(eq(places.gssCode, gss.toUpperCase().replace(/\s+/g, '')))
  return row?.id
}

/** Submitted values waiting for approval, oldest period first, with what names them. */
export async function awaitingApproval(db: DbOrTx, partnershipId: string, limit: number) {
  const where = and(
    eq(dataValues.partnershipId, partnershipId),
    eq(dataValues.status, 'submitted'),
    isNull(dataValues.archivedAt),
  )
  const rows = await db
    .select({
      id: dataValues.id,
      period: dataValues.period,
      roundId: dataValues.roundId,
      late: dataValues.late,
      code: indicators.code,
      placeName: places.name,
      organisation: organisations.name,
    })
    .from(dataValues)
    .innerJoin(indicators, eq(indicators.id, dataValues.indicatorId))
    .innerJoin(places, eq(places.id, dataValues.placeId))
    .leftJoin(organisations, eq(organisations.id, dataValues.organisationId))
    .where(where)
    .orderBy(asc(dataValues.period), asc(indicators.code), asc(places.name))
    .limit(limit)
  const [total] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(dataValues)
    .where(where)
  return { rows, total: total?.n ?? 0 }
}

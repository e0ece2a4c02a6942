/**
 * SQL of stored assessments: the inputs of one target as known at a moment (versioned tables
 * read by `recorded_at`), the current rows to compare a recompute with, and reads as at a date.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  agreements,
  assessments,
  dataValues,
  dataValueVersions,
  indicators,
  partnerships,
  places,
  targets,
  targetTrajectories,
  targetVersions,
} from '../../db/schema/index.ts'
import { validAt } from '../../db/valid-at.ts'

export type AssessmentRow = typeof assessments.$inferSelect
export type AssessmentInsert = typeof assessments.$inferInsert

/** Rows of a table with created/archived timestamps that existed at `at` (live now without it). */
function existedAt(
  table: { createdAt: typeof places.createdAt; archivedAt: typeof places.archivedAt },
  at?: Date,
) {
  if (!at) return isNull(table.archivedAt)
  return and(lte(table.createdAt, at), or(isNull(table.archivedAt), gt(table.archivedAt, at)))!
}

/** A target with its agreement, indicator and partnership area; the version in force at `at` (or none). */
export async function targetInputs(db: DbOrTx, targetId: string, at?: Date) {
  const [row] = await db
    .select({
      target: targets,
      agreement: agreements,
      indicator: indicators,
      areaPlaceId: partnerships.areaPlaceId,
    })
    .from(targets)
    .innerJoin(agreements, eq(agreements.id, targets.agreementId))
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .innerJoin(partnerships, eq(partnerships.id, targets.partnershipId))
    .where(eq(targets.id, targetId))
  if (!row) return undefined
  const [version] = await db
    .select()
    .from(targetVersions)
    .where(and(eq(targetVersions.targetId, targetId), validAt(targetVersions, at)))
  const trajectory = await db
    .select({
      placeId: targetTrajectories.placeId,
      period: targetTrajectories.period,
      value: targetTrajectories.value,
    })
    .from(targetTrajectories)
    .where(and(eq(targetTrajectories.targetId, targetId), validAt(targetTrajectories, at)))
  return { ...row, version, trajectory }
}

/**
 * The place and every place below it that existed at `at`, in path order: the order children are
 * combined in, so a recompute adds them up the same way every time.
 */
export async function subtree(db: DbOrTx, placeId: string, at?: Date) {
  const [root] = await db.select().from(places).where(eq(places.id, placeId))
  if (!root) return []
  return db
    .select({ id: places.id, parentId: places.parentId, depth: places.depth, gssCode: places.gssCode })
    .from(places)
    .where(and(sql`${places.path} like ${`${root.path}%`}`, existedAt(places, at)))
    .orderBy(places.path, places.id)
}

/**
 * The values of an indicator at the given places as known at `at`: for each value, its latest
 * version recorded by then. The caller keeps only submitted and approved ones.
 */
export async function valuesKnownAt(
  db: DbOrTx,
  partnershipId: string,
  indicatorId: string,
  placeIds: string[],
  periods: string[],
  at?: Date,
) {
  if (placeIds.length === 0 || periods.length === 0) return []
  return db
    .selectDistinctOn([dataValueVersions.valueId], {
      placeId: dataValues.placeId,
      period: dataValues.period,
      value: dataValueVersions.value,
      numerator: dataValueVersions.numerator,
      denominator: dataValueVersions.denominator,
      status: dataValueVersions.status,
    })
    .from(dataValueVersions)
    .innerJoin(dataValues, eq(dataValues.id, dataValueVersions.valueId))
    .where(
      and(
        eq(dataValues.partnershipId, partnershipId),
        eq(dataValues.indicatorId, indicatorId),
        inArray(dataValues.placeId, placeIds),
        inArray(dataValues.period, periods),
        at ? lte(dataValueVersions.recordedAt, at) : undefined,
      ),
    )
    .orderBy(dataValueVersions.valueId, desc(dataValueVersions.version))
}

export async function currentRows(db: DbOrTx, targetId: string) {
  return db
    .select()
    .from(assessments)
    .where(and(eq(assessments.targetId, targetId), isNull(assessments.validTo)))
}

/**
 * Close rows by id, a chunk per statement. The ids travel as one JSON parameter: a statement
 * with thousands of bind parameters costs more to build than to run.
 */
export async function closeRows(db: DbOrTx, ids: string[], at: Date) {
  for (let i = 0; i < ids.length; i += 5000)
    await db.execute(sql`
      update ${assessments} set valid_to = ${at.toISOString()}::timestamptz
      where id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids.slice(i, i + 5000))}::json))`)
}

/** The stored columns, in the order `insertRows` sends them. */
const INSERTED = [
  ['partnership_id', 'uuid', 'partnershipId'],
  ['target_id', 'uuid', 'targetId'],
  ['indicator_id', 'uuid', 'indicatorId'],
  ['place_id', 'uuid', 'placeId'],
  ['period', 'text', 'period'],
  ['period_start', 'date', 'periodStart'],
  ['value', 'numeric', 'value'],
  ['value_source', 'text', 'valueSource'],
  ['target_value', 'numeric', 'targetValue'],
  ['status', 'text', 'status'],
  ['direction', 'text', 'direction'],
  ['direction_baseline', 'text', 'directionBaseline'],
  ['forecast_value', 'numeric', 'forecastValue'],
  ['forecast_status', 'text', 'forecastStatus'],
  ['reward_share', 'numeric', 'rewardShare'],
  ['reward_payable', 'numeric', 'rewardPayable'],
  ['needs_plan', 'boolean', 'needsPlan'],
  ['provisional', 'boolean', 'provisional'],
  ['valid_from', 'timestamptz', 'validFrom'],
] as const satisfies readonly (readonly [string, string, keyof AssessmentInsert])[]
const insertedNames = sql.raw(INSERTED.map(([c]) => c).join(', '))
const insertedTypes = sql.raw(INSERTED.map(([c, t]) => `${c} ${t}`).join(', '))

/**
 * Insert rows, a chunk per statement, as one JSON parameter read by `json_to_recordset` (numbers
 * as JSON numbers: the same digits `String(n)` gives a numeric parameter).
 */
export async function insertRows(db: DbOrTx, rows: AssessmentInsert[]) {
  for (let i = 0; i < rows.length; i += 2000) {
    const json = JSON.stringify(
      rows.slice(i, i + 2000).map((r) => Object.fromEntries(INSERTED.map(([c, , k]) => [c, r[k] ?? null]))),
    )
    await db.execute(sql`
      insert into ${assessments} (${insertedNames})
      select ${insertedNames} from json_to_recordset(${json}::json) as x(${insertedTypes})`)
  }
}

/** Every target of the partnership (archived too: their rows must close). */
export async function targetIdsOfPartnership(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select({ id: targets.id })
    .from(targets)
    .where(eq(targets.partnershipId, partnershipId))
  return rows.map((r) => r.id)
}

/** Every target of these partnerships, archived too, a partnership after another. */
export async function targetIdsOfPartnerships(db: DbOrTx, partnershipIds: string[]) {
  if (partnershipIds.length === 0) return []
  const rows = await db
    .select({ id: targets.id })
    .from(targets)
    .where(inArray(targets.partnershipId, partnershipIds))
    .orderBy(targets.partnershipId)
  return rows.map((r) => r.id)
}

/** The targets of one indicator in the partnership. */
export async function targetIdsOfIndicators(db: DbOrTx, partnershipId: string, indicatorIds: string[]) {
  if (indicatorIds.length === 0) return []
  const rows = await db
    .select({ id: targets.id })
    .from(targets)
    .where(and(eq(targets.partnershipId, partnershipId), inArray(targets.indicatorId, indicatorIds)))
  return rows.map((r) => r.id)
}

/** The targets whose indicators appear among the good rows of an import's stage table. */
export async function targetIdsOfStage(db: DbOrTx, partnershipId: string, stage: string) {
  const result = await db.execute(sql`
    select t.id from ${targets} t
    where t.partnership_id = ${partnershipId}
      and t.indicator_id in (select distinct indicator_id from ${sql.identifier(stage)} where ok)`)
  return (result as { rows: { id: string }[] }).rows.map((r) => r.id)
}

/** Every live partnership, for a national reassessment. */
export async function livePartnershipIds(db: DbOrTx) {
  const rows = await db
    .select({ id: partnerships.id })
    .from(partnerships)
    .where(isNull(partnerships.archivedAt))
    .orderBy(partnerships.slug)
  return rows.map((r) => r.id)
}

export async function partnershipCreatedAt(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ createdAt: partnerships.createdAt })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId))
  return row?.createdAt
}

/** Stored rows valid at `at` (now without it): `valid_from <= at < coalesce(valid_to, infinity)`. */
export function storedAt(at?: Date): SQL {
  if (!at) return isNull(assessments.validTo)
  return and(lte(assessments.validFrom, at), or(isNull(assessments.validTo), gt(assessments.validTo, at)))!
}

export interface AssessmentFilter {
  at?: Date
  period?: string
  status?: string
  targetId?: string
  placeId?: string
  /** Only these places (the dashboard reads each target at its own place). */
  placeIds?: string[]
}

/** Stored assessments of the partnership, with indicator and place, as at a moment. */
export async function listStored(db: DbOrTx, partnershipId: string, f: AssessmentFilter = {}) {
  return db
    .select({
      row: assessments,
      code: indicators.code,
      title: indicators.title,
      unit: indicators.unit,
      polarity: indicators.polarity,
      placeGss: places.gssCode,
      placeName: places.name,
      placeDepth: places.depth,
    })
    .from(assessments)
    .innerJoin(indicators, eq(indicators.id, assessments.indicatorId))
    .innerJoin(places, eq(places.id, assessments.placeId))
    .where(
      and(
        eq(assessments.partnershipId, partnershipId),
        storedAt(f.at),
        f.period ? eq(assessments.period, f.period) : undefined,
        f.status ? eq(assessments.status, f.status) : undefined,
        f.targetId ? eq(assessments.targetId, f.targetId) : undefined,
        f.placeId ? eq(assessments.placeId, f.placeId) : undefined,
        f.placeIds
          ? inArray(
              assessments.placeId,
              f.placeIds.length ? f.placeIds : ['00000000-0000-0000-0000-000000000000'],
            )
          : undefined,
      ),
    )
    .orderBy(indicators.code, places.depth, places.name, assessments.periodStart, assessments.period)
}
export type StoredAssessment = Awaited<ReturnType<typeof listStored>>[number]

/**
 * The stored row each target shows at each of these places, as at a moment: with a period, that
 * period's; else the latest period with a value, else the first period. One row per target and place,
 * read from the current-row index rather than every period of every target; the choice is
 * made on narrow rows (id and sort keys) and only the chosen rows are read whole.
 */
export async function shownRows(
  db: DbOrTx,
  targetIds: string[],
  placeIds: string[],
  opts: { at?: Date; period?: string },
) {
  if (targetIds.length === 0 || placeIds.length === 0) return []
  const chosen = db
    .selectDistinctOn([assessments.targetId, assessments.placeId], { id: assessments.id })
    .from(assessments)
    .where(
      and(
        inArray(assessments.targetId, targetIds),
        inArray(assessments.placeId, placeIds),
        storedAt(opts.at),
        opts.period ? eq(assessments.period, opts.period) : undefined,
      ),
    )
    .orderBy(
      assessments.targetId,
      assessments.placeId,
      sql`${assessments.value} is null`,
      desc(sql`case when ${assessments.value} is not null then ${assessments.periodStart} end`),
      asc(assessments.periodStart),
    )
  return db.select().from(assessments).where(inArray(assessments.id, chosen))
}
export type ShownRow = Awaited<ReturnType<typeof shownRows>>[number]

/**
 * The current rows of the partnership's live targets at each target's own place (its place, else
 * the partnership's area), in period order: what a target's improvement-plan flag is read from.
 */
export async function ownPlaceRows(db: DbOrTx, partnershipId: string) {
  return db
    .select({
      targetId: assessments.targetId,
      period: assessments.period,
      status: assessments.status,
      needsPlan: assessments.needsPlan,
      hasValue: sql<boolean>`${assessments.value} is not null`,
    })
    .from(assessments)
    .innerJoin(targets, eq(targets.id, assessments.targetId))
    .innerJoin(partnerships, eq(partnerships.id, targets.partnershipId))
    .where(
      and(
        eq(assessments.partnershipId, partnershipId),
        isNull(assessments.validTo),
        isNull(targets.archivedAt),
        eq(assessments.placeId, sql`coalesce(${targets.placeId}, ${partnerships.areaPlaceId})`),
      ),
    )
    .orderBy(assessments.targetId, assessments.periodStart, assessments.period)
}

/** The partnerships of these targets. */
export async function partnershipsOfTargets(db: DbOrTx, targetIds: string[]) {
  if (targetIds.length === 0) return []
  const rows = await db
    .selectDistinct({ id: targets.partnershipId })
    .from(targets)
    .where(inArray(targets.id, targetIds))
  return rows.map((r) => r.id)
}

/**
 * For each (target, place, period) of these targets: the latest stored version, current or
 * closed, made from approved values only (not provisional) that had a figure. What a provisional
 * row stood at when last approved: a value reopened for correction first stores a row without a
 * figure, then a provisional one once resubmitted; neither was an approved figure.
 */
export async function latestApprovedRows(db: DbOrTx, partnershipId: string, targetIds: string[]) {
  if (targetIds.length === 0) return []
  return db
    .selectDistinctOn([assessments.targetId, assessments.placeId, assessments.period])
    .from(assessments)
    .where(
      and(
        eq(assessments.partnershipId, partnershipId),
        inArray(assessments.targetId, targetIds),
        eq(assessments.provisional, false),
        sql`${assessments.value} is not null`,
      ),
    )
    .orderBy(
      assessments.targetId,
      assessments.placeId,
      assessments.period,
      desc(assessments.validFrom),
      desc(assessments.id),
    )
}

/**
 * SQL of the changes feed's approved values: every version of a partnership's values recorded as
 * approved (approval, or an import that approved), in the order recorded, after a position. Never
 * a draft, submitted or returned version. Times are read to the microsecond as text, so a
 * position given back compares exactly.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { dataValues, dataValueVersions, indicators, places } from '../../db/schema/index.ts'

/**
 * Where a page of the feed starts: after (`at`, `key`) when a key is given; else every row at
 * `at` and later (`includeAt`) or only those later.
 */
export interface FeedAfter {
  /** ISO 8601 UTC to the microsecond, as `at` of a row read here. */
  at: string
  key?: string
  includeAt?: boolean
}

/** An approved version's key: its value's id and version (padded: keys sort as the rows do). */
export const approvedKey = (valueId: string, version: number) =>
  `${valueId}:${String(version).padStart(10, '0')}`

const KEY = /^([0-9a-f-]{36}):(\d{1,10})$/

/** Whether a key is one `approvedKey` could have made. */
export const isApprovedKey = (key: string) => KEY.test(key)

/** The microsecond ISO text of a timestamp column (sorts as the times do). */
const isoText = (col: SQL | typeof dataValueVersions.recordedAt) =>
  sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

function afterCondition(after: FeedAfter | undefined): SQL | undefined {
  if (!after) return undefined
  const at = sql`${after.at}::timestamptz`
  const m = after.key ? KEY.exec(after.key) : null
  if (m)
    return sql`(${dataValueVersions.recordedAt}, ${dataValueVersions.valueId}, ${dataValueVersions.version}) > (${at}, ${m[1]}::uuid, ${Number(m[2])}::int)`
  return after.includeAt
    ? sql`${dataValueVersions.recordedAt} >= ${at}`
    : sql`${dataValueVersions.recordedAt} > ${at}`
}

/** Up to `limit` approved versions of the partnership's values after the position, oldest first. */
export async function approvedVersionsAfter(
  db: DbOrTx,
  partnershipId: string,
  after: FeedAfter | undefined,
  limit: number,
  before: string | null = null,
) {
  const rows = await db
    .select({
      at: isoText(dataValueVersions.recordedAt),
      recordedAt: dataValueVersions.recordedAt,
      valueId: dataValueVersions.valueId,
      version: dataValueVersions.version,
      action: dataValueVersions.action,
      value: dataValueVersions.value,
      numerator: dataValueVersions.numerator,
      denominator: dataValueVersions.denominator,
      late: dataValueVersions.late,
      period: dataValues.period,
      indicatorId: dataValues.indicatorId,
      indicatorCode: indicators.code,
      placeId: dataValues.placeId,
      placeGss: places.gssCode,
      placeName: places.name,
    })
    .from(dataValueVersions)
    .innerJoin(dataValues, eq(dataValues.id, dataValueVersions.valueId))
    .innerJoin(indicators, eq(indicators.id, dataValues.indicatorId))
    .innerJoin(places, eq(places.id, dataValues.placeId))
    .where(
      and(
        eq(dataValues.partnershipId, partnershipId),
        eq(dataValueVersions.status, 'approved'),
        afterCondition(after),
        before === null ? undefined : sql`${dataValueVersions.recordedAt} < ${before}::timestamptz`,
      ),
    )
    .orderBy(
      asc(dataValueVersions.recordedAt),
      asc(dataValueVersions.valueId),
      asc(dataValueVersions.version),
    )
    .limit(limit)
  return rows.map((r) => ({ ...r, key: approvedKey(r.valueId, r.version) }))
}
export type ApprovedVersion = Awaited<ReturnType<typeof approvedVersionsAfter>>[number]

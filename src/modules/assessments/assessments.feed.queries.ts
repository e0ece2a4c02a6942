/**
 * SQL of the changes feed's statuses: the stored assessments of a partnership in the order they
 * were stored (`valid_from`, then id), after a position. A provisional row (it rates a value not
 * yet approved) is left out: the feed carries approved figures only. Times are read to the
 * microsecond as text, so a position given back compares exactly.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { assessments, indicators, places } from '../../db/schema/index.ts'

/**
 * Where a page of the feed starts: after (`at`, `key`) when a key (a row id) is given; else every
 * row at `at` and later (`includeAt`) or only those later.
 */
export interface FeedAfter {
  /** ISO 8601 UTC to the microsecond, as `at` of a row read here. */
  at: string
  key?: string
  includeAt?: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Whether a key is a stored assessment's id. */
export const isStoredKey = (key: string) => UUID.test(key)

function afterCondition(after: FeedAfter | undefined): SQL | undefined {
  if (!after) return undefined
  const at = sql`${after.at}::timestamptz`
  if (after.key) return sql`(${assessments.validFrom}, ${assessments.id}) > (${at}, ${after.key}::uuid)`
  return after.includeAt ? sql`${assessments.validFrom} >= ${at}` : sql`${assessments.validFrom} > ${at}`
}

/** Up to `limit` stored assessments of the partnership after the position, oldest first; none provisional. */
export async function storedAfter(
  db: DbOrTx,
  partnershipId: string,
  after: FeedAfter | undefined,
  limit: number,
  before: string | null = null,
) {
  const rows = await db
    .select({
      at: sql<string>`to_char(${assessments.validFrom} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      row: assessments,
      indicatorCode: indicators.code,
      placeGss: places.gssCode,
      placeName: places.name,
    })
    .from(assessments)
    .innerJoin(indicators, eq(indicators.id, assessments.indicatorId))
    .innerJoin(places, eq(places.id, assessments.placeId))
    .where(
      and(
        eq(assessments.partnershipId, partnershipId),
        eq(assessments.provisional, false),
        afterCondition(after),
        before === null ? undefined : sql`${assessments.validFrom} < ${before}::timestamptz`,
      ),
    )
    .orderBy(asc(assessments.validFrom), asc(assessments.id))
    .limit(limit)
  return rows.map((r) => ({ ...r, key: r.row.id }))
}
export type StoredSince = Awaited<ReturnType<typeof storedAfter>>[number]

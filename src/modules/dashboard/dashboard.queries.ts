/**
 * What the dashboard shows, as at a moment: each target's kind, place, reward terms and outcomes,
 * and the one stored assessment row it shows per target.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  agreements,
  assessments,
  indicators,
  partnerships,
  places,
  targets,
  targetVersions,
} from '../../db/schema/index.ts'
import { storedAt } from '../assessments/assessments.queries.ts'
import { validAt } from '../../db/valid-at.ts'
import { outcomeKeysFor } from '../targets/outcomes.queries.ts'

/** `NI 9` before `NI 10`; one collator, not one per comparison. */
const byCode = new Intl.Collator('en', { numeric: true })

/** Targets that existed at `at` (live now without it), with the version in force then; or just one. */
export async function targetsAt(db: DbOrTx, partnershipId: string, at?: Date, targetId?: string) {
  const live = at
    ? and(lte(targets.createdAt, at), or(isNull(targets.archivedAt), gt(targets.archivedAt, at)))
    : isNull(targets.archivedAt)
  const rows = await db
    .select({
      id: targets.id,
      agreementName: agreements.name,
      placeId: targets.placeId,
      areaPlaceId: partnerships.areaPlaceId,
      indicator: {
        id: indicators.id,
        code: indicators.code,
        title: indicators.title,
        unit: indicators.unit,
        ratePer: indicators.ratePer,
        polarity: indicators.polarity,
        frequency: indicators.frequency,
        decimals: indicators.decimals,
        accumulation: indicators.accumulation,
      },
      kind: targetVersions.kind,
      status: targetVersions.status,
      tolerancePercent: targetVersions.tolerancePercent,
      baselinePeriod: targetVersions.baselinePeriod,
      baselineValue: targetVersions.baselineValue,
      withoutRewardValue: targetVersions.withoutRewardValue,
      stretchValue: targetVersions.stretchValue,
      rewardGrant: targetVersions.rewardGrant,
    })
    .from(targets)
    .innerJoin(agreements, eq(agreements.id, targets.agreementId))
    .innerJoin(partnerships, eq(partnerships.id, targets.partnershipId))
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .innerJoin(targetVersions, and(eq(targetVersions.targetId, targets.id), validAt(targetVersions, at)))
    .where(
      and(eq(targets.partnershipId, partnershipId), live, targetId ? eq(targets.id, targetId) : undefined),
    )
  const keys = await outcomeKeysFor(
    db,
    rows.map((r) => r.id),
    at,
  )
  return rows
    .map((r) => ({ ...r, ownPlaceId: r.placeId ?? r.areaPlaceId, outcomeKeys: keys.get(r.id) ?? [] }))
    .sort((a, b) => byCode.compare(a.indicator.code, b.indicator.code))
}
export type DashboardTarget = Awaited<ReturnType<typeof targetsAt>>[number]

export async function placeNames(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; gssCode: string }>()
  const rows = await db
    .select({ id: places.id, name: places.name, gssCode: places.gssCode })
    .from(places)
    .where(inArray(places.id, ids))
  return new Map(rows.map((r) => [r.id, r]))
}

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

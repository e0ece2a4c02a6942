/**
 * SQL of the batched (current, not as-at) recompute: the inputs of many targets in a handful of
 * queries, whatever the number of targets. Current values are read from `data_values`, which
 * holds each value's latest version, so the history table is not joined.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  agreements,
  assessments,
  dataValues,
  indicators,
  partnerships,
  places,
  targets,
  targetTrajectories,
  targetVersions,
} from '../../db/schema/index.ts'
import { COUNTED, type KnownValue } from './assessments.compute.ts'

/**
 * The targets with their agreement's years, indicator, partnership area and the version in
 * force now (null when there is none: the left join's columns are all null).
 */
export async function targetsWithContext(db: DbOrTx, targetIds: string[]) {
  if (targetIds.length === 0) return []
  return db
    .select({
      id: targets.id,
      partnershipId: targets.partnershipId,
      placeId: targets.placeId,
      archivedAt: targets.archivedAt,
      areaPlaceId: partnerships.areaPlaceId,
      agreement: {
        startYear: agreements.startYear,
        endYear: agreements.endYear,
        archivedAt: agreements.archivedAt,
      },
      indicator: {
        id: indicators.id,
        polarity: indicators.polarity,
        unit: indicators.unit,
        ratePer: indicators.ratePer,
        combine: indicators.combine,
        frequency: indicators.frequency,
        accumulation: indicators.accumulation,
      },
      version: {
        kind: targetVersions.kind,
        tolerancePercent: targetVersions.tolerancePercent,
        baselineValue: targetVersions.baselineValue,
        withoutRewardValue: targetVersions.withoutRewardValue,
        stretchValue: targetVersions.stretchValue,
        rewardGrant: targetVersions.rewardGrant,
      },
    })
    .from(targets)
    .innerJoin(agreements, eq(agreements.id, targets.agreementId))
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .innerJoin(partnerships, eq(partnerships.id, targets.partnershipId))
    .leftJoin(
      targetVersions,
      and(eq(targetVersions.targetId, targets.id), isNull(targetVersions.supersededAt)),
    )
    .where(inArray(targets.id, targetIds))
}
export type TargetWithContext = Awaited<ReturnType<typeof targetsWithContext>>[number]

/** The current trajectory rows of each target. */
export async function currentTrajectories(db: DbOrTx, targetIds: string[]) {
  if (targetIds.length === 0) return []
  return db
    .select({
      targetId: targetTrajectories.targetId,
      placeId: targetTrajectories.placeId,
      period: targetTrajectories.period,
      value: targetTrajectories.value,
    })
    .from(targetTrajectories)
    .where(and(inArray(targetTrajectories.targetId, targetIds), isNull(targetTrajectories.supersededAt)))
}

/**
 * Each root place with every live place at or below it (path order, as `subtree` gives them):
 * the root itself only when it is live.
 */
export async function liveSubtrees(db: DbOrTx, rootIds: string[]) {
  if (rootIds.length === 0) return []
  const rows = await db.execute(sql`
    select r.id as "rootId", p.id, p.parent_id as "parentId"
    from ${places} r
    join ${places} p on p.path like r.path || '%' and p.archived_at is null
    where r.id in ${rootIds}
    order by r.id, p.path, p.id`)
  return (rows as { rows: { rootId: string; id: string; parentId: string | null }[] }).rows
}

const num = (v: string | number | null) => (v === null ? null : Number(v))

/**
 * The counted (submitted or approved) current values of these indicators (of these
 * partnerships: the key's leading column), for these periods: everything a recompute of their targets reads. Plain SQL mapped by hand:
 * this is the one read that grows with the data (a million rows nationally), and the query
 * builder's row mapping cost half as much again as the read.
 */
export async function countedValues(
  db: DbOrTx,
  partnershipIds: string[],
  indicatorIds: string[],
  periods: string[],
): Promise<(KnownValue & { indicatorId: string })[]> {
  if (partnershipIds.length === 0 || indicatorIds.length === 0 || periods.length === 0) return []
  const result = await db.execute(sql`
    select indicator_id, place_id, period, value, numerator, denominator, status
    from ${dataValues}
    where partnership_id in ${partnershipIds} and indicator_id in ${indicatorIds}
      and period in ${periods} and status in ${[...COUNTED]}`)
  type Row = Record<'indicator_id' | 'place_id' | 'period' | 'status', string> &
    Record<'value' | 'numerator' | 'denominator', string | number | null>
  return (result as { rows: Row[] }).rows.map((r) => ({
    indicatorId: r.indicator_id,
    placeId: r.place_id,
    period: r.period,
    value: num(r.value),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    status: r.status,
  }))
}

/** The current stored rows of these targets: what a recompute compares with. */
export async function currentStored(db: DbOrTx, targetIds: string[]) {
  if (targetIds.length === 0) return []
  return db
    .select({
      id: assessments.id,
      targetId: assessments.targetId,
      placeId: assessments.placeId,
      period: assessments.period,
      periodStart: assessments.periodStart,
      value: assessments.value,
      valueSource: assessments.valueSource,
      targetValue: assessments.targetValue,
      status: assessments.status,
      direction: assessments.direction,
      directionBaseline: assessments.directionBaseline,
      forecastValue: assessments.forecastValue,
      forecastStatus: assessments.forecastStatus,
      rewardShare: assessments.rewardShare,
      rewardPayable: assessments.rewardPayable,
      needsPlan: assessments.needsPlan,
      provisional: assessments.provisional,
    })
    .from(assessments)
    .where(and(inArray(assessments.targetId, targetIds), isNull(assessments.validTo)))
}
export type CurrentStored = Awaited<ReturnType<typeof currentStored>>[number]

/**
 * An md5 per target of its current stored rows, each row as text (`rowText` in
 * assessments.batch.ts builds the same text from a computed row), in place and period order.
 * Comparing digests tells which targets a recompute left unchanged without reading their rows.
 * `concat` prints a null as nothing and a boolean as t or f; the start date is a day number,
 * whatever the server's date style.
 */
export async function storedDigests(db: DbOrTx, targetIds: string[]) {
  if (targetIds.length === 0) return new Map<string, string>()
  const rows = await db.execute(sql`
    select target_id as "targetId", md5(string_agg(concat(
      place_id, '|', period, '|', period_start - date '2000-01-01', '|', value, '|', value_source, '|',
      target_value, '|', status, '|', direction, '|', direction_baseline, '|', forecast_value, '|',
      forecast_status, '|', reward_share, '|', reward_payable, '|', needs_plan, '|', provisional
    ), E'\n' order by place_id, period collate "C")) as digest
    from ${assessments}
    where target_id in ${targetIds} and valid_to is null
    group by target_id`)
  return new Map(
    (rows as { rows: { targetId: string; digest: string }[] }).rows.map((r) => [r.targetId, r.digest]),
  )
}

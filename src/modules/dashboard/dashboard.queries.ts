/** What the dashboard shows beside stored assessments: each target's kind, place, reward terms and outcomes, as at a moment. */
import { and, eq, gt, inArray, isNull, lte, or } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  agreements,
  indicators,
  partnerships,
  places,
  targets,
  targetVersions,
} from '../../db/schema/index.ts'
import { validAt } from '../targets/targets.queries.ts'
import { outcomeKeysFor } from '../targets/outcomes.queries.ts'

/** Targets that existed at `at` (live now without it), with the version in force then. */
export async function targetsAt(db: DbOrTx, partnershipId: string, at?: Date) {
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
    .where(and(eq(targets.partnershipId, partnershipId), live))
  const keys = await outcomeKeysFor(
    db,
    rows.map((r) => r.id),
    at,
  )
  return rows
    .map((r) => ({ ...r, ownPlaceId: r.placeId ?? r.areaPlaceId, outcomeKeys: keys.get(r.id) ?? [] }))
    .sort((a, b) => a.indicator.code.localeCompare(b.indicator.code, 'en', { numeric: true }))
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

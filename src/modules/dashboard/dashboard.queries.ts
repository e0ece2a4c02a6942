/**
 * What the dashboard shows, as at a moment: each target's kind, place and reward terms. (Its
 * outcomes come from the targets service, its stored rows from the assessments service.)
 */
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
import { validAt } from '../../db/valid-at.ts'

/** `NI 9` before `NI 10`; one collator, not one per comparison. */
const byCode = new Intl.Collator('en', { numeric: true })

/**
 * Targets that existed at `at` (live now without it), with the version in force then, by
 * indicator code; or just one.
 */
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
  return rows
    .map((r) => ({ ...r, ownPlaceId: r.placeId ?? r.areaPlaceId }))
    .sort((a, b) => byCode.compare(a.indicator.code, b.indicator.code))
}
export type TargetAt = Awaited<ReturnType<typeof targetsAt>>[number]

export async function placeNames(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; gssCode: string }>()
  const rows = await db
    .select({ id: places.id, name: places.name, gssCode: places.gssCode })
    .from(places)
    .where(inArray(places.id, ids))
  return new Map(rows.map((r) => [r.id, r]))
}

/**
 * SQL of improvement plans: the plans with the target, indicator, place and owner they show, the
 * partnership's open plans the automatic opening and closing compares with the flags, and writes.
 */
import { and, asc, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  actions,
  improvementPlans,
  indicators,
  partnerships,
  people,
  places,
  targets,
} from '../../db/schema/index.ts'

export type PlanRow = typeof improvementPlans.$inferSelect
export type PlanInsert = typeof improvementPlans.$inferInsert

const withNames = {
  plan: improvementPlans,
  indicatorCode: indicators.code,
  indicatorTitle: indicators.title,
  placeName: places.name,
  placeGss: places.gssCode,
  ownerName: people.name,
  targetPlaceId: sql<string | null>`coalesce(${targets.placeId}, ${partnerships.areaPlaceId})`,
}

function named(db: DbOrTx) {
  return db
    .select(withNames)
    .from(improvementPlans)
    .innerJoin(targets, eq(targets.id, improvementPlans.targetId))
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .innerJoin(partnerships, eq(partnerships.id, targets.partnershipId))
    .leftJoin(places, eq(places.id, sql`coalesce(${targets.placeId}, ${partnerships.areaPlaceId})`))
    .leftJoin(people, eq(people.id, improvementPlans.ownerPersonId))
    .$dynamic()
}
export type PlanWithNames = Awaited<ReturnType<typeof listPlans>>[number]

export async function listPlans(
  db: DbOrTx,
  partnershipId: string,
  f: { status?: string; targetId?: string; reviewBefore?: string } = {},
) {
  return named(db)
    .where(
      and(
        eq(improvementPlans.partnershipId, partnershipId),
        isNull(improvementPlans.archivedAt),
        f.status ? eq(improvementPlans.status, f.status) : undefined,
        f.targetId ? eq(improvementPlans.targetId, f.targetId) : undefined,
        f.reviewBefore ? lt(improvementPlans.reviewOn, f.reviewBefore) : undefined,
      ),
    )
    .orderBy(
      f.reviewBefore ? asc(improvementPlans.reviewOn) : desc(improvementPlans.openedAt),
      asc(indicators.code),
      asc(improvementPlans.id),
    )
}

export async function findPlan(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await named(db).where(
    and(
      eq(improvementPlans.partnershipId, partnershipId),
      eq(improvementPlans.id, id),
      isNull(improvementPlans.archivedAt),
    ),
  )
  return row
}

/** The partnership's open plans, bare, for the automatic opening and closing. */
export async function openPlans(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(improvementPlans)
    .where(
      and(
        eq(improvementPlans.partnershipId, partnershipId),
        eq(improvementPlans.status, 'open'),
        isNull(improvementPlans.archivedAt),
      ),
    )
}

export async function insertPlan(db: DbOrTx, values: PlanInsert) {
  const [row] = await db.insert(improvementPlans).values(values).returning()
  return row!
}

export async function updatePlan(db: DbOrTx, id: string, values: Partial<PlanInsert>, at: Date) {
  const [row] = await db
    .update(improvementPlans)
    .set({ ...values, updatedAt: at })
    .where(eq(improvementPlans.id, id))
    .returning()
  return row!
}

/**
 * The refs of each plan's live actions (actions of delivery plans marked as part of an
 * improvement plan), for the exported ImprovementPlans sheet.
 */
export async function actionRefsOfPlans(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select({ planId: actions.improvementPlanId, ref: actions.ref })
    .from(actions)
    .where(
      and(
        eq(actions.partnershipId, partnershipId),
        isNotNull(actions.improvementPlanId),
        isNull(actions.archivedAt),
      ),
    )
    .orderBy(asc(actions.ref))
  const out = new Map<string, string[]>()
  for (const r of rows) out.set(r.planId!, [...(out.get(r.planId!) ?? []), r.ref])
  return out
}

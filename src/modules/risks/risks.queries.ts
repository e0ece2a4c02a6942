import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  indicators,
  organisations,
  people,
  riskAppetites,
  riskReviews,
  risks,
  riskWorkshops,
  riskWorkshopSources,
  targets,
} from '../../db/schema/index.ts'
import { refKey } from '../../db/schema/delivery.ts'

export type RiskRow = typeof risks.$inferSelect
export type ReviewRow = typeof riskReviews.$inferSelect
export type AppetiteRow = typeof riskAppetites.$inferSelect
export type WorkshopRow = typeof riskWorkshops.$inferSelect

/**
 * Live risks of the partnership with their owner's name and target's indicator, by ref; with
 * `at`, the risks live then (recorded by then, not archived by then).
 */
export async function listRisks(db: DbOrTx, partnershipId: string, opts: { ids?: string[]; at?: Date } = {}) {
  const rows = await db
    .select({
      risk: risks,
      ownerName: people.name,
      indicatorCode: indicators.code,
      indicatorTitle: indicators.title,
    })
    .from(risks)
    .leftJoin(people, eq(people.id, risks.ownerPersonId))
    .leftJoin(targets, eq(targets.id, risks.targetId))
    .leftJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(
      and(
        eq(risks.partnershipId, partnershipId),
        opts.at
          ? and(lte(risks.createdAt, opts.at), or(isNull(risks.archivedAt), gt(risks.archivedAt, opts.at)))
          : isNull(risks.archivedAt),
        opts.ids ? (opts.ids.length ? inArray(risks.id, opts.ids) : sql`false`) : undefined,
      ),
    )
    .orderBy(asc(refKey(risks.ref)))
  return rows.map((r) => ({
    ...r.risk,
    ownerName: r.ownerName,
    indicatorCode: r.indicatorCode,
    indicatorTitle: r.indicatorTitle,
  }))
}
export type RiskWithNames = Awaited<ReturnType<typeof listRisks>>[number]

export async function findRisk(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(risks)
    .where(and(eq(risks.partnershipId, partnershipId), eq(risks.id, id)))
  return row
}

/** A live risk with this ref (ignoring case and spaces), if any. */
export async function findRiskByRef(db: DbOrTx, partnershipId: string, ref: string) {
  const [row] = await db
    .select()
    .from(risks)
    .where(
      and(
        eq(risks.partnershipId, partnershipId),
        isNull(risks.archivedAt),
        sql`${refKey(risks.ref)} = regexp_replace(lower(${ref}), '\\s+', '', 'g')`,
      ),
    )
  return row
}

export async function insertRisk(db: DbOrTx, values: typeof risks.$inferInsert) {
  const [row] = await db.insert(risks).values(values).returning()
  return row!
}

export async function updateRisk(db: DbOrTx, id: string, values: Partial<typeof risks.$inferInsert>) {
  const [row] = await db
    .update(risks)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(risks.id, id))
    .returning()
  return row!
}

// ---- Reviews (append-only) ----

export async function insertReview(db: DbOrTx, values: typeof riskReviews.$inferInsert) {
  const [row] = await db.insert(riskReviews).values(values).returning()
  return row!
}

/** Reviews of these risks, oldest first. */
export async function reviewsOf(db: DbOrTx, riskIds: string[]) {
  if (riskIds.length === 0) return []
  return db
    .select()
    .from(riskReviews)
    .where(inArray(riskReviews.riskId, riskIds))
    .orderBy(asc(riskReviews.riskId), asc(riskReviews.reviewedAt), asc(riskReviews.id))
}

// ---- Targets (read only: a risk's subject) ----

/** A live target of the partnership, with its indicator. */
export async function findTarget(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select({ id: targets.id, code: indicators.code, title: indicators.title })
    .from(targets)
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(and(eq(targets.partnershipId, partnershipId), eq(targets.id, id), isNull(targets.archivedAt)))
  return row
}

/** The partnership's live targets with their indicators, by code. */
export async function listTargets(db: DbOrTx, partnershipId: string) {
  return db
    .select({ id: targets.id, code: indicators.code, title: indicators.title })
    .from(targets)
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(and(eq(targets.partnershipId, partnershipId), isNull(targets.archivedAt)))
    .orderBy(asc(indicators.code), asc(targets.createdAt))
}

// ---- Appetites ----

export async function listAppetites(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(riskAppetites)
    .where(and(eq(riskAppetites.partnershipId, partnershipId), isNull(riskAppetites.archivedAt)))
    .orderBy(asc(sql`lower(${riskAppetites.category})`))
}

export async function findAppetite(db: DbOrTx, partnershipId: string, category: string) {
  const [row] = await db
    .select()
    .from(riskAppetites)
    .where(
      and(
        eq(riskAppetites.partnershipId, partnershipId),
        isNull(riskAppetites.archivedAt),
        sql`lower(${riskAppetites.category}) = lower(${category})`,
      ),
    )
  return row
}

export async function findAppetiteById(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(riskAppetites)
    .where(and(eq(riskAppetites.partnershipId, partnershipId), eq(riskAppetites.id, id)))
  return row
}

export async function insertAppetite(db: DbOrTx, values: typeof riskAppetites.$inferInsert) {
  const [row] = await db.insert(riskAppetites).values(values).returning()
  return row!
}

export async function updateAppetite(
  db: DbOrTx,
  id: string,
  values: Partial<typeof riskAppetites.$inferInsert>,
) {
  const [row] = await db
    .update(riskAppetites)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(riskAppetites.id, id))
    .returning()
  return row!
}

// ---- Workshops ----

export async function listWorkshops(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(riskWorkshops)
    .where(and(eq(riskWorkshops.partnershipId, partnershipId), isNull(riskWorkshops.archivedAt)))
    .orderBy(desc(riskWorkshops.heldOn), asc(riskWorkshops.title))
}

export async function findWorkshop(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(riskWorkshops)
    .where(
      and(
        eq(riskWorkshops.partnershipId, partnershipId),
        eq(riskWorkshops.id, id),
        isNull(riskWorkshops.archivedAt),
      ),
    )
  return row
}

export async function findWorkshopByTitle(db: DbOrTx, partnershipId: string, title: string, notId?: string) {
  const [row] = await db
    .select()
    .from(riskWorkshops)
    .where(
      and(
        eq(riskWorkshops.partnershipId, partnershipId),
        isNull(riskWorkshops.archivedAt),
        sql`lower(${riskWorkshops.title}) = lower(${title})`,
        notId ? ne(riskWorkshops.id, notId) : undefined,
      ),
    )
  return row
}

export async function insertWorkshop(db: DbOrTx, values: typeof riskWorkshops.$inferInsert) {
  const [row] = await db.insert(riskWorkshops).values(values).returning()
  return row!
}

export async function updateWorkshop(
  db: DbOrTx,
  id: string,
  values: Partial<typeof riskWorkshops.$inferInsert>,
) {
  const [row] = await db
    .update(riskWorkshops)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(riskWorkshops.id, id))
    .returning()
  return row!
}

export async function sourcesOf(db: DbOrTx, workshopId: string) {
  return db
    .select({
      id: riskWorkshopSources.id,
      organisationId: riskWorkshopSources.organisationId,
      organisationName: organisations.name,
      description: riskWorkshopSources.description,
    })
    .from(riskWorkshopSources)
    .leftJoin(organisations, eq(organisations.id, riskWorkshopSources.organisationId))
    .where(and(eq(riskWorkshopSources.workshopId, workshopId), isNull(riskWorkshopSources.archivedAt)))
    .orderBy(asc(organisations.name), asc(riskWorkshopSources.createdAt))
}

export async function insertSource(db: DbOrTx, values: typeof riskWorkshopSources.$inferInsert) {
  const [row] = await db.insert(riskWorkshopSources).values(values).returning()
  return row!
}

// ---- People (read only: the Risks sheet names an owner) ----

/** Live people of the partnership, for matching an owner by name or email. */
export async function listPeople(db: DbOrTx, partnershipId: string) {
  return db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), isNull(people.archivedAt)))
}

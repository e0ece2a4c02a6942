import { and, asc, eq, isNull, max, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  organisations,
  people,
  strategySignoffs,
  strategyVersions,
  timetableStages,
} from '../../db/schema/index.ts'

export type StageRow = typeof timetableStages.$inferSelect
export type SignoffRow = typeof strategySignoffs.$inferSelect

// ---- Stages ----

export async function listStages(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select({ stage: timetableStages, ownerPerson: people.name, ownerOrganisation: organisations.name })
    .from(timetableStages)
    .leftJoin(people, eq(people.id, timetableStages.ownerPersonId))
    .leftJoin(organisations, eq(organisations.id, timetableStages.ownerOrganisationId))
    .where(and(eq(timetableStages.partnershipId, partnershipId), isNull(timetableStages.archivedAt)))
    .orderBy(asc(timetableStages.position), asc(timetableStages.startsOn))
  return rows.map((r) => ({ ...r.stage, ownerPerson: r.ownerPerson, ownerOrganisation: r.ownerOrganisation }))
}
export type StageWithOwner = Awaited<ReturnType<typeof listStages>>[number]

export async function findStage(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(timetableStages)
    .where(and(eq(timetableStages.partnershipId, partnershipId), eq(timetableStages.id, id)))
  return row
}

export async function nextStagePosition(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ n: max(timetableStages.position) })
    .from(timetableStages)
    .where(and(eq(timetableStages.partnershipId, partnershipId), isNull(timetableStages.archivedAt)))
  return (row?.n ?? 0) + 1
}

export async function insertStage(db: DbOrTx, values: typeof timetableStages.$inferInsert) {
  const [row] = await db.insert(timetableStages).values(values).returning()
  return row!
}

export async function updateStage(
  db: DbOrTx,
  id: string,
  values: Partial<typeof timetableStages.$inferInsert>,
) {
  const [row] = await db
    .update(timetableStages)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(timetableStages.id, id))
    .returning()
  return row!
}

// ---- Sign-offs ----

/** Sign-offs of one version (or all versions when none is given), earliest due first. */
export async function listSignoffs(db: DbOrTx, partnershipId: string, versionId?: string) {
  const rows = await db
    .select({
      signoff: strategySignoffs,
      organisation: organisations.name,
      versionNumber: strategyVersions.number,
    })
    .from(strategySignoffs)
    .innerJoin(strategyVersions, eq(strategyVersions.id, strategySignoffs.versionId))
    .leftJoin(organisations, eq(organisations.id, strategySignoffs.organisationId))
    .where(
      and(
        eq(strategySignoffs.partnershipId, partnershipId),
        versionId ? eq(strategySignoffs.versionId, versionId) : undefined,
        isNull(strategySignoffs.archivedAt),
      ),
    )
    .orderBy(
      asc(strategyVersions.number),
      sql`${strategySignoffs.dueOn} asc nulls last`,
      asc(strategySignoffs.body),
    )
  return rows.map((r) => ({ ...r.signoff, organisation: r.organisation, versionNumber: r.versionNumber }))
}
export type SignoffWithNames = Awaited<ReturnType<typeof listSignoffs>>[number]

export async function findSignoff(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(strategySignoffs)
    .where(and(eq(strategySignoffs.partnershipId, partnershipId), eq(strategySignoffs.id, id)))
  return row
}

export async function findSignoffByBody(db: DbOrTx, versionId: string, body: string) {
  const [row] = await db
    .select()
    .from(strategySignoffs)
    .where(
      and(
        eq(strategySignoffs.versionId, versionId),
        sql`lower(${strategySignoffs.body}) = lower(${body})`,
        isNull(strategySignoffs.archivedAt),
      ),
    )
  return row
}

export async function insertSignoff(db: DbOrTx, values: typeof strategySignoffs.$inferInsert) {
  const [row] = await db.insert(strategySignoffs).values(values).returning()
  return row!
}

export async function updateSignoff(
  db: DbOrTx,
  id: string,
  values: Partial<typeof strategySignoffs.$inferInsert>,
) {
  const [row] = await db
    .update(strategySignoffs)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(strategySignoffs.id, id))
    .returning()
  return row!
}

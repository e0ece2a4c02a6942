import { and, desc, eq, inArray, isNull, max, min, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { agreements, indicators, targets, targetTrajectories, targetVersions } from '../../db/schema/index.ts'

export type AgreementRow = typeof agreements.$inferSelect

export async function listAgreements(
  db: DbOrTx,
  partnershipId: string,
  opts: { includeArchived?: boolean } = {},
) {
  return db
    .select()
    .from(agreements)
    .where(
      and(
        eq(agreements.partnershipId, partnershipId),
        opts.includeArchived ? undefined : isNull(agreements.archivedAt),
      ),
    )
    .orderBy(desc(agreements.startYear), desc(agreements.createdAt))
}

/** The current agreement: the latest-starting one not archived. */
export async function currentAgreement(db: DbOrTx, partnershipId: string) {
  const [row] = await listAgreements(db, partnershipId)
  return row
}

/** Scoped by partnership: another partnership's id is simply not found. */
export async function findAgreement(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(agreements)
    .where(and(eq(agreements.partnershipId, partnershipId), eq(agreements.id, id)))
  return row
}

/** Lock the agreement's row for the rest of the transaction, so limits are checked one writer at a time. */
export async function lockAgreement(db: DbOrTx, id: string) {
  await db.execute(sql`select id from ${agreements} where ${agreements.id} = ${id} for update`)
}

export async function findAgreementByName(db: DbOrTx, partnershipId: string, name: string) {
  const [row] = await db
    .select()
    .from(agreements)
    .where(
      and(
        eq(agreements.partnershipId, partnershipId),
        sql`lower(${agreements.name}) = lower(${name})`,
        isNull(agreements.archivedAt),
      ),
    )
  return row
}

export async function insertAgreement(db: DbOrTx, values: typeof agreements.$inferInsert) {
  const [row] = await db.insert(agreements).values(values).returning()
  return row!
}

export async function updateAgreement(
  db: DbOrTx,
  id: string,
  values: Partial<typeof agreements.$inferInsert>,
) {
  const [row] = await db
    .update(agreements)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(agreements.id, id))
    .returning()
  return row!
}

/** The first and last period starts of the agreement's current trajectories (to keep them inside its years). */
export async function trajectorySpan(db: DbOrTx, agreementId: string) {
  const [row] = await db
    .select({ first: min(targetTrajectories.periodStart), last: max(targetTrajectories.periodStart) })
    .from(targetTrajectories)
    .innerJoin(targets, eq(targets.id, targetTrajectories.targetId))
    .where(
      and(
        eq(targets.agreementId, agreementId),
        isNull(targets.archivedAt),
        isNull(targetTrajectories.supersededAt),
      ),
    )
  return row?.first && row.last ? { first: row.first, last: row.last } : undefined
}

/** The agreement's live targets still proposed or a placeholder (what a sign-off leaves unagreed), by code. */
export async function unsettledTargets(db: DbOrTx, agreementId: string) {
  const rows = await db
    .select({ id: targets.id, code: indicators.code, status: targetVersions.status })
    .from(targets)
    .innerJoin(
      targetVersions,
      and(eq(targetVersions.targetId, targets.id), isNull(targetVersions.supersededAt)),
    )
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(
      and(
        eq(targets.agreementId, agreementId),
        isNull(targets.archivedAt),
        inArray(targetVersions.status, ['proposed', 'placeholder']),
      ),
    )
  return rows.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
}

import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { escalations } from '../../db/schema/index.ts'

export type EscalationRow = typeof escalations.$inferSelect

const live = isNull(escalations.archivedAt)

/** The partnership's escalations: open first (oldest first), then the rest, newest first. */
export async function listEscalations(
  db: DbOrTx,
  partnershipId: string,
  opts: {
    status?: string | undefined
    subjectType?: string | undefined
    subjectId?: string | undefined
  } = {},
) {
  return db
    .select()
    .from(escalations)
    .where(
      and(
        eq(escalations.partnershipId, partnershipId),
        live,
        opts.status ? eq(escalations.status, opts.status) : undefined,
        opts.subjectType ? eq(escalations.subjectType, opts.subjectType) : undefined,
        opts.subjectId ? eq(escalations.subjectId, opts.subjectId) : undefined,
      ),
    )
    .orderBy(
      sql`case when ${escalations.status} = 'open' then 0 else 1 end`,
      sql`case when ${escalations.status} = 'open' then ${escalations.raisedAt} end asc`,
      desc(escalations.raisedAt),
      asc(escalations.title),
    )
}

export async function findEscalation(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(escalations)
    .where(and(eq(escalations.partnershipId, partnershipId), eq(escalations.id, id), live))
  return row
}

/** Open escalations about one record (a target, plan, risk…), oldest first. */
export async function openForSubject(db: DbOrTx, partnershipId: string, subjectId: string) {
  return db
    .select()
    .from(escalations)
    .where(
      and(
        eq(escalations.partnershipId, partnershipId),
        eq(escalations.subjectId, subjectId),
        eq(escalations.status, 'open'),
        live,
      ),
    )
    .orderBy(asc(escalations.raisedAt))
}

/** An open escalation about the same subject with the same title (ignoring case): a duplicate. */
export async function findOpenDuplicate(
  db: DbOrTx,
  partnershipId: string,
  subjectType: string,
  subjectId: string | null,
  title: string,
) {
  const [row] = await db
    .select()
    .from(escalations)
    .where(
      and(
        eq(escalations.partnershipId, partnershipId),
        eq(escalations.subjectType, subjectType),
        subjectId ? eq(escalations.subjectId, subjectId) : isNull(escalations.subjectId),
        sql`lower(${escalations.title}) = lower(${title})`,
        eq(escalations.status, 'open'),
        live,
      ),
    )
  return row
}

export async function insertEscalation(db: DbOrTx, values: typeof escalations.$inferInsert) {
  const [row] = await db.insert(escalations).values(values).returning()
  return row!
}

export async function updateEscalation(
  db: DbOrTx,
  id: string,
  values: Partial<typeof escalations.$inferInsert>,
  at: Date,
) {
  const [row] = await db
    .update(escalations)
    .set({ ...values, updatedAt: at })
    .where(eq(escalations.id, id))
    .returning()
  return row!
}

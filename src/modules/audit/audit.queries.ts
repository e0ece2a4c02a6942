import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { auditEvents, users } from '../../db/schema/index.ts'

export type NewAuditEvent = typeof auditEvents.$inferInsert

export async function insertAuditEvents(db: DbOrTx, events: NewAuditEvent[]) {
  if (events.length > 0) await db.insert(auditEvents).values(events)
}

export interface AuditFilter {
  partnershipId: string
  entityType?: string | undefined
  entityId?: string | undefined
  actorUserId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  limit: number
  offset: number
}

export async function listAuditEvents(db: DbOrTx, f: AuditFilter) {
  const where: SQL[] = [eq(auditEvents.partnershipId, f.partnershipId)]
  if (f.entityType) where.push(eq(auditEvents.entityType, f.entityType))
  if (f.entityId) where.push(eq(auditEvents.entityId, f.entityId))
  if (f.actorUserId) where.push(eq(auditEvents.actorUserId, f.actorUserId))
  if (f.from) where.push(gte(auditEvents.at, f.from))
  if (f.to) where.push(lt(auditEvents.at, f.to))
  const rows = await db
    .select({ event: auditEvents, actorEmail: users.email })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(f.limit)
    .offset(f.offset)
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(and(...where))
  return { rows, total: count?.n ?? 0 }
}

export async function listAuditEntityTypes(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .selectDistinct({ entityType: auditEvents.entityType })
    .from(auditEvents)
    .where(eq(auditEvents.partnershipId, partnershipId))
    .orderBy(auditEvents.entityType)
  return rows.map((r) => r.entityType)
}

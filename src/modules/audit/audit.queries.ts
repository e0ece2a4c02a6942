import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  agreements,
  auditEvents,
  auditVersions,
  collectionRounds,
  dataValues,
  INSTALLATION_SCOPE,
  indicators,
  organisations,
  partnerships,
  places,
  targets,
  users,
} from '../../db/schema/index.ts'

export type NewAuditEvent = typeof auditEvents.$inferInsert

export async function insertAuditEvents(db: DbOrTx, events: NewAuditEvent[]) {
  if (events.length > 0) await db.insert(auditEvents).values(events)
}

/**
 * How many audited changes the partnership and the installation have committed (0 before the
 * first): one primary-key lookup of two rows (the counts are kept by migration 0013's trigger).
 */
export async function auditVersionsOf(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select()
    .from(auditVersions)
    .where(inArray(auditVersions.partnershipId, [partnershipId, INSTALLATION_SCOPE]))
  const of = (id: string) => rows.find((r) => r.partnershipId === id)?.version ?? 0
  return { partnership: of(partnershipId), installation: of(INSTALLATION_SCOPE) }
}

/**
 * What every partnership and the installation are at together: the number of counted scopes and
 * the sum of their counts (counts only grow, so the pair changes with every audited change).
 */
export async function auditVersionsOfAll(db: DbOrTx) {
  const [row] = await db
    .select({
      scopes: sql<number>`count(*)::int`,
      total: sql<string>`coalesce(sum(${auditVersions.version}), 0)::text`,
    })
    .from(auditVersions)
  return { scopes: Number(row?.scopes ?? 0), total: row?.total ?? '0' }
}

/**
 * The start of the oldest transaction still open on the database in another session, less a
 * second (for a clock between the application and the database), as microsecond ISO text; null
 * when no other session has one open. Everything written before it has committed or rolled back.
 */
export async function settledBefore(db: DbOrTx): Promise<string | null> {
  const [row] = await db
    .select({
      at: sql<
        string | null
      >`to_char((min(xact_start) - interval '1 second') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(sql`pg_stat_activity`)
    .where(sql`datname = current_database() and pid <> pg_backend_pid() and xact_start is not null`)
  return row?.at ?? null
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

/** What a record is called, by kind: each kind asked for once per page, whatever its rows. */
export type NameKind =
  'indicator' | 'place' | 'organisation' | 'user' | 'target' | 'agreement' | 'round' | 'value' | 'partnership'

/** Names of the records an audit page mentions: one query per kind of record, for all its ids. */
export async function recordNames(db: DbOrTx, ids: Map<NameKind, Set<string>>) {
  const list = (k: NameKind) => [...(ids.get(k) ?? [])]
  const run = async <T>(k: NameKind, q: (ids: string[]) => Promise<T[]>) => (list(k).length ? q(list(k)) : [])
  const [ind, pl, org, usr, tgt, agr, rnd, val, par] = await Promise.all([
    run('indicator', (v) =>
      db
        .select({ id: indicators.id, code: indicators.code, title: indicators.title })
        .from(indicators)
        .where(inArray(indicators.id, v)),
    ),
    run('place', (v) =>
      db
        .select({ id: places.id, name: places.name, gss: places.gssCode })
        .from(places)
        .where(inArray(places.id, v)),
    ),
    run('organisation', (v) =>
      db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(inArray(organisations.id, v)),
    ),
    run('user', (v) => db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, v))),
    run('target', (v) =>
      db
        .select({ id: targets.id, code: indicators.code, place: places.name })
        .from(targets)
        .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
        .leftJoin(places, eq(places.id, targets.placeId))
        .where(inArray(targets.id, v)),
    ),
    run('agreement', (v) =>
      db
        .select({ id: agreements.id, name: agreements.name })
        .from(agreements)
        .where(inArray(agreements.id, v)),
    ),
    run('round', (v) =>
      db
        .select({ id: collectionRounds.id, period: collectionRounds.period })
        .from(collectionRounds)
        .where(inArray(collectionRounds.id, v)),
    ),
    run('value', (v) =>
      db
        .select({ id: dataValues.id, code: indicators.code, place: places.name, period: dataValues.period })
        .from(dataValues)
        .innerJoin(indicators, eq(indicators.id, dataValues.indicatorId))
        .innerJoin(places, eq(places.id, dataValues.placeId))
        .where(inArray(dataValues.id, v)),
    ),
    run('partnership', (v) =>
      db
        .select({ id: partnerships.id, name: partnerships.name })
        .from(partnerships)
        .where(inArray(partnerships.id, v)),
    ),
  ])
  const names = new Map<string, string>()
  const put = (k: NameKind, id: string, name: string) => names.set(`${k}:${id}`, name)
  for (const r of ind) put('indicator', r.id, r.title ? `${r.code} ${r.title}` : r.code)
  for (const r of pl) put('place', r.id, `${r.name} (${r.gss})`)
  for (const r of org) put('organisation', r.id, r.name)
  for (const r of usr) put('user', r.id, r.name)
  for (const r of tgt) put('target', r.id, `Target for ${r.code}${r.place ? ` at ${r.place}` : ''}`)
  for (const r of agr) put('agreement', r.id, r.name)
  for (const r of rnd) put('round', r.id, `${r.period} round`)
  for (const r of val) put('value', r.id, `${r.code} at ${r.place}, ${r.period}`)
  for (const r of par) put('partnership', r.id, r.name)
  return names
}

import { and, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm'
import { catalogueColumns, codeKeySql, inCatalogue, overlayOn } from '../../db/catalogue.ts'
import type { DbOrTx } from '../../db/client.ts'
import { indicators, partnershipIndicators, targets, targetTrajectories } from '../../db/schema/index.ts'
import { codeKey, type IndicatorQuery } from './indicators.schema.ts'

export type IndicatorRow = typeof indicators.$inferSelect
export type IndicatorInsert = typeof indicators.$inferInsert

const catalogue = (db: DbOrTx, partnershipId: string) =>
  db.select(catalogueColumns).from(indicators).leftJoin(partnershipIndicators, overlayOn(partnershipId))

/** A national indicator (no partnership)? */
export const isNational = (i: { partnershipId: string | null }) => i.partnershipId === null

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Natural order of codes: NI 2 before NI 10, then by the rest. */
export const compareCodes = (a: { code: string }, b: { code: string }) =>
  a.code.localeCompare(b.code, 'en', { numeric: true, sensitivity: 'base' })

export async function listIndicators(db: DbOrTx, partnershipId: string, f: Partial<IndicatorQuery> = {}) {
  const where = [inCatalogue(partnershipId)]
  if (!f.includeArchived) where.push(isNull(indicators.archivedAt))
  if (f.set) where.push(eq(indicators.set, f.set))
  if (f.theme) where.push(sql`lower(${indicators.theme}) = lower(${f.theme})`)
  if (f.polarity === 'unknown') where.push(isNull(indicators.polarity))
  else if (f.polarity) where.push(eq(indicators.polarity, f.polarity))
  if (f.incomplete !== undefined) where.push(eq(indicators.incomplete, f.incomplete))
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`
    // "NI135" finds "NI 135": compare codes without spaces as well.
    const squashed = `%${escapeLike(f.q.replace(/\s+/g, ''))}%`
    where.push(
      or(
        ilike(indicators.code, like),
        sql`replace(${indicators.code}, ' ', '') ilike ${squashed}`,
        ilike(indicators.title, like),
        ilike(indicators.theme, like),
        ilike(indicators.definition, like),
      )!,
    )
  }
  const rows = await catalogue(db, partnershipId).where(and(...where))
  return rows.sort(compareCodes)
}

export async function listThemes(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .selectDistinct({ theme: indicators.theme })
    .from(indicators)
    .where(and(inCatalogue(partnershipId), isNull(indicators.archivedAt), isNotNull(indicators.theme)))
  return rows.map((r) => r.theme!).sort((a, b) => a.localeCompare(b))
}

/** Scoped by partnership: another partnership's id is simply not found. */
export async function findIndicator(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await catalogue(db, partnershipId).where(
    and(inCatalogue(partnershipId), eq(indicators.id, id)),
  )
  return row
}

export async function findIndicatorByCode(db: DbOrTx, partnershipId: string, code: string) {
  const [row] = await catalogue(db, partnershipId).where(
    and(
      inCatalogue(partnershipId),
      sql`${codeKeySql(indicators.code)} = ${codeKey(code)}`,
      isNull(indicators.archivedAt),
    ),
  )
  return row
}

/** Live entries with the given codes (matched by `codeKey`), for bulk checks such as an import. */
export async function findIndicatorsByCodes(db: DbOrTx, partnershipId: string, codes: string[]) {
  if (codes.length === 0) return []
  return catalogue(db, partnershipId).where(
    and(
      inCatalogue(partnershipId),
      isNull(indicators.archivedAt),
      inArray(
        codeKeySql(indicators.code),
        codes.map((c) => codeKey(c)),
      ),
    ),
  )
}

export async function findIndicatorsByIds(db: DbOrTx, partnershipId: string, ids: string[]) {
  if (ids.length === 0) return []
  return catalogue(db, partnershipId).where(and(inCatalogue(partnershipId), inArray(indicators.id, ids)))
}

/** Every national code, archived ones included (seeding must not bring them back). */
export async function nationalCodes(db: DbOrTx) {
  const rows = await db
    .select({ code: indicators.code })
    .from(indicators)
    .where(isNull(indicators.partnershipId))
  return new Set(rows.map((r) => codeKey(r.code)))
}

/** National indicators (the system administrators' list). */
export async function listNational(db: DbOrTx, includeArchived = false) {
  const rows = await db
    .select()
    .from(indicators)
    .where(and(isNull(indicators.partnershipId), includeArchived ? undefined : isNull(indicators.archivedAt)))
  return rows.sort(compareCodes)
}

export async function findNational(db: DbOrTx, id: string) {
  const [row] = await db
    .select()
    .from(indicators)
    .where(and(isNull(indicators.partnershipId), eq(indicators.id, id)))
  return row
}

export async function findNationalByCode(db: DbOrTx, code: string) {
  const [row] = await db
    .select()
    .from(indicators)
    .where(
      and(
        isNull(indicators.partnershipId),
        isNull(indicators.archivedAt),
        sql`${codeKeySql(indicators.code)} = ${codeKey(code)}`,
      ),
    )
  return row
}

/** Set who reports a national indicator in a partnership, and its lag. */
export async function upsertOverlay(
  db: DbOrTx,
  partnershipId: string,
  indicatorId: string,
  values: { responsibleOrganisationId: string | null; lagMonths: number | null },
) {
  await db
    .insert(partnershipIndicators)
    .values({ partnershipId, indicatorId, ...values })
    .onConflictDoUpdate({
      target: [partnershipIndicators.partnershipId, partnershipIndicators.indicatorId],
      set: { ...values, updatedAt: new Date() },
    })
}

export async function insertIndicator(db: DbOrTx, values: IndicatorInsert) {
  const [row] = await db.insert(indicators).values(values).returning()
  return row!
}

export async function insertIndicators(db: DbOrTx, values: IndicatorInsert[]) {
  if (values.length === 0) return []
  return db.insert(indicators).values(values).onConflictDoNothing().returning({ id: indicators.id })
}

export async function updateIndicator(db: DbOrTx, id: string, values: Partial<IndicatorInsert>) {
  const [row] = await db
    .update(indicators)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(indicators.id, id))
    .returning()
  return row!
}

/** How an entry is used: live targets on it, and the period types of their current trajectories. */
export async function indicatorUsage(db: DbOrTx, indicatorId: string) {
  const live = await db
    .select({ id: targets.id })
    .from(targets)
    .where(and(eq(targets.indicatorId, indicatorId), isNull(targets.archivedAt)))
  if (live.length === 0) return { targets: 0, periodTypes: [] as string[] }
  const types = await db
    .selectDistinct({ t: targetTrajectories.periodType })
    .from(targetTrajectories)
    .where(
      and(
        inArray(
          targetTrajectories.targetId,
          live.map((r) => r.id),
        ),
        isNull(targetTrajectories.supersededAt),
      ),
    )
  return { targets: live.length, periodTypes: types.map((r) => r.t) }
}

/** Partnerships with targets on an indicator (a national one's definition change reaches them all). */
export async function partnershipsUsing(db: DbOrTx, indicatorId: string) {
  const rows = await db
    .selectDistinct({ p: targets.partnershipId })
    .from(targets)
    .where(eq(targets.indicatorId, indicatorId))
  return rows.map((r) => r.p)
}

import { type AnyColumn, and, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { indicators, targets, targetTrajectories } from '../../db/schema/index.ts'
import { codeKey, type IndicatorQuery } from './indicators.schema.ts'

/**
 * A code column's matching key, as `codeKey` computes it: lower case, no whitespace, no leading
 * zeros after `ni`.
 */
export const codeKeySql = (column: AnyColumn) =>
  sql<string>`regexp_replace(regexp_replace(lower(${column}), '\\s+', '', 'g'), '^ni0+([0-9])', 'ni\\1')`

export type IndicatorRow = typeof indicators.$inferSelect
export type IndicatorInsert = typeof indicators.$inferInsert

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Natural order of codes: NI 2 before NI 10, then by the rest. */
export const compareCodes = (a: { code: string }, b: { code: string }) =>
  a.code.localeCompare(b.code, 'en', { numeric: true, sensitivity: 'base' })

export async function listIndicators(db: DbOrTx, partnershipId: string, f: Partial<IndicatorQuery> = {}) {
  const where = [eq(indicators.partnershipId, partnershipId)]
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
  const rows = await db
    .select()
    .from(indicators)
    .where(and(...where))
  return rows.sort(compareCodes)
}

export async function listThemes(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .selectDistinct({ theme: indicators.theme })
    .from(indicators)
    .where(
      and(
        eq(indicators.partnershipId, partnershipId),
        isNull(indicators.archivedAt),
        isNotNull(indicators.theme),
      ),
    )
  return rows.map((r) => r.theme!).sort((a, b) => a.localeCompare(b))
}

/** Scoped by partnership: another partnership's id is simply not found. */
export async function findIndicator(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(indicators)
    .where(and(eq(indicators.partnershipId, partnershipId), eq(indicators.id, id)))
  return row
}

export async function findIndicatorByCode(db: DbOrTx, partnershipId: string, code: string) {
  const [row] = await db
    .select()
    .from(indicators)
    .where(
      and(
        eq(indicators.partnershipId, partnershipId),
        sql`${codeKeySql(indicators.code)} = ${codeKey(code)}`,
        isNull(indicators.archivedAt),
      ),
    )
  return row
}

/** Live entries with the given codes (matched by `codeKey`), for bulk checks such as an import. */
export async function findIndicatorsByCodes(db: DbOrTx, partnershipId: string, codes: string[]) {
  if (codes.length === 0) return []
  return db
    .select()
    .from(indicators)
    .where(
      and(
        eq(indicators.partnershipId, partnershipId),
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
  return db
    .select()
    .from(indicators)
    .where(and(eq(indicators.partnershipId, partnershipId), inArray(indicators.id, ids)))
}

/** Every code the partnership has ever had, archived ones included (seeding must not bring them back). */
export async function allCodes(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select({ code: indicators.code })
    .from(indicators)
    .where(eq(indicators.partnershipId, partnershipId))
  return new Set(rows.map((r) => r.code.toLowerCase()))
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

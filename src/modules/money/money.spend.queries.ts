/**
 * Spend returns and the figures their variance is read against (streams, budgets, first-level
 * allocations), and the partnership's variance thresholds.
 */
import { and, asc, eq, gt, inArray, isNull, lte, or, type AnyColumn, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  allocations,
  financeSettings,
  fundingStreams,
  organisations,
  spendReturns,
  streamBudgets,
} from '../../db/schema/index.ts'

export type SpendRow = typeof spendReturns.$inferSelect
export type SpendInsert = typeof spendReturns.$inferInsert
export type StreamRow = typeof fundingStreams.$inferSelect

/**
 * Live as at a moment (`at`), or now: begun (recorded or created) by then and not yet ended
 * (superseded or archived) then. Without `at`, simply not ended.
 */
function liveAt(begun: AnyColumn, ended: AnyColumn, at: Date | undefined) {
  return at ? and(lte(begun, at), or(isNull(ended), gt(ended, at))) : isNull(ended)
}

export async function findStream(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(fundingStreams)
    .where(
      and(
        eq(fundingStreams.partnershipId, partnershipId),
        eq(fundingStreams.id, id),
        isNull(fundingStreams.archivedAt),
      ),
    )
  return row
}

/** The partnership's live streams (as at a moment if told). */
export function listStreams(db: DbOrTx, partnershipId: string, opts: { at?: Date } = {}) {
  return db
    .select()
    .from(fundingStreams)
    .where(
      and(
        eq(fundingStreams.partnershipId, partnershipId),
        liveAt(fundingStreams.createdAt, fundingStreams.archivedAt, opts.at),
      ),
    )
    .orderBy(asc(fundingStreams.ref))
}

/** The current budgets of the partnership's streams (of a year, or all; as at a moment if told). */
export function currentBudgets(
  db: DbOrTx,
  partnershipId: string,
  filter: { streamId?: string; year?: string; at?: Date } = {},
) {
  return db
    .select()
    .from(streamBudgets)
    .where(
      and(
        eq(streamBudgets.partnershipId, partnershipId),
        liveAt(streamBudgets.recordedAt, streamBudgets.supersededAt, filter.at),
        filter.streamId ? eq(streamBudgets.streamId, filter.streamId) : undefined,
        filter.year ? eq(streamBudgets.year, filter.year) : undefined,
      ),
    )
}

/**
 * Live first-level allocations (not onward ones: the first-level recipient stays accountable for
 * those, and makes the return), filtered.
 */
export function firstLevelAllocations(
  db: DbOrTx,
  partnershipId: string,
  filter: { year?: string; streamId?: string; recipientId?: string; at?: Date } = {},
) {
  return db
    .select()
    .from(allocations)
    .where(
      and(
        eq(allocations.partnershipId, partnershipId),
        liveAt(allocations.createdAt, allocations.archivedAt, filter.at),
        isNull(allocations.parentAllocationId),
        filter.year ? eq(allocations.year, filter.year) : undefined,
        filter.streamId ? eq(allocations.streamId, filter.streamId) : undefined,
        filter.recipientId ? eq(allocations.recipientId, filter.recipientId) : undefined,
      ),
    )
}
export type AllocationRow = typeof allocations.$inferSelect

/** Names of organisations by id. */
export async function organisationNames(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>()
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, ids))
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** The current version of a return, if any. */
export async function currentReturn(db: DbOrTx, streamId: string, recipientId: string, period: string) {
  const [row] = await db
    .select()
    .from(spendReturns)
    .where(
      and(
        eq(spendReturns.streamId, streamId),
        eq(spendReturns.recipientId, recipientId),
        eq(spendReturns.period, period),
        isNull(spendReturns.supersededAt),
      ),
    )
  return row
}

/** A version of a return of the partnership, by id (current or not). */
export async function findReturn(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(spendReturns)
    .where(and(eq(spendReturns.partnershipId, partnershipId), eq(spendReturns.id, id)))
  return row
}

/** Current returns (the versions current as at a moment, if told), filtered. */
export function currentReturns(
  db: DbOrTx,
  partnershipId: string,
  filter: {
    periods?: string[]
    streamId?: string
    recipientId?: string
    status?: string
    roundId?: string
    at?: Date
  } = {},
) {
  const where: (SQL | undefined)[] = [
    eq(spendReturns.partnershipId, partnershipId),
    liveAt(spendReturns.recordedAt, spendReturns.supersededAt, filter.at),
    filter.periods ? inArray(spendReturns.period, filter.periods.length ? filter.periods : ['']) : undefined,
    filter.streamId ? eq(spendReturns.streamId, filter.streamId) : undefined,
    filter.recipientId ? eq(spendReturns.recipientId, filter.recipientId) : undefined,
    filter.status ? eq(spendReturns.status, filter.status) : undefined,
    filter.roundId ? eq(spendReturns.roundId, filter.roundId) : undefined,
  ]
  return db
    .select()
    .from(spendReturns)
    .where(and(...where))
    .orderBy(asc(spendReturns.period), asc(spendReturns.recordedAt))
}

/** Every version of a return, oldest first. */
export function returnHistory(db: DbOrTx, streamId: string, recipientId: string, period: string) {
  return db
    .select()
    .from(spendReturns)
    .where(
      and(
        eq(spendReturns.streamId, streamId),
        eq(spendReturns.recipientId, recipientId),
        eq(spendReturns.period, period),
      ),
    )
    .orderBy(asc(spendReturns.recordedAt))
}

/** Supersede the current version `id`; undefined if it was no longer current (someone changed it). */
export async function supersede(db: DbOrTx, id: string, at: Date) {
  const [row] = await db
    .update(spendReturns)
    .set({ supersededAt: at })
    .where(and(eq(spendReturns.id, id), isNull(spendReturns.supersededAt)))
    .returning()
  return row
}

export async function insertReturn(db: DbOrTx, values: SpendInsert) {
  const [row] = await db.insert(spendReturns).values(values).returning()
  return row!
}

export async function findSettings(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select()
    .from(financeSettings)
    .where(eq(financeSettings.partnershipId, partnershipId))
  return row
}

export async function upsertSettings(
  db: DbOrTx,
  values: { partnershipId: string; amberPercent: string; redPercent: string; updatedAt: Date },
) {
  const [row] = await db
    .insert(financeSettings)
    .values(values)
    .onConflictDoUpdate({
      target: financeSettings.partnershipId,
      set: { amberPercent: values.amberPercent, redPercent: values.redPercent, updatedAt: values.updatedAt },
    })
    .returning()
  return row!
}

/**
 * Commentary's SQL: the lead officer's account of a target each period and outcome progress
 * (both versioned: a change supersedes the current row, `validAt` reads the row in force at a
 * moment), the requests for commentary sent when a round closes, and the reads of targets and
 * rounds it needs to name them.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  agreements,
  collectionRounds,
  commentaries,
  commentaryRequests,
  indicators,
  outcomeProgress,
  partnerships,
  people,
  places,
  targets,
} from '../../db/schema/index.ts'
import { validAt } from '../../db/valid-at.ts'

export type CommentaryRow = typeof commentaries.$inferSelect
export type ProgressRow = typeof outcomeProgress.$inferSelect
export type RequestRow = typeof commentaryRequests.$inferSelect

const byCode = new Intl.Collator('en', { numeric: true })

// ---- Targets (read only: what a commentary is about) ----

const targetColumns = {
  id: targets.id,
  partnershipId: targets.partnershipId,
  agreementId: targets.agreementId,
  agreementName: agreements.name,
  startYear: agreements.startYear,
  endYear: agreements.endYear,
  indicatorId: indicators.id,
  code: indicators.code,
  title: indicators.title,
  placeId: targets.placeId,
  placeGss: places.gssCode,
  placeName: places.name,
  archivedAt: targets.archivedAt,
}

/** The partnership's live targets (or those given), with indicator, place and agreement, by code. */
export async function liveTargets(db: DbOrTx, partnershipId: string, ids?: string[]) {
  if (ids && ids.length === 0) return []
  const rows = await db
    .select(targetColumns)
    .from(targets)
    .innerJoin(agreements, eq(agreements.id, targets.agreementId))
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .leftJoin(places, eq(places.id, targets.placeId))
    .where(
      and(
        eq(targets.partnershipId, partnershipId),
        isNull(targets.archivedAt),
        isNull(agreements.archivedAt),
        ids ? inArray(targets.id, ids) : undefined,
      ),
    )
  return rows.sort((a, b) => byCode.compare(a.code, b.code) || a.startYear - b.startYear)
}
export type TargetInfo = Awaited<ReturnType<typeof liveTargets>>[number]

export async function findTarget(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await liveTargets(db, partnershipId, [id])
  return row
}

/** The partnership's area (the place of a target without its own). */
export async function areaOf(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ id: places.id, gss: places.gssCode, name: places.name })
    .from(partnerships)
    .innerJoin(places, eq(places.id, partnerships.areaPlaceId))
    .where(eq(partnerships.id, partnershipId))
  return row
}

export async function partnershipRow(db: DbOrTx, partnershipId: string) {
  const [row] = await db
    .select({ id: partnerships.id, slug: partnerships.slug, name: partnerships.name })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId))
  return row
}

// ---- Commentary ----

/** Rows of a target (or of every target) valid at `at` (current without), newest period first. */
export async function commentariesAt(
  db: DbOrTx,
  partnershipId: string,
  opts: { targetIds?: string[]; period?: string; at?: Date },
) {
  if (opts.targetIds && opts.targetIds.length === 0) return []
  return db
    .select()
    .from(commentaries)
    .where(
      and(
        eq(commentaries.partnershipId, partnershipId),
        validAt(commentaries, opts.at),
        opts.targetIds ? inArray(commentaries.targetId, opts.targetIds) : undefined,
        opts.period ? eq(commentaries.period, opts.period) : undefined,
      ),
    )
    .orderBy(desc(commentaries.period), asc(commentaries.targetId))
}

/** Every version of one target's commentary for a period, newest first. */
export function commentaryHistory(db: DbOrTx, targetId: string, period: string) {
  return db
    .select()
    .from(commentaries)
    .where(and(eq(commentaries.targetId, targetId), eq(commentaries.period, period)))
    .orderBy(desc(commentaries.recordedAt))
}

export async function currentCommentary(db: DbOrTx, targetId: string, period: string) {
  const [row] = await db
    .select()
    .from(commentaries)
    .where(
      and(
        eq(commentaries.targetId, targetId),
        eq(commentaries.period, period),
        isNull(commentaries.supersededAt),
      ),
    )
    .for('update')
  return row
}

export async function supersedeCommentary(db: DbOrTx, id: string, at: Date) {
  await db.update(commentaries).set({ supersededAt: at }).where(eq(commentaries.id, id))
}

export async function insertCommentary(db: DbOrTx, values: typeof commentaries.$inferInsert) {
  const [row] = await db.insert(commentaries).values(values).returning()
  return row!
}

// ---- Outcome progress ----

export function progressAt(
  db: DbOrTx,
  partnershipId: string,
  opts: { outcomeKeys?: string[]; period?: string; at?: Date },
) {
  return db
    .select()
    .from(outcomeProgress)
    .where(
      and(
        eq(outcomeProgress.partnershipId, partnershipId),
        validAt(outcomeProgress, opts.at),
        opts.outcomeKeys ? inArray(outcomeProgress.outcomeKey, opts.outcomeKeys) : undefined,
        opts.period ? eq(outcomeProgress.period, opts.period) : undefined,
      ),
    )
    .orderBy(desc(outcomeProgress.period))
}

export function progressHistory(db: DbOrTx, partnershipId: string, outcomeKey: string, period: string) {
  return db
    .select()
    .from(outcomeProgress)
    .where(
      and(
        eq(outcomeProgress.partnershipId, partnershipId),
        eq(outcomeProgress.outcomeKey, outcomeKey),
        eq(outcomeProgress.period, period),
      ),
    )
    .orderBy(desc(outcomeProgress.recordedAt))
}

export async function currentProgress(db: DbOrTx, partnershipId: string, outcomeKey: string, period: string) {
  const [row] = await db
    .select()
    .from(outcomeProgress)
    .where(
      and(
        eq(outcomeProgress.partnershipId, partnershipId),
        eq(outcomeProgress.outcomeKey, outcomeKey),
        eq(outcomeProgress.period, period),
        isNull(outcomeProgress.supersededAt),
      ),
    )
    .for('update')
  return row
}

export async function supersedeProgress(db: DbOrTx, id: string, at: Date) {
  await db.update(outcomeProgress).set({ supersededAt: at }).where(eq(outcomeProgress.id, id))
}

export async function insertProgress(db: DbOrTx, values: typeof outcomeProgress.$inferInsert) {
  const [row] = await db.insert(outcomeProgress).values(values).returning()
  return row!
}

// ---- Rounds (read only) ----

export type RoundInfo = typeof collectionRounds.$inferSelect

export async function findRound(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(collectionRounds)
    .where(
      and(
        eq(collectionRounds.partnershipId, partnershipId),
        eq(collectionRounds.id, id),
        isNull(collectionRounds.archivedAt),
      ),
    )
  return row
}

export async function findRoundByPeriod(db: DbOrTx, partnershipId: string, period: string) {
  const [row] = await db
    .select()
    .from(collectionRounds)
    .where(
      and(
        eq(collectionRounds.partnershipId, partnershipId),
        eq(collectionRounds.period, period),
        isNull(collectionRounds.archivedAt),
      ),
    )
  return row
}

/** Live rounds (of every partnership, or one) that closed between two days (due before `to`, on or after `from`). */
export async function roundsClosedBetween(db: DbOrTx, from: string, to: string, partnershipId?: string) {
  return db
    .select({
      round: collectionRounds,
      partnership: { id: partnerships.id, slug: partnerships.slug, name: partnerships.name },
    })
    .from(collectionRounds)
    .innerJoin(partnerships, eq(partnerships.id, collectionRounds.partnershipId))
    .where(
      and(
        isNull(collectionRounds.archivedAt),
        isNull(partnerships.archivedAt),
        gte(collectionRounds.dueOn, from),
        sql`${collectionRounds.dueOn} < ${to}`,
        partnershipId ? eq(collectionRounds.partnershipId, partnershipId) : undefined,
      ),
    )
    .orderBy(asc(collectionRounds.dueOn))
}

export function listRounds(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(collectionRounds)
    .where(and(eq(collectionRounds.partnershipId, partnershipId), isNull(collectionRounds.archivedAt)))
    .orderBy(desc(collectionRounds.dueOn))
}

// ---- Requests ----

/** Insert the requests not yet made (one per round × target × person); returns those added. */
export async function insertRequests(db: DbOrTx, values: (typeof commentaryRequests.$inferInsert)[]) {
  if (values.length === 0) return []
  return db
    .insert(commentaryRequests)
    .values(values)
    .onConflictDoNothing({
      target: [commentaryRequests.roundId, commentaryRequests.targetId, commentaryRequests.personId],
    })
    .returning()
}

const requestColumns = {
  request: commentaryRequests,
  period: collectionRounds.period,
  roundDueOn: collectionRounds.dueOn,
  personName: people.name,
  personEmail: people.email,
  personUserId: people.userId,
}

/** A partnership's requests (of one round, of some people, open only), oldest first. */
export async function listRequests(
  db: DbOrTx,
  partnershipId: string,
  opts: { roundId?: string; personIds?: string[]; open?: boolean; targetId?: string } = {},
) {
  if (opts.personIds && opts.personIds.length === 0) return []
  return db
    .select(requestColumns)
    .from(commentaryRequests)
    .innerJoin(collectionRounds, eq(collectionRounds.id, commentaryRequests.roundId))
    .innerJoin(people, eq(people.id, commentaryRequests.personId))
    .where(
      and(
        eq(commentaryRequests.partnershipId, partnershipId),
        opts.roundId ? eq(commentaryRequests.roundId, opts.roundId) : undefined,
        opts.targetId ? eq(commentaryRequests.targetId, opts.targetId) : undefined,
        opts.personIds ? inArray(commentaryRequests.personId, opts.personIds) : undefined,
        opts.open ? isNull(commentaryRequests.fulfilledAt) : undefined,
      ),
    )
    .orderBy(asc(commentaryRequests.requestedAt), asc(collectionRounds.period))
}
export type RequestWithNames = Awaited<ReturnType<typeof listRequests>>[number]

/** Open requests (of every partnership, or one) requested on or before `before`. */
export async function openRequestsBefore(db: DbOrTx, before: Date, partnershipId?: string) {
  return db
    .select({
      ...requestColumns,
      partnership: { id: partnerships.id, slug: partnerships.slug, name: partnerships.name },
    })
    .from(commentaryRequests)
    .innerJoin(collectionRounds, eq(collectionRounds.id, commentaryRequests.roundId))
    .innerJoin(people, eq(people.id, commentaryRequests.personId))
    .innerJoin(partnerships, eq(partnerships.id, commentaryRequests.partnershipId))
    .where(
      and(
        isNull(commentaryRequests.fulfilledAt),
        lte(commentaryRequests.requestedAt, before),
        isNull(people.archivedAt),
        partnershipId ? eq(commentaryRequests.partnershipId, partnershipId) : undefined,
      ),
    )
    .orderBy(asc(commentaryRequests.requestedAt))
}

export async function markReminded(db: DbOrTx, ids: string[], at: Date) {
  if (ids.length === 0) return
  await db
    .update(commentaryRequests)
    .set({ lastRemindedAt: at, reminders: sql`${commentaryRequests.reminders} + 1` })
    .where(inArray(commentaryRequests.id, ids))
}

/** Fulfil the open requests for a target in the round of a period; returns those fulfilled. */
export async function fulfilRequests(db: DbOrTx, targetId: string, period: string, at: Date) {
  const rounds = db
    .select({ id: collectionRounds.id })
    .from(collectionRounds)
    .where(eq(collectionRounds.period, period))
  return db
    .update(commentaryRequests)
    .set({ fulfilledAt: at })
    .where(
      and(
        eq(commentaryRequests.targetId, targetId),
        isNull(commentaryRequests.fulfilledAt),
        inArray(commentaryRequests.roundId, rounds),
      ),
    )
    .returning()
}

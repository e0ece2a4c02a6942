import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  agreements,
  collectionRounds,
  dataValues,
  dataValueVersions,
  indicators,
  memberships,
  organisations,
  partnershipIndicators,
  partnerships,
  places,
  roundExceptions,
  targets,
  targetTrajectories,
  users,
} from '../../db/schema/index.ts'
import { overlayOn, responsibleOrganisationSql } from '../../db/catalogue.ts'
import { comparePeriods, financialYearOf, frequencyPeriodType, periodType } from '../../periods/index.ts'

export type RoundRow = typeof collectionRounds.$inferSelect
export type RoundInsert = typeof collectionRounds.$inferInsert
export type ExceptionRow = typeof roundExceptions.$inferSelect
export type ExceptionInsert = typeof roundExceptions.$inferInsert

/** Live rounds of a partnership, latest period first. */
export async function listRounds(db: DbOrTx, partnershipId: string) {
  const rows = await db
    .select()
    .from(collectionRounds)
    .where(and(eq(collectionRounds.partnershipId, partnershipId), isNull(collectionRounds.archivedAt)))
  return rows.sort((a, b) => comparePeriods(b.period, a.period))
}

/** Live rounds of every live partnership (the reminder run). */
export async function listAllRounds(db: DbOrTx) {
  return db
    .select({ round: collectionRounds, partnership: partnerships })
    .from(collectionRounds)
    .innerJoin(partnerships, eq(partnerships.id, collectionRounds.partnershipId))
    .where(and(isNull(collectionRounds.archivedAt), isNull(partnerships.archivedAt)))
}

/** Scoped by partnership: another partnership's round is simply not found. */
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

export async function insertRounds(db: DbOrTx, values: RoundInsert[]) {
  if (values.length === 0) return []
  return db.insert(collectionRounds).values(values).returning()
}

export async function updateRound(
  db: DbOrTx,
  id: string,
  values: Partial<RoundInsert> & { updatedAt: Date },
) {
  const [row] = await db.update(collectionRounds).set(values).where(eq(collectionRounds.id, id)).returning()
  return row!
}

/** Exceptions of a round, newest first, revoked ones included (history). */
export async function listExceptions(db: DbOrTx, roundId: string) {
  return db
    .select({ exception: roundExceptions, organisation: organisations.name })
    .from(roundExceptions)
    .innerJoin(organisations, eq(organisations.id, roundExceptions.organisationId))
    .where(eq(roundExceptions.roundId, roundId))
    .orderBy(sql`${roundExceptions.createdAt} desc`)
}

/** The exception letting `organisationId` enter late in the round on `today`, if any. */
export async function activeException(db: DbOrTx, roundId: string, organisationId: string, today: string) {
  const [row] = await db
    .select()
    .from(roundExceptions)
    .where(
      and(
        eq(roundExceptions.roundId, roundId),
        eq(roundExceptions.organisationId, organisationId),
        isNull(roundExceptions.revokedAt),
        gte(roundExceptions.grantedUntil, today),
      ),
    )
    .orderBy(sql`${roundExceptions.grantedUntil} desc`)
    .limit(1)
  return row
}

/** Rounds in which an organisation has an exception still running on `today`. */
export async function roundsWithActiveExceptions(
  db: DbOrTx,
  partnershipId: string,
  organisationId: string | null,
  today: string,
) {
  return db
    .select({ round: collectionRounds, exception: roundExceptions })
    .from(roundExceptions)
    .innerJoin(collectionRounds, eq(collectionRounds.id, roundExceptions.roundId))
    .where(
      and(
        eq(collectionRounds.partnershipId, partnershipId),
        isNull(collectionRounds.archivedAt),
        organisationId ? eq(roundExceptions.organisationId, organisationId) : undefined,
        isNull(roundExceptions.revokedAt),
        gte(roundExceptions.grantedUntil, today),
      ),
    )
}

export async function insertException(db: DbOrTx, values: ExceptionInsert) {
  const [row] = await db.insert(roundExceptions).values(values).returning()
  return row!
}

export async function findException(db: DbOrTx, roundId: string, id: string) {
  const [row] = await db
    .select()
    .from(roundExceptions)
    .where(and(eq(roundExceptions.roundId, roundId), eq(roundExceptions.id, id)))
  return row
}

export async function revokeException(db: DbOrTx, id: string, at: Date) {
  const [row] = await db
    .update(roundExceptions)
    .set({ revokedAt: at })
    .where(eq(roundExceptions.id, id))
    .returning()
  return row!
}

/** One value a target asks for in a period, before per-place expansion. */
export interface ExpectedRow {
  targetId: string
  indicatorId: string
  code: string
  title: string | null
  unit: string | null
  /** The indicator's responsible organisation: who provides the value. */
  organisationId: string | null
  placeId: string
  placeName: string
  placeGss: string
}

/**
 * The values the partnership's targets ask for in a period: every live target (of a live
 * agreement covering the period's year) whose indicator is measured at the period's frequency,
 * at the target's place (null = the partnership's area) and at every place it has a per-place
 * trajectory for. Ordered by indicator code, then place.
 */
export async function expectedForPeriod(
  db: DbOrTx,
  partnershipId: string,
  period: string,
): Promise<ExpectedRow[]> {
  const type = periodType(period)
  const frequencies = Object.entries(frequencyPeriodType)
    .filter(([, t]) => t === type)
    .map(([f]) => f)
  const year = financialYearOf(period).year
  const [p] = await db
    .select({ area: partnerships.areaPlaceId })
    .from(partnerships)
    .where(eq(partnerships.id, partnershipId))
  const ts = await db
    .select({
      targetId: targets.id,
      targetPlaceId: targets.placeId,
      indicatorId: indicators.id,
      code: indicators.code,
      title: indicators.title,
      unit: indicators.unit,
      responsibleOrganisationId: responsibleOrganisationSql,
    })
    .from(targets)
    .innerJoin(agreements, eq(agreements.id, targets.agreementId))
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .leftJoin(partnershipIndicators, overlayOn(targets.partnershipId))
    .where(
      and(
        eq(targets.partnershipId, partnershipId),
        isNull(targets.archivedAt),
        isNull(agreements.archivedAt),
        isNull(indicators.archivedAt),
        inArray(indicators.frequency, frequencies),
        sql`${agreements.startYear} <= ${year} and ${agreements.endYear} >= ${year}`,
      ),
    )
  if (ts.length === 0) return []
  const perPlace = await db
    .selectDistinct({ targetId: targetTrajectories.targetId, placeId: targetTrajectories.placeId })
    .from(targetTrajectories)
    .where(
      and(
        inArray(
          targetTrajectories.targetId,
          ts.map((t) => t.targetId),
        ),
        isNull(targetTrajectories.supersededAt),
        isNotNull(targetTrajectories.placeId),
      ),
    )
  const pairs: { t: (typeof ts)[number]; placeId: string }[] = []
  const seen = new Set<string>()
  const add = (t: (typeof ts)[number], placeId: string | null | undefined) => {
    if (!placeId || seen.has(`${t.indicatorId}|${placeId}`)) return
    seen.add(`${t.indicatorId}|${placeId}`)
    pairs.push({ t, placeId })
  }
  for (const t of ts) add(t, t.targetPlaceId ?? p?.area)
  for (const pp of perPlace)
    add(
      ts.find((t) => t.targetId === pp.targetId)!,
      pp.placeId,
    )
  if (pairs.length === 0) return []
  const placeRows = await db
    .select({ id: places.id, name: places.name, gss: places.gssCode, depth: places.depth })
    .from(places)
    .where(inArray(places.id, [...new Set(pairs.map((x) => x.placeId))]))
  const placeById = new Map(placeRows.map((r) => [r.id, r]))
  return pairs
    .map(({ t, placeId }) => {
      const pl = placeById.get(placeId)!
      return {
        targetId: t.targetId,
        indicatorId: t.indicatorId,
        code: t.code,
        title: t.title,
        unit: t.unit,
        organisationId: t.responsibleOrganisationId,
        placeId,
        placeName: pl.name,
        placeGss: pl.gss,
        depth: pl.depth,
      }
    })
    .sort(
      (a, b) =>
        a.code.localeCompare(b.code, 'en', { numeric: true }) ||
        a.depth - b.depth ||
        a.placeName.localeCompare(b.placeName),
    )
    .map(({ depth: _depth, ...rest }) => rest)
}

/**
 * What has been entered for a period's expected values: each value's status, lateness and
 * figure, for the round's completeness, returns and reminders. (The values module writes these
 * rows; a round only reads them, and the values service itself depends on rounds for windows.)
 */
export async function valuesForPeriod(db: DbOrTx, partnershipId: string, period: string) {
  return db
    .select({
      id: dataValues.id,
      indicatorId: dataValues.indicatorId,
      placeId: dataValues.placeId,
      status: dataValues.status,
      late: dataValues.late,
      value: dataValues.value,
      version: dataValues.version,
      commentary: dataValues.commentary,
      /** Why it was returned (or reopened), for the person who must correct it. */
      statusReason: dataValues.statusReason,
    })
    .from(dataValues)
    .where(and(eq(dataValues.partnershipId, partnershipId), eq(dataValues.period, period)))
}

/**
 * The period's values as they stood at `at`: each value's latest version recorded by then (a
 * value first entered later is absent). Same shape as `valuesForPeriod`.
 */
export async function valuesForPeriodAt(db: DbOrTx, partnershipId: string, period: string, at: Date) {
  return db
    .selectDistinctOn([dataValueVersions.valueId], {
      id: dataValues.id,
      indicatorId: dataValues.indicatorId,
      placeId: dataValues.placeId,
      status: dataValueVersions.status,
      late: dataValueVersions.late,
      value: dataValueVersions.value,
      version: dataValueVersions.version,
      commentary: dataValueVersions.commentary,
      statusReason: dataValueVersions.reason,
    })
    .from(dataValueVersions)
    .innerJoin(dataValues, eq(dataValues.id, dataValueVersions.valueId))
    .where(
      and(
        eq(dataValues.partnershipId, partnershipId),
        eq(dataValues.period, period),
        lte(dataValueVersions.recordedAt, at),
      ),
    )
    .orderBy(dataValueVersions.valueId, desc(dataValueVersions.version))
}

/** Frequencies of the indicators that have live targets in agreements covering a year. */
export async function targetFrequencies(db: DbOrTx, partnershipId: string, year: number) {
  const rows = await db
    .selectDistinct({ frequency: indicators.frequency })
    .from(targets)
    .innerJoin(agreements, eq(agreements.id, targets.agreementId))
    .innerJoin(indicators, eq(indicators.id, targets.indicatorId))
    .where(
      and(
        eq(targets.partnershipId, partnershipId),
        isNull(targets.archivedAt),
        isNull(agreements.archivedAt),
        sql`${agreements.startYear} <= ${year} and ${agreements.endYear} >= ${year}`,
      ),
    )
  return rows.map((r) => r.frequency)
}

/** Email addresses of the data providers who make an organisation's returns. */
export async function providerEmails(db: DbOrTx, partnershipId: string, organisationId: string) {
  const rows = await db
    .select({ email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.partnershipId, partnershipId),
        eq(memberships.organisationId, organisationId),
        eq(memberships.role, 'data_provider'),
        isNull(memberships.archivedAt),
        isNull(users.archivedAt),
      ),
    )
    .orderBy(asc(users.email))
  return rows
}

/** People holding one of these roles in the partnership (reminders for returns nobody owns). */
export async function roleEmails(db: DbOrTx, partnershipId: string, roles: string[]) {
  return db
    .select({ email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.partnershipId, partnershipId),
        inArray(memberships.role, roles),
        isNull(memberships.archivedAt),
        isNull(users.archivedAt),
      ),
    )
    .orderBy(asc(users.email))
}

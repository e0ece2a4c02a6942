/**
 * Reports' SQL: requested reports and their progress (claimed atomically, so a report is built by
 * one worker even when several servers share the database), their files (written once, with the
 * report marked done in the same transaction), saved definitions, and the schedule's runs.
 */
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import {
  collectionRounds,
  partnerships,
  reportDefinitions,
  reportFiles,
  reports,
  reportScheduleRuns,
} from '../../db/schema/index.ts'

export type ReportDbRow = typeof reports.$inferSelect
export type ReportInsert = typeof reports.$inferInsert
export type DefinitionRow = typeof reportDefinitions.$inferSelect
export type DefinitionInsert = typeof reportDefinitions.$inferInsert
export type FileInsert = typeof reportFiles.$inferInsert

// ---- Reports ----

export async function insertReport(db: DbOrTx, values: ReportInsert) {
  const [row] = await db.insert(reports).values(values).returning()
  return row!
}

/** Scoped by partnership: another partnership's report is simply not found. */
export async function findReport(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.partnershipId, partnershipId), eq(reports.id, id)))
  return row
}

export async function findReportById(db: DbOrTx, id: string) {
  const [row] = await db.select().from(reports).where(eq(reports.id, id))
  return row
}

/** The partnership's reports, newest first. */
export async function listReports(db: DbOrTx, partnershipId: string, opts: { kind?: string; limit: number }) {
  return db
    .select()
    .from(reports)
    .where(and(eq(reports.partnershipId, partnershipId), opts.kind ? eq(reports.kind, opts.kind) : undefined))
    .orderBy(desc(reports.requestedAt), desc(reports.createdAt))
    .limit(opts.limit)
}

/**
 * Take a report to build: queued, or running with a heartbeat older than `staleBefore` (its
 * worker died). One UPDATE, so of two workers racing for it one gets the row and the other none.
 */
export async function claimReport(db: DbOrTx, id: string, now: Date, staleBefore: Date) {
  const [row] = await db
    .update(reports)
    .set({
      status: 'running',
      attempts: sql`${reports.attempts} + 1`,
      heartbeatAt: now,
      startedAt: now,
      progress: 0,
      progressNote: 'Starting',
      error: null,
      updatedAt: now,
    })
    .where(
      and(
        eq(reports.id, id),
        or(
          eq(reports.status, 'queued'),
          and(
            eq(reports.status, 'running'),
            or(isNull(reports.heartbeatAt), lt(reports.heartbeatAt, staleBefore)),
          ),
        ),
      ),
    )
    .returning()
  return row
}

/** Progress of a running attempt (a plain update: progress is not audited). False if it is no longer ours. */
export async function setProgress(
  db: DbOrTx,
  id: string,
  attempt: number,
  values: { progress: number; progressNote: string; at: Date },
) {
  const rows = await db
    .update(reports)
    .set({ progress: values.progress, progressNote: values.progressNote, heartbeatAt: values.at })
    .where(and(eq(reports.id, id), eq(reports.status, 'running'), eq(reports.attempts, attempt)))
    .returning({ id: reports.id })
  return rows.length > 0
}

/** Mark the attempt done; undefined when another worker has taken the report over. */
export async function markDone(
  db: DbOrTx,
  id: string,
  attempt: number,
  values: { contentHash: string; title: string; at: Date; note?: string | null },
) {
  const [row] = await db
    .update(reports)
    .set({
      status: 'done',
      progress: 100,
      progressNote: values.note ?? 'Done',
      contentHash: values.contentHash,
      title: values.title,
      finishedAt: values.at,
      heartbeatAt: values.at,
      updatedAt: values.at,
    })
    .where(and(eq(reports.id, id), eq(reports.status, 'running'), eq(reports.attempts, attempt)))
    .returning()
  return row
}

/** Mark the attempt failed with its reason (a done report is never touched). */
export async function markFailed(db: DbOrTx, id: string, attempt: number, error: string, at: Date) {
  await db
    .update(reports)
    .set({ status: 'failed', error, finishedAt: at, progressNote: 'Failed', updatedAt: at })
    .where(and(eq(reports.id, id), eq(reports.status, 'running'), eq(reports.attempts, attempt)))
}

/** Reports waiting for a worker, or whose worker has gone quiet. */
export async function strandedReports(db: DbOrTx, staleBefore: Date) {
  const rows = await db
    .select({ id: reports.id })
    .from(reports)
    .where(
      or(
        eq(reports.status, 'queued'),
        and(
          eq(reports.status, 'running'),
          or(isNull(reports.heartbeatAt), lt(reports.heartbeatAt, staleBefore)),
        ),
      ),
    )
    .orderBy(reports.requestedAt)
  return rows.map((r) => r.id)
}

// ---- Files ----

export async function insertFiles(db: DbOrTx, rows: FileInsert[]) {
  if (rows.length) await db.insert(reportFiles).values(rows)
}

/** The files' descriptions (not their bytes) of the given reports. */
export async function filesOf(db: DbOrTx, reportIds: string[]) {
  if (reportIds.length === 0) return []
  return db
    .select({
      reportId: reportFiles.reportId,
      format: reportFiles.format,
      contentType: reportFiles.contentType,
      bytes: reportFiles.bytes,
      sha256: reportFiles.sha256,
    })
    .from(reportFiles)
    .where(inArray(reportFiles.reportId, reportIds))
}

export async function fileData(db: DbOrTx, reportId: string, format: string) {
  const [row] = await db
    .select()
    .from(reportFiles)
    .where(and(eq(reportFiles.reportId, reportId), eq(reportFiles.format, format)))
  return row
}

// ---- Definitions ----

export async function listDefinitions(db: DbOrTx, partnershipId: string) {
  return db
    .select()
    .from(reportDefinitions)
    .where(and(eq(reportDefinitions.partnershipId, partnershipId), isNull(reportDefinitions.archivedAt)))
    .orderBy(reportDefinitions.name)
}

export async function findDefinition(db: DbOrTx, partnershipId: string, id: string) {
  const [row] = await db
    .select()
    .from(reportDefinitions)
    .where(and(eq(reportDefinitions.partnershipId, partnershipId), eq(reportDefinitions.id, id)))
  return row
}

export async function insertDefinition(db: DbOrTx, values: DefinitionInsert) {
  const [row] = await db.insert(reportDefinitions).values(values).returning()
  return row!
}

export async function updateDefinition(db: DbOrTx, id: string, values: Partial<DefinitionInsert>) {
  const [row] = await db.update(reportDefinitions).set(values).where(eq(reportDefinitions.id, id)).returning()
  return row!
}

// ---- Schedules ----

/** Live scheduled definitions of live partnerships, with the partnership's slug and name. */
export async function scheduledDefinitions(db: DbOrTx) {
  return db
    .select({
      definition: reportDefinitions,
      partnership: { id: partnerships.id, slug: partnerships.slug, name: partnerships.name },
    })
    .from(reportDefinitions)
    .innerJoin(partnerships, eq(partnerships.id, reportDefinitions.partnershipId))
    .where(
      and(
        isNull(reportDefinitions.archivedAt),
        isNotNull(reportDefinitions.schedule),
        sql`${reportDefinitions.schedule} <> 'null'::jsonb`,
        isNull(partnerships.archivedAt),
      ),
    )
}

/** Live collection rounds of the partnerships given. */
export async function roundsOf(db: DbOrTx, partnershipIds: string[]) {
  if (partnershipIds.length === 0) return []
  return db
    .select({
      id: collectionRounds.id,
      partnershipId: collectionRounds.partnershipId,
      period: collectionRounds.period,
      dueOn: collectionRounds.dueOn,
    })
    .from(collectionRounds)
    .where(and(inArray(collectionRounds.partnershipId, partnershipIds), isNull(collectionRounds.archivedAt)))
}

/** The rounds each definition has already run for. */
export async function scheduleRunsOf(db: DbOrTx, definitionIds: string[]) {
  if (definitionIds.length === 0) return []
  return db
    .select({ definitionId: reportScheduleRuns.definitionId, roundId: reportScheduleRuns.roundId })
    .from(reportScheduleRuns)
    .where(inArray(reportScheduleRuns.definitionId, definitionIds))
}

/** Record a definition's run for a round; undefined when it has run for it already (the unique index). */
export async function insertScheduleRun(
  db: DbOrTx,
  values: { definitionId: string; roundId: string; ranAt: Date },
) {
  const [row] = await db
    .insert(reportScheduleRuns)
    .values(values)
    .onConflictDoNothing({ target: [reportScheduleRuns.definitionId, reportScheduleRuns.roundId] })
    .returning()
  return row
}

export async function setScheduleRunReport(db: DbOrTx, runId: string, reportId: string) {
  await db.update(reportScheduleRuns).set({ reportId }).where(eq(reportScheduleRuns.id, runId))
}

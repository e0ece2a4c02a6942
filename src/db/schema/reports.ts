import { sql } from 'drizzle-orm'
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { bytea, partnerships } from './partnerships.ts'
import { collectionRounds } from './values.ts'

/** Reports (reports.md): saved definitions, generated reports as at a moment, and their files. */

const at = (name: string) => timestamp(name, { withTimezone: true })

/**
 * A report the partnership uses every quarter: its kind, level and theme cut, an optional
 * schedule (`{"trigger":"round-closed","workingDays":5}`) and a distribution list (emails).
 */
export const reportDefinitions = pgTable(
  'report_definitions',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    /** steering | board | exception | progress | directory | risk | finance | reward | evidence */
    kind: text('kind').notNull(),
    /** theme | outcome | target | place */
    level: text('level').notNull().default('target'),
    /** The strategy node key (a theme) the report is cut to, or null for the whole strategy. */
    themeKey: uuid('theme_key'),
    schedule: jsonb('schedule').$type<{ trigger: 'round-closed'; workingDays: number } | null>(),
    distribution: text('distribution')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [index('report_definitions_partnership_idx').on(t.partnershipId)],
)

/**
 * One generated report: what was asked for (kind, period, as-at, level, theme), by whom, and its
 * progress. Once `done` it never changes; its files are in `report_files`. `content_hash` is the
 * digest of its content (not of who generated it or when), so a regeneration as at the same
 * moment can be shown to be the same report.
 */
export const reports = pgTable(
  'reports',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    definitionId: uuid('definition_id').references(() => reportDefinitions.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    period: text('period').notNull(),
    asAt: at('as_at').notNull(),
    level: text('level').notNull(),
    themeKey: uuid('theme_key'),
    requestedBy: text('requested_by').notNull(),
    requestedByUserId: uuid('requested_by_user_id'),
    requestedAt: at('requested_at').notNull(),
    /** queued | running | done | failed */
    status: text('status').notNull().default('queued'),
    /** 0–100, with what is being done now. */
    progress: integer('progress').notNull().default(0),
    progressNote: text('progress_note'),
    /** Last sign of life of the worker running it: a stale one is taken over after a restart. */
    heartbeatAt: at('heartbeat_at'),
    attempts: integer('attempts').notNull().default(0),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    error: text('error'),
    contentHash: text('content_hash'),
    ...timestamps,
  },
  (t) => [
    index('reports_partnership_idx').on(t.partnershipId, t.requestedAt),
    index('reports_status_idx').on(t.status),
  ],
)

/** A report's files: html (the report of record), pdf and xlsx. Written once. */
export const reportFiles = pgTable(
  'report_files',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    /** html | pdf | xlsx */
    format: text('format').notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.format] })],
)

/** A scheduled definition's run for a round: recorded once, so a schedule fires once per round. */
export const reportScheduleRuns = pgTable(
  'report_schedule_runs',
  {
    id: id(),
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => reportDefinitions.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => collectionRounds.id),
    reportId: uuid('report_id').references(() => reports.id),
    ranAt: at('ran_at').notNull(),
  },
  (t) => [uniqueIndex('report_schedule_runs_key').on(t.definitionId, t.roundId)],
)

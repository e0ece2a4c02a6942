import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { agreements } from './agreements.ts'
import { id } from './common.ts'
import { indicators } from './indicators.ts'
import { partnerships, places } from './partnerships.ts'

const num = (name: string) => numeric(name, { mode: 'number' })
const at = (name: string) => timestamp(name, { withTimezone: true })

/**
 * An indicator chosen into an agreement: the target's identity. What it says (kind, status,
 * baseline, tolerance, reward values) lives in `target_versions`, appended on every change, so a
 * report can be recomputed as the system knew it at any past moment.
 */
export const targets = pgTable(
  'targets',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id),
    /** The place the target is for; null = the partnership's area. */
    placeId: uuid('place_id').references(() => places.id),
    createdAt: at('created_at').notNull().defaultNow(),
    archivedAt: at('archived_at'),
  },
  (t) => [
    uniqueIndex('targets_agreement_indicator_key')
      .on(t.agreementId, t.indicatorId)
      .where(sql`${t.archivedAt} is null`),
    index('targets_partnership_idx').on(t.partnershipId),
  ],
)

/**
 * One version of a target. Append-only: a change supersedes the current row (sets
 * `superseded_at`) and records a new one. The version valid at time T is the one with
 * `recorded_at <= T < superseded_at` (or not superseded).
 */
export const targetVersions = pgTable(
  'target_versions',
  {
    id: id(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    version: integer('version').notNull(),
    /** designated | mandatory | local | reward */
    kind: text('kind').notNull(),
    /** proposed | negotiating | agreed | placeholder */
    status: text('status').notNull(),
    /** For placeholders: the elements still to agree. */
    placeholderElements: text('placeholder_elements'),
    baselinePeriod: text('baseline_period'),
    baselineValue: num('baseline_value'),
    /** Amber tolerance, as a percentage of the target value. */
    tolerancePercent: num('tolerance_percent').notNull().default(5),
    /** Reward (stretch) targets: performance expected without the reward, the stretched value, the grant. */
    withoutRewardValue: num('without_reward_value'),
    stretchValue: num('stretch_value'),
    rewardGrant: num('reward_grant'),
    notes: text('notes'),
    /** Shown on the public site (workbook.md Targets `published`). */
    published: boolean('published').notNull().default(false),
    /** Why this version was recorded (required for a revision of an agreed target). */
    reason: text('reason'),
    /** A revision of an agreed target (the LAA "refresh"), rather than an edit during negotiation. */
    isRevision: boolean('is_revision').notNull().default(false),
    /** Who agreed the target (or this revision of it) for the government, and when. */
    agreedBy: text('agreed_by'),
    agreedByUserId: uuid('agreed_by_user_id'),
    agreedOn: date('agreed_on'),
    recordedAt: at('recorded_at').notNull(),
    supersededAt: at('superseded_at'),
    recordedByUserId: uuid('recorded_by_user_id'),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    uniqueIndex('target_versions_target_version_key').on(t.targetId, t.version),
    uniqueIndex('target_versions_current_key')
      .on(t.targetId)
      .where(sql`${t.supersededAt} is null`),
    index('target_versions_recorded_idx').on(t.targetId, t.recordedAt),
  ],
)

/** Which strategy outcomes a target serves, by the outcome's stable key; versioned like the target. */
export const targetOutcomes = pgTable(
  'target_outcomes',
  {
    id: id(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    outcomeKey: uuid('outcome_key').notNull(),
    recordedAt: at('recorded_at').notNull(),
    supersededAt: at('superseded_at'),
  },
  (t) => [
    uniqueIndex('target_outcomes_current_key')
      .on(t.targetId, t.outcomeKey)
      .where(sql`${t.supersededAt} is null`),
    index('target_outcomes_key_idx').on(t.outcomeKey),
  ],
)

/**
 * A target value for one period (a year, or a quarter/month profile) and place. Append-only like
 * the versions: changing a value supersedes the row and records a new one.
 */
export const targetTrajectories = pgTable(
  'target_trajectories',
  {
    id: id(),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    /** Null = the target's own place; otherwise a per-place (e.g. district) target. */
    placeId: uuid('place_id').references(() => places.id),
    /** Canonical period text: `2008/09`, `2008/09 Q1`, `2008-04`. */
    period: text('period').notNull(),
    /** year | quarter | month */
    periodType: text('period_type').notNull(),
    /** First day of the period, for ordering and range queries. */
    periodStart: date('period_start').notNull(),
    value: num('value').notNull(),
    recordedAt: at('recorded_at').notNull(),
    supersededAt: at('superseded_at'),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    uniqueIndex('target_trajectories_current_key')
      .on(t.targetId, sql`coalesce(${t.placeId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.period)
      .where(sql`${t.supersededAt} is null`),
    index('target_trajectories_target_idx').on(t.targetId, t.recordedAt),
  ],
)

/** The negotiation log: dated comments and evidence between the partnership and the government office. */
export const targetComments = pgTable(
  'target_comments',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    /** comment | evidence | agreed | revised */
    kind: text('kind').notNull().default('comment'),
    body: text('body').notNull(),
    evidenceUrl: text('evidence_url'),
    authorUserId: uuid('author_user_id'),
    authorName: text('author_name').notNull(),
    /** The author's role at the time (e.g. government_office), so the log shows who spoke for whom. */
    authorRole: text('author_role'),
    createdAt: at('created_at').notNull().defaultNow(),
    archivedAt: at('archived_at'),
  },
  (t) => [index('target_comments_target_idx').on(t.targetId, t.createdAt)],
)

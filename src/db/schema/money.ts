import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { actions, refKey } from './delivery.ts'
import { organisations, partnerships } from './partnerships.ts'
import { targets } from './targets.ts'
import { collectionRounds } from './values.ts'

/**
 * Money (002 §2, §18-19, §21-24; 001 §3-4; 000 §8-10): funding streams and their budgets,
 * allocations to first-level recipients, the financial protocol they sign before funds are
 * released, quarterly spend returns with variance, and commissioning decisions. Every amount is
 * in whole pence (`bigint`): never a binary float.
 */

const at = (name: string) => timestamp(name, { withTimezone: true })
const pence = (name: string) => bigint(name, { mode: 'number' })

/**
 * A funding stream: the Area Based Grant and the grants it absorbed (`parent_id`), Building Safer
 * Communities with its capital element, the reward grant, pump-priming. `purpose` marks the
 * streams the assessment pays into (`reward`) and `pump-priming`.
 */
export const fundingStreams = pgTable(
  'funding_streams',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    ref: text('ref').notNull(),
    name: text('name').notNull(),
    /** The government department or body the money comes from. */
    source: text('source').notNull(),
    /** pooled | aligned | grant */
    kind: text('kind').notNull(),
    ringFenced: boolean('ring_fenced').notNull().default(false),
    /** revenue | capital (null: either) */
    spendType: text('spend_type'),
    parentId: uuid('parent_id'),
    accountableOrganisationId: uuid('accountable_organisation_id').references(() => organisations.id),
    /** reward | pump-priming | null */
    purpose: text('purpose'),
    notes: text('notes'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('funding_streams_ref_key')
      .on(t.partnershipId, refKey(t.ref))
      .where(sql`${t.archivedAt} is null`),
    index('funding_streams_parent_idx').on(t.parentId),
  ],
)

/**
 * A stream's money for a financial year. Versioned: a change supersedes the row (history kept).
 */
export const streamBudgets = pgTable(
  'stream_budgets',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    streamId: uuid('stream_id')
      .notNull()
      .references(() => fundingStreams.id),
    /** Financial year, `2008/09`. */
    year: text('year').notNull(),
    amountPence: pence('amount_pence').notNull(),
    recordedAt: at('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    supersededAt: at('superseded_at'),
  },
  (t) => [
    uniqueIndex('stream_budgets_current_key')
      .on(t.streamId, t.year)
      .where(sql`${t.supersededAt} is null`),
    check('stream_budgets_amount_nonnegative', sql`${t.amountPence} >= 0`),
  ],
)

/**
 * Money from a stream for a year to a first-level recipient (an organisation of the
 * partnership), paying for a target, an outcome or an action (at most one; none is shown as
 * "pays for nothing linked"). An onward allocation (`parent_allocation_id`) is the recipient
 * passing part of it to another body: the first-level recipient stays accountable (002 §24).
 * `profile` splits the year into four quarterly amounts in pence (null: even quarters).
 * Released once the recipient has signed the current financial protocol.
 */
export const allocations = pgTable(
  'allocations',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    ref: text('ref'),
    streamId: uuid('stream_id')
      .notNull()
      .references(() => fundingStreams.id),
    year: text('year').notNull(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => organisations.id),
    amountPence: pence('amount_pence').notNull(),
    parentAllocationId: uuid('parent_allocation_id'),
    targetId: uuid('target_id').references(() => targets.id),
    outcomeKey: uuid('outcome_key'),
    actionId: uuid('action_id').references(() => actions.id),
    title: text('title'),
    notes: text('notes'),
    profile: jsonb('profile').$type<number[] | null>(),
    awardedOn: date('awarded_on', { mode: 'string' }),
    releasedAt: at('released_at'),
    releasedBy: text('released_by'),
    ...timestamps,
  },
  (t) => [
    index('allocations_stream_idx').on(t.streamId, t.year),
    index('allocations_recipient_idx').on(t.partnershipId, t.recipientId),
    check('allocations_amount_nonnegative', sql`${t.amountPence} >= 0`),
    check('allocations_one_subject', sql`num_nonnulls(${t.targetId}, ${t.outcomeKey}, ${t.actionId}) <= 1`),
  ],
)

/**
 * An allocation's figures as they stood from `recorded_at` until `superseded_at`: the amount,
 * recipient, profile and what it pays for. Written with every change, so a report as at a past
 * moment reads the allocation as it was then (the allocation row holds the current figures).
 */
export const allocationVersions = pgTable(
  'allocation_versions',
  {
    id: id(),
    allocationId: uuid('allocation_id')
      .notNull()
      .references(() => allocations.id),
    amountPence: pence('amount_pence').notNull(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => organisations.id),
    targetId: uuid('target_id'),
    outcomeKey: uuid('outcome_key'),
    actionId: uuid('action_id'),
    profile: jsonb('profile').$type<number[] | null>(),
    recordedAt: at('recorded_at').notNull(),
    supersededAt: at('superseded_at'),
  },
  (t) => [
    uniqueIndex('allocation_versions_current_key')
      .on(t.allocationId)
      .where(sql`${t.supersededAt} is null`),
    index('allocation_versions_allocation_idx').on(t.allocationId, t.recordedAt),
  ],
)

/** The financial protocol's text, versioned: recipients sign a version. */
export const protocolVersions = pgTable(
  'protocol_versions',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    version: integer('version').notNull(),
    text: text('text').notNull(),
    publishedAt: at('published_at').notNull(),
    publishedBy: text('published_by').notNull(),
  },
  (t) => [uniqueIndex('protocol_versions_key').on(t.partnershipId, t.version)],
)

/** A first-level recipient's signature of a protocol version: who, for which organisation, when. */
export const protocolSignatures = pgTable(
  'protocol_signatures',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    protocolVersionId: uuid('protocol_version_id')
      .notNull()
      .references(() => protocolVersions.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    signedByName: text('signed_by_name').notNull(),
    signedByUserId: uuid('signed_by_user_id'),
    signedAt: at('signed_at').notNull(),
  },
  (t) => [uniqueIndex('protocol_signatures_key').on(t.protocolVersionId, t.organisationId)],
)

/**
 * A recipient's quarterly spend return for a stream: actual spend to date and forecast year-end
 * outturn, collected in the performance round of that quarter (draft → submitted → approved, or
 * returned). Versioned like values. The variance decision is recorded with the lead officer, and
 * who carries an overspend (002 §24).
 */
export const spendReturns = pgTable(
  'spend_returns',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    streamId: uuid('stream_id')
      .notNull()
      .references(() => fundingStreams.id),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => organisations.id),
    /** A quarter, `2008/09 Q2`. */
    period: text('period').notNull(),
    roundId: uuid('round_id').references(() => collectionRounds.id),
    actualPence: pence('actual_pence').notNull(),
    forecastPence: pence('forecast_pence'),
    explanation: text('explanation'),
    /** draft | submitted | approved | returned */
    status: text('status').notNull().default('draft'),
    statusReason: text('status_reason'),
    decision: text('decision'),
    decidedWith: text('decided_with'),
    decidedAt: at('decided_at'),
    overspendResponsibility: text('overspend_responsibility'),
    recordedAt: at('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    supersededAt: at('superseded_at'),
  },
  (t) => [
    uniqueIndex('spend_returns_current_key')
      .on(t.streamId, t.recipientId, t.period)
      .where(sql`${t.supersededAt} is null`),
    index('spend_returns_partnership_idx').on(t.partnershipId, t.period),
  ],
)

/** The partnership's variance thresholds (percent of the profiled budget): amber beyond, red beyond. */
export const financeSettings = pgTable('finance_settings', {
  partnershipId: uuid('partnership_id')
    .primaryKey()
    .references(() => partnerships.id),
  amberPercent: numeric('amber_percent', { precision: 6, scale: 2 }).notNull().default('2'),
  redPercent: numeric('red_percent', { precision: 6, scale: 2 }).notNull().default('5'),
  updatedAt: at('updated_at').notNull().defaultNow(),
})

/**
 * A commissioning decision about a funded service (000 §8-10): commission, continue, give notice
 * (with its notice period) or de-commission, with the reason and the outcome it serves.
 */
export const commissioningDecisions = pgTable(
  'commissioning_decisions',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    service: text('service').notNull(),
    providerId: uuid('provider_id').references(() => organisations.id),
    streamId: uuid('stream_id').references(() => fundingStreams.id),
    allocationId: uuid('allocation_id').references(() => allocations.id),
    outcomeKey: uuid('outcome_key'),
    /** commission | continue | notice | decommission */
    decision: text('decision').notNull(),
    noticeMonths: integer('notice_months'),
    noticeEndsOn: date('notice_ends_on', { mode: 'string' }),
    reason: text('reason').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    decidedBy: text('decided_by').notNull(),
    ...timestamps,
  },
  (t) => [index('commissioning_decisions_partnership_idx').on(t.partnershipId, t.decidedOn)],
)

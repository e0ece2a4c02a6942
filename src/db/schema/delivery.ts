import { type AnyColumn, sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { organisations, partnerships, people } from './partnerships.ts'
import { targets } from './targets.ts'

const at = (name: string) => timestamp(name, { withTimezone: true })

/** A ref's matching key: lower case, no whitespace (`A-014` = `a-014` = `A- 014`). */
export const refKey = (column: AnyColumn) => sql`regexp_replace(lower(${column}), '\\s+', '', 'g')`

/**
 * Delivery (003 §3-7, 002 §23-25): what the partnership does about its targets. Outcomes are named
 * by their stable strategy key (`strategy_nodes.key`), as targets do, so a plan, risk or request
 * follows "the same" outcome into a new version of the strategy.
 */

/**
 * A delivery plan for a target or for an outcome (exactly one of the two). Reviewed by a
 * challenge group before it is accepted (003 §5-7).
 */
export const deliveryPlans = pgTable(
  'delivery_plans',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    targetId: uuid('target_id').references(() => targets.id),
    outcomeKey: uuid('outcome_key'),
    title: text('title').notNull(),
    purpose: text('purpose'),
    /** The person who leads the plan (usually the outcome lead). */
    leadPersonId: uuid('lead_person_id').references(() => people.id),
    /** The partners who deliver it, in words. */
    partners: text('partners'),
    fundingNote: text('funding_note'),
    /** draft | in_challenge | revising | accepted */
    status: text('status').notNull().default('draft'),
    acceptedAt: at('accepted_at'),
    acceptedBy: text('accepted_by'),
    ...timestamps,
  },
  (t) => [
    index('delivery_plans_partnership_idx').on(t.partnershipId),
    uniqueIndex('delivery_plans_target_key')
      .on(t.targetId)
      .where(sql`${t.archivedAt} is null and ${t.targetId} is not null`),
    uniqueIndex('delivery_plans_outcome_key')
      .on(t.partnershipId, t.outcomeKey)
      .where(sql`${t.archivedAt} is null and ${t.outcomeKey} is not null`),
    check('delivery_plans_one_subject', sql`num_nonnulls(${t.targetId}, ${t.outcomeKey}) = 1`),
  ],
)

/** Named reviewers of the partnership's challenge group (performance officers always may). */
export const challengeReviewers = pgTable(
  'challenge_reviewers',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    userId: uuid('user_id').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('challenge_reviewers_user_key')
      .on(t.partnershipId, t.userId)
      .where(sql`${t.archivedAt} is null`),
  ],
)

/** One round of challenge of a plan: submitted, issues raised, answered, closed. Kept forever. */
export const challengeRounds = pgTable(
  'challenge_rounds',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => deliveryPlans.id),
    number: integer('number').notNull(),
    submittedAt: at('submitted_at').notNull(),
    submittedBy: text('submitted_by').notNull(),
    /** What the lead says about this submission (e.g. what changed since the last round). */
    note: text('note'),
    /** open | revise (issues to answer) | accepted */
    outcome: text('outcome').notNull().default('open'),
    closedAt: at('closed_at'),
    closedBy: text('closed_by'),
  },
  (t) => [uniqueIndex('challenge_rounds_plan_number_key').on(t.planId, t.number)],
)

/** An issue a reviewer raises in a round, and the lead's response. */
export const challengeIssues = pgTable(
  'challenge_issues',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => challengeRounds.id),
    body: text('body').notNull(),
    raisedBy: text('raised_by').notNull(),
    raisedByUserId: uuid('raised_by_user_id'),
    raisedAt: at('raised_at').notNull(),
    response: text('response'),
    respondedBy: text('responded_by'),
    respondedAt: at('responded_at'),
  },
  (t) => [index('challenge_issues_round_idx').on(t.roundId)],
)

/**
 * An improvement plan (002 §23): opened automatically when a target is flagged (red two periods
 * running), assigned to its outcome lead; closes when the target has recovered and it is signed off.
 */
export const improvementPlans = pgTable(
  'improvement_plans',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    openedAt: at('opened_at').notNull(),
    /** Why it opened, e.g. "Red in 2008/09 Q1 and Q2". */
    openedReason: text('opened_reason').notNull(),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    summary: text('summary'),
    reviewOn: date('review_on', { mode: 'string' }),
    /** open | closed */
    status: text('status').notNull().default('open'),
    signedOffAt: at('signed_off_at'),
    signedOffBy: text('signed_off_by'),
    closedAt: at('closed_at'),
    ...timestamps,
  },
  (t) => [
    index('improvement_plans_partnership_idx').on(t.partnershipId),
    uniqueIndex('improvement_plans_open_key')
      .on(t.targetId)
      .where(sql`${t.status} = 'open' and ${t.archivedAt} is null`),
  ],
)

/**
 * An action or milestone of a delivery plan. `late` is also derived when `due_on` passes
 * unfinished. Every change appends an `action_versions` row.
 */
export const actions = pgTable(
  'actions',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => deliveryPlans.id),
    /** Part of the target's improvement plan. */
    improvementPlanId: uuid('improvement_plan_id').references(() => improvementPlans.id),
    /** `A-014`: unique among the partnership's live actions (matched ignoring case and spaces). */
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    startOn: date('start_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** not-started | on-track | at-risk | late | complete | cancelled */
    status: text('status').notNull().default('not-started'),
    percentComplete: integer('percent_complete').notNull().default(0),
    milestone: boolean('milestone').notNull().default(false),
    notes: text('notes'),
    ...timestamps,
  },
  (t) => [
    index('actions_plan_idx').on(t.planId),
    uniqueIndex('actions_partnership_ref_key')
      .on(t.partnershipId, refKey(t.ref))
      .where(sql`${t.archivedAt} is null`),
    check('actions_percent', sql`${t.percentComplete} between 0 and 100`),
    check('actions_dates', sql`${t.startOn} is null or ${t.startOn} <= ${t.dueOn}`),
  ],
)

/** An action waits for another (no cycles: checked by the service). */
export const actionDependencies = pgTable(
  'action_dependencies',
  {
    actionId: uuid('action_id')
      .notNull()
      .references(() => actions.id),
    dependsOnId: uuid('depends_on_id')
      .notNull()
      .references(() => actions.id),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.dependsOnId] })],
)

/** Append-only history of an action: the state after each change, who and when. */
export const actionVersions = pgTable(
  'action_versions',
  {
    id: id(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => actions.id),
    recordedAt: at('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull(),
    percentComplete: integer('percent_complete').notNull(),
    startOn: date('start_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    ownerPersonId: uuid('owner_person_id'),
    notes: text('notes'),
  },
  (t) => [index('action_versions_action_idx').on(t.actionId, t.recordedAt)],
)

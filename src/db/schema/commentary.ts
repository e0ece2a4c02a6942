import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id } from './common.ts'
import { partnerships, people } from './partnerships.ts'
import { targets } from './targets.ts'
import { collectionRounds } from './values.ts'

/** Commentary, outcome progress and the requests for them (003 §10-11). */

const at = (name: string) => timestamp(name, { withTimezone: true })

/**
 * The lead officer's account of a target's performance for a period (workbook: Commentary).
 * Versioned: a change supersedes the current row; reports read the row valid at their as-at.
 */
export const commentaries = pgTable(
  'commentaries',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    /** Canonical period text, as values (`2008/09 Q2`). */
    period: text('period').notNull(),
    commentary: text('commentary').notNull(),
    /** What is being done. */
    actions: text('actions'),
    supportNeeded: text('support_needed'),
    /** Shown on the public site beside the target's published figures. */
    published: boolean('published').notNull().default(false),
    authorUserId: uuid('author_user_id'),
    authorLabel: text('author_label').notNull(),
    recordedAt: at('recorded_at').notNull(),
    supersededAt: at('superseded_at'),
  },
  (t) => [
    uniqueIndex('commentaries_current_key')
      .on(t.targetId, t.period)
      .where(sql`${t.supersededAt} is null`),
    index('commentaries_partnership_idx').on(t.partnershipId, t.period),
  ],
)

/** Progress and gaps an outcome lead returns for an outcome or sub-outcome (003 §11). Versioned. */
export const outcomeProgress = pgTable(
  'outcome_progress',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    outcomeKey: uuid('outcome_key').notNull(),
    period: text('period').notNull(),
    progress: text('progress').notNull(),
    gaps: text('gaps'),
    authorUserId: uuid('author_user_id'),
    authorLabel: text('author_label').notNull(),
    recordedAt: at('recorded_at').notNull(),
    supersededAt: at('superseded_at'),
  },
  (t) => [
    uniqueIndex('outcome_progress_current_key')
      .on(t.partnershipId, t.outcomeKey, t.period)
      .where(sql`${t.supersededAt} is null`),
  ],
)

/**
 * A request for commentary sent to an outcome lead when a round closes (one per round × target ×
 * person); reminders go through the outbox like returns.
 */
export const commentaryRequests = pgTable(
  'commentary_requests',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => collectionRounds.id),
    targetId: uuid('target_id')
      .notNull()
      .references(() => targets.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    requestedAt: at('requested_at').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    lastRemindedAt: at('last_reminded_at'),
    reminders: integer('reminders').notNull().default(0),
    fulfilledAt: at('fulfilled_at'),
  },
  (t) => [
    uniqueIndex('commentary_requests_key').on(t.roundId, t.targetId, t.personId),
    index('commentary_requests_person_idx').on(t.personId),
  ],
)

import { sql } from 'drizzle-orm'
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { partnerships } from './partnerships.ts'
import { refKey } from './delivery.ts'

/** What goes to the board (escalations) and to government (freedoms and flexibilities requests). */

const at = (name: string) => timestamp(name, { withTimezone: true })

/**
 * Anything escalated to the board with a question (003 §10); the board records its decision.
 * `subject_type` is target | plan | action | improvement_plan | risk | request | outcome | other.
 */
export const escalations = pgTable(
  'escalations',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id'),
    title: text('title').notNull(),
    question: text('question').notNull(),
    raisedBy: text('raised_by').notNull(),
    raisedByUserId: uuid('raised_by_user_id'),
    raisedAt: at('raised_at').notNull(),
    /** open | decided | withdrawn */
    status: text('status').notNull().default('open'),
    decision: text('decision'),
    decidedBy: text('decided_by'),
    decidedByUserId: uuid('decided_by_user_id'),
    decidedAt: at('decided_at'),
    /** The board meeting the decision was taken at, when recorded. */
    decidedOn: date('decided_on', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [
    index('escalations_partnership_idx').on(t.partnershipId, t.status),
    index('escalations_subject_idx').on(t.subjectId),
  ],
)

/**
 * A request for a freedom or flexibility (002 block commentaries, §4): made with a business
 * case to a government department, agreed or refused with the government office.
 */
export const flexibilityRequests = pgTable(
  'flexibility_requests',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    outcomeKey: uuid('outcome_key'),
    department: text('department').notNull(),
    businessCase: text('business_case'),
    /** draft | submitted | agreed | refused | withdrawn */
    status: text('status').notNull().default('draft'),
    submittedAt: at('submitted_at'),
    decision: text('decision'),
    decidedOn: date('decided_on', { mode: 'string' }),
    /** The government office's comments. */
    goComments: text('go_comments'),
    ...timestamps,
  },
  (t) => [
    index('flexibility_requests_partnership_idx').on(t.partnershipId),
    uniqueIndex('flexibility_requests_ref_key')
      .on(t.partnershipId, refKey(t.ref))
      .where(sql`${t.archivedAt} is null`),
  ],
)

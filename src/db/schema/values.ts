import { sql } from 'drizzle-orm'
import {
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { organisations, partnerships } from './partnerships.ts'

const num = (name: string) => numeric(name, { mode: 'number' })
const at = (name: string) => timestamp(name, { withTimezone: true })

/**
 * A collection round (data return): one period, e.g. `2008/09 Q2`, with the window in which
 * providers enter values. After `due_on` the round is closed to providers unless their
 * organisation has an exception.
 */
export const collectionRounds = pgTable(
  'collection_rounds',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    /** Canonical period text (`2008/09 Q2`, `2008/09`, `2008-04`). */
    period: text('period').notNull(),
    /** year | quarter | month */
    periodType: text('period_type').notNull(),
    opensOn: date('opens_on').notNull(),
    dueOn: date('due_on').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('collection_rounds_partnership_period_key')
      .on(t.partnershipId, t.period)
      .where(sql`${t.archivedAt} is null`),
  ],
)

/** Late entry allowed for one organisation in a closed round, until a date. */
export const roundExceptions = pgTable(
  'round_exceptions',
  {
    id: id(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => collectionRounds.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    grantedUntil: date('granted_until').notNull(),
    reason: text('reason').notNull(),
    grantedByUserId: uuid('granted_by_user_id'),
    createdAt: at('created_at').notNull().defaultNow(),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('round_exceptions_round_idx').on(t.roundId, t.organisationId)],
)

/**
 * The current state of one data value: indicator × place × period. Never overwritten in place
 * without a new row in `data_value_versions`; `version` is the optimistic-concurrency token.
 *
 * No foreign keys. Values are written only by the values service and the bulk import, which
 * resolve the indicator and place (by code and GSS code, within the partnership) in the same
 * transaction, and derive the partnership, round and organisation from them; nothing is ever
 * hard-deleted. Checking again per row bought nothing but time: on a 200,000-row import into
 * PostgreSQL the two remaining checks took 2.1 of the statement's 5.3 s (EXPLAIN ANALYZE).
 */
export const dataValues = pgTable(
  'data_values',
  {
    id: id(),
    /** The indicator's partnership (no foreign key: see the note on the table). */
    partnershipId: uuid('partnership_id').notNull(),
    indicatorId: uuid('indicator_id').notNull(),
    placeId: uuid('place_id').notNull(),
    period: text('period').notNull(),
    /** year | quarter | month */
    periodType: text('period_type').notNull(),
    /** The round of the period, when there is one (no foreign key: derived, see below). */
    roundId: uuid('round_id'),
    /** The organisation the value was provided by (the indicator's responsible organisation). */
    organisationId: uuid('organisation_id'),
    value: num('value'),
    numerator: num('numerator'),
    denominator: num('denominator'),
    commentary: text('commentary'),
    source: text('source'),
    /** draft | submitted | approved | returned */
    status: text('status').notNull().default('draft'),
    /** Why it was returned (shown to the provider) or reopened. */
    statusReason: text('status_reason'),
    /** Entered after the round closed, under an exception. */
    late: boolean('late').notNull().default(false),
    version: integer('version').notNull().default(1),
    updatedByUserId: uuid('updated_by_user_id'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('data_values_key').on(t.partnershipId, t.indicatorId, t.placeId, t.period),
    index('data_values_partnership_period_idx').on(t.partnershipId, t.period),
  ],
)

/**
 * Append-only changelog of every data value (DHIS2's DataValueChangelog): each change of value,
 * commentary or status is a row with who, when and why. Reports "as at" a moment read the
 * latest row recorded by then. Keyed by value and version, the one index it needs; written only
 * in the transaction that writes the value, so `value_id` carries no foreign-key check.
 */
export const dataValueVersions = pgTable(
  'data_value_versions',
  {
    valueId: uuid('value_id').notNull(),
    version: integer('version').notNull(),
    value: num('value'),
    numerator: num('numerator'),
    denominator: num('denominator'),
    commentary: text('commentary'),
    status: text('status').notNull(),
    /** What happened: entered, submitted, approved, returned, reopened, imported… */
    action: text('action').notNull(),
    /** Why (a return or reopen reason, an import file name). */
    reason: text('reason'),
    late: boolean('late').notNull().default(false),
    recordedAt: at('recorded_at').notNull().defaultNow(),
    recordedByUserId: uuid('recorded_by_user_id'),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [primaryKey({ name: 'data_value_versions_pkey', columns: [t.valueId, t.version] })],
)

/**
 * Messages to people (reminders, returned values). Sent by SMTP when configured; otherwise they
 * stay here and are shown on the outbox page. `dedupe_key` stops a reminder going twice.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key'),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    roundId: uuid('round_id'),
    organisationId: uuid('organisation_id'),
    createdAt: at('created_at').notNull().defaultNow(),
    sentAt: at('sent_at'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_key').on(t.partnershipId, t.dedupeKey),
    index('outbox_partnership_created_idx').on(t.partnershipId, t.createdAt),
  ],
)

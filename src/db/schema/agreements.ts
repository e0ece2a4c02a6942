import { sql } from 'drizzle-orm'
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { partnerships } from './partnerships.ts'

/**
 * A Local Area Agreement: three financial years agreed between the partnership and government
 * (001 §6, 003 §2). It holds the targets. Status moves like the strategy's, ending in sign-off.
 */
export const agreements = pgTable(
  'agreements',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    /** First and last financial years, by their first calendar year: 2008 and 2010 for 2008/09 - 2010/11. */
    startYear: integer('start_year').notNull(),
    endYear: integer('end_year').notNull(),
    /** Draft number: 1 for the first draft, raised each time a new draft is issued. */
    version: integer('version').notNull().default(1),
    /** draft | penultimate | final | signed */
    status: text('status').notNull().default('draft'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The sign-off record. */
    signedOn: date('signed_on'),
    signedBy: text('signed_by'),
    signOffNotes: text('sign_off_notes'),
    description: text('description'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('agreements_partnership_name_key')
      .on(t.partnershipId, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
    index('agreements_partnership_idx').on(t.partnershipId, t.startYear),
  ],
)

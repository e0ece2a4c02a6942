import { sql } from 'drizzle-orm'
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth.ts'
import { id } from './common.ts'
import { partnerships } from './partnerships.ts'

/**
 * An administrator's invitation to join a partnership in a role. Whoever signs in with the email
 * address sees it and accepts or declines; only on accepting do they become a member. The address
 * is kept lower-cased, and whether an account exists for it is never shown to the administrator.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    /** Lower-cased. */
    email: text('email').notNull(),
    role: text('role').notNull(),
    organisationId: uuid('organisation_id'),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    /** Set when an administrator withdraws it. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invitations_pending_key')
      .on(t.partnershipId, t.email)
      .where(sql`${t.acceptedAt} is null and ${t.declinedAt} is null and ${t.archivedAt} is null`),
    index('invitations_email_idx').on(t.email),
  ],
)

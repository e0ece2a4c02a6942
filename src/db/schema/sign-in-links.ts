import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth.ts'
import { id } from './common.ts'

/**
 * One-time sign-in links (today only `set-password`: an invitation for an account without a
 * password, or a reset). Only a SHA-256 of the link's token is kept, never the token itself. A
 * link works once, until it expires, and not after a newer link for the same user revokes it.
 */
export const signInLinks = pgTable(
  'sign_in_links',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Set when a newer link, or a password change, made this one void before it was used. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The administrator who sent it; null for the command line and for "Forgotten your password?". */
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('sign_in_links_token_hash_key').on(t.tokenHash),
    index('sign_in_links_user_idx').on(t.userId),
    check('sign_in_links_purpose_check', sql`${t.purpose} in ('set-password')`),
  ],
)

import { sql } from 'drizzle-orm'
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps } from './common.ts'
import { partnerships } from './partnerships.ts'

/** Someone who can sign in. Emails are unique case-insensitively. */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** argon2id PHC string; null until a password is set. */
    passwordHash: text('password_hash'),
    /** May create top-level partnerships. Grants no access to any partnership's data by itself. */
    isSystemAdmin: boolean('is_system_admin').notNull().default(false),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastSignedInAt: timestamp('last_signed_in_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
)

/** A user's role in one partnership. One role per user per partnership. */
export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    partnershipId: uuid('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    role: text('role').notNull(),
    /** For data providers: the organisation whose returns they make. */
    organisationId: uuid('organisation_id'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('memberships_user_partnership_key')
      .on(t.userId, t.partnershipId)
      .where(sql`${t.archivedAt} is null`),
    index('memberships_partnership_idx').on(t.partnershipId),
  ],
)

/** Server-side sessions. The key is a SHA-256 of the cookie's session id, never the id itself. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id'),
    data: jsonb('data').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
)

/** API bearer tokens, stored as SHA-256 hashes; the secret is shown once at creation. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** First characters of the token, to recognise it in lists. */
    prefix: text('prefix').notNull(),
    /** The one partnership the token reaches; null: every partnership its user belongs to. */
    partnershipId: uuid('partnership_id').references(() => partnerships.id),
    /** read | write: a read token is refused every change, whatever its user's role. */
    access: text('access').notNull().default('write'),
    /** After this the token is refused; null: until revoked. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash)],
)

/**
 * A user's account at the installation's identity provider (OpenID Connect), linked the first
 * time they sign in with it: matched by verified email to an existing user, never created by
 * signing in alone. Later sign-ins find the user by issuer and subject.
 */
export const userIdentities = pgTable(
  'user_identities',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** The verified email the link was made by. */
    email: text('email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('user_identities_issuer_subject_key').on(t.issuer, t.subject),
    index('user_identities_user_idx').on(t.userId),
  ],
)

/** Instance settings generated on first start (e.g. the session secret when none is configured). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

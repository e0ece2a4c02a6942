import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Append-only record of every mutation: who, when, what, before and after. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The signed-in user, or null for the CLI and the system. */
    actorUserId: uuid('actor_user_id'),
    /** Human label of the actor at the time: a name, `cli`, `system`, `demo`. */
    actorLabel: text('actor_label').notNull(),
    partnershipId: uuid('partnership_id'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    /** create | update | archive | restore | import | sign-in | … */
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_partnership_at_idx').on(t.partnershipId, t.at),
    index('audit_entity_idx').on(t.entityType, t.entityId),
  ],
)

/** The `audit_versions` row of installation-wide changes (audit rows with no partnership). */
export const INSTALLATION_SCOPE = '00000000-0000-0000-0000-000000000000'

/**
 * How many audited changes each partnership (and the installation, INSTALLATION_SCOPE) has
 * committed: a version that changes whenever its data may have, read in one primary-key lookup
 * (the home and dashboard pages key their cached content by it). Kept by a deferred trigger on
 * `audit_events` (migration 0013), so every audited change counts, whoever writes it, and the
 * count moves in commit order: a reader that sees version n sees every change counted in it.
 */
export const auditVersions = pgTable('audit_versions', {
  partnershipId: uuid('partnership_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
})

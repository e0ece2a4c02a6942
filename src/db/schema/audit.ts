import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

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

import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.ts'
import { outbox } from '../../db/schema/index.ts'

export type OutboxRow = typeof outbox.$inferSelect
export type OutboxInsert = typeof outbox.$inferInsert

/** Record a message; undefined when one with the same dedupe key was recorded before. */
export async function insertMessage(db: DbOrTx, values: OutboxInsert) {
  const [row] = await db
    .insert(outbox)
    .values(values)
    .onConflictDoNothing({ target: [outbox.partnershipId, outbox.dedupeKey] })
    .returning()
  return row
}

export async function listMessages(db: DbOrTx, partnershipId: string, limit = 200) {
  return db
    .select()
    .from(outbox)
    .where(eq(outbox.partnershipId, partnershipId))
    .orderBy(desc(outbox.createdAt))
    .limit(limit)
}

/**
 * Claim unsent messages for sending: marks them sent now, so a second sender running at the
 * same moment skips them. A failed send is put back with its error.
 */
export async function claimUnsent(db: DbOrTx, now: Date, limit = 100) {
  const ids = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(isNull(outbox.sentAt))
    .orderBy(outbox.createdAt)
    .limit(limit)
    .for('update', { skipLocked: true })
  return db
    .update(outbox)
    .set({ sentAt: now, lastError: null })
    .where(and(inArray(outbox.id, ids), isNull(outbox.sentAt)))
    .returning()
}

export async function markUnsent(db: DbOrTx, id: string, error: string) {
  await db
    .update(outbox)
    .set({ sentAt: null, lastError: error.slice(0, 1000) })
    .where(eq(outbox.id, id))
}

import type { Db, Tx } from '../../db/client.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, type Rule } from '../auth/policy.ts'
import { audit, type AuditEntry } from './audit.ts'

/** What a change records: the entity, the action, and the row before and after. */
export type AuditEvent = Omit<AuditEntry, 'partnershipId'> & {
  /** Defaults to the mutation's partnership; a system-wide change passes null. */
  partnershipId?: string | null
}

/** A change's result and its one audit event, or `audit: null` when nothing changed. */
export interface Change<T> {
  result: T
  audit: AuditEvent | null
}

export interface MutationScope {
  /** The partnership acted in; null for installation-wide changes (system administrators). */
  partnershipId: string | null
  /** Checked before the transaction opens; omitted only when the caller has already authorised. */
  rule?: Rule
}

/**
 * The one shape of a mutation: authorise → open a transaction → make the change → write its one
 * audit row in the same transaction, so the change and its record commit or roll back together.
 * `change` may throw a domain error (validation, conflict): nothing is written.
 *
 *   return mutate(db, actor, { partnershipId, rule: policy.create }, async (tx) => {
 *     const row = await q.insert(tx, …)
 *     return { result: row, audit: { entityType: 'organisation', entityId: row.id, action: 'create', after: row } }
 *   })
 */
export async function mutate<T>(
  db: Db | Tx,
  actor: Actor,
  scope: MutationScope,
  change: (tx: Tx) => Promise<Change<T>>,
): Promise<T> {
  if (scope.rule) {
    if (scope.partnershipId === null) throw new Error('a partnership rule needs a partnership')
    authorize(scope.rule, actor, scope.partnershipId)
  }
  return db.transaction(async (tx) => {
    const { result, audit: event } = await change(tx)
    if (event)
      await audit(tx, actor, {
        ...event,
        partnershipId: event.partnershipId === undefined ? scope.partnershipId : event.partnershipId,
      })
    return result
  })
}

/**
 * The one shape of a soft delete, after the caller has authorised and loaded the row: a row
 * already archived is returned as it is (archiving twice writes nothing); otherwise `archive` sets
 * `archived_at` inside a transaction that writes the one `archive` audit row.
 *
 *   const before = await get(actor, partnershipId, id)
 *   return archiveOnce(db, actor, { partnershipId, entityType, entityId: id }, before, (tx) =>
 *     q.update(tx, id, { archivedAt: deps.clock() }),
 *   )
 */
export async function archiveOnce<T extends { archivedAt: Date | null }, R>(
  db: Db | Tx,
  actor: Actor,
  scope: { partnershipId: string; entityType: string; entityId: string },
  before: T,
  archive: (tx: Tx) => Promise<R>,
): Promise<T | R> {
  if (before.archivedAt) return before
  return mutate(db, actor, { partnershipId: scope.partnershipId }, async (tx) => {
    const after = await archive(tx)
    return {
      result: after,
      audit: { entityType: scope.entityType, entityId: scope.entityId, action: 'archive', before, after },
    }
  })
}

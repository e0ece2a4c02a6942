import type { DbOrTx } from '../../db/client.ts'
import type { Actor } from '../auth/actor.ts'
import { insertAuditEvents } from './audit.queries.ts'

export interface AuditEntry {
  partnershipId: string | null
  entityType: string
  entityId: string
  action: string
  before?: unknown
  after?: unknown
}

/** JSON-safe copy: dates to ISO strings, secrets dropped. */
function snapshot(value: unknown): unknown {
  if (value === undefined || value === null) return null
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'passwordHash' || key === 'tokenHash' ? '[redacted]' : v,
    ),
  )
}

/**
 * Write audit rows. Call it inside the mutation's transaction so the change and its record
 * commit or roll back together.
 */
export async function audit(tx: DbOrTx, actor: Actor, entries: AuditEntry | AuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries]
  await insertAuditEvents(
    tx,
    list.map((e) => ({
      actorUserId: actor.userId,
      actorLabel: actor.label,
      partnershipId: e.partnershipId,
      entityType: e.entityType,
      entityId: e.entityId,
      action: e.action,
      before: snapshot(e.before),
      after: snapshot(e.after),
      requestId: actor.requestId ?? null,
    })),
  )
}

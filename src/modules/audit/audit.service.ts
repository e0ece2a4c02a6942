import type { Db, DbOrTx } from '../../db/client.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { UsersService } from '../users/users.service.ts'
import { referencedIds, type NamedEvent } from './audit.names.ts'
import { auditPolicy } from './audit.policy.ts'
import * as q from './audit.queries.ts'

export type AuditQuery = Omit<q.AuditFilter, 'partnershipId'>
export type AuditRow = Awaited<ReturnType<typeof q.listAuditEvents>>['rows'][number]

export function createAuditService(db: Db, deps: { users: UsersService }) {
  return {
    async list(actor: Actor, partnershipId: string, filter: AuditQuery) {
      authorize(auditPolicy.read, actor, partnershipId)
      return q.listAuditEvents(db, { ...filter, partnershipId })
    },
    async entityTypes(actor: Actor, partnershipId: string) {
      authorize(auditPolicy.read, actor, partnershipId)
      return q.listAuditEntityTypes(db, partnershipId)
    },
    /** Names of every record a page of events refers to: one batched lookup per kind of record. */
    async names(actor: Actor, partnershipId: string, events: readonly NamedEvent[]) {
      authorize(auditPolicy.read, actor, partnershipId)
      return q.recordNames(db, referencedIds(events))
    },
    /** The partnership's members, to filter the trail by who made the change. */
    async people(actor: Actor, partnershipId: string) {
      authorize(auditPolicy.read, actor, partnershipId)
      return deps.users.findMembers(db, partnershipId)
    },
    /**
     * What the partnership's data is at: a text that changes whenever an audited change commits
     * in the partnership or installation-wide (every mutation writes an audit row), and only then.
     * Cached pages are keyed by it. Not authorised: it tells nothing but that something changed.
     */
    async versionOf(partnershipId: string) {
      const v = await q.auditVersionsOf(db, partnershipId)
      return `${v.partnership}.${v.installation}`
    },
    /**
     * What all partnerships' data is at together (pages spanning partnerships, like the public
     * site's index): changes whenever an audited change commits anywhere. Not authorised, as above.
     */
    /**
     * The moment before which every change on the database has committed or rolled back (see
     * `settledBefore` in the queries); null when no other transaction is open. The changes feed
     * stops there, so a long import committing after a poll is not skipped. Not authorised.
     */
    async settledBefore() {
      return q.settledBefore(db)
    },
    async versionOfAll() {
      const v = await q.auditVersionsOfAll(db)
      return `${v.scopes}.${v.total}`
    },
    /**
     * For another module's use-case (it has authorised reading the record): one record's change
     * history in its partnership, newest first, at most `limit` events.
     */
    async history(
      tx: DbOrTx,
      partnershipId: string,
      record: { entityType: string; entityId: string },
      limit = 50,
    ) {
      const { rows } = await q.listAuditEvents(tx, { partnershipId, ...record, limit, offset: 0 })
      return rows.map((r) => r.event)
    },
  }
}

export type AuditService = ReturnType<typeof createAuditService>

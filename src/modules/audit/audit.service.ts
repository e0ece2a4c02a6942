import type { Db } from '../../db/client.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, roles } from '../auth/policy.ts'
import { listMembers } from '../users/users.queries.ts'
import { referencedIds, type NamedEvent } from './audit.names.ts'
import * as q from './audit.queries.ts'

export const auditPolicy = {
  read: roles('admin'),
}

export type AuditQuery = Omit<q.AuditFilter, 'partnershipId'>

export function createAuditService(db: Db) {
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
      return listMembers(db, partnershipId)
    },
  }
}

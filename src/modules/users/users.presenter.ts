import { roleLabel } from '../auth/roles.ts'
import { iso } from '../partnerships/partnerships.presenter.ts'
import type { MemberRow } from './users.queries.ts'

export function presentMember(m: MemberRow) {
  return {
    id: m.id,
    userId: m.userId,
    email: m.email,
    name: m.name,
    role: m.role,
    roleLabel: roleLabel(m.role),
    organisationId: m.organisationId,
    organisationName: m.organisationName,
    lastSignedInAt: iso(m.lastSignedInAt),
    createdAt: m.createdAt.toISOString(),
    archivedAt: iso(m.archivedAt),
  }
}

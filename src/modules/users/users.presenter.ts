import { roleLabel } from '../auth/roles.ts'
import { iso } from '../partnerships/partnerships.presenter.ts'
import type { MyInvitation } from './invitations.service.ts'
import type { MemberRow } from './users.service.ts'

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

type InvitationLike = {
  id: string
  email: string
  role: string
  organisationId: string | null
  invitedByName?: string | null
  createdAt: Date
  acceptedAt?: Date | null
  declinedAt?: Date | null
  archivedAt?: Date | null
}

/** An invitation as the API shows it: nothing about whether the address has an account. */
export function presentInvitation(i: InvitationLike) {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    roleLabel: roleLabel(i.role),
    organisationId: i.organisationId,
    invitedByName: i.invitedByName ?? null,
    createdAt: i.createdAt.toISOString(),
    status: i.acceptedAt
      ? ('accepted' as const)
      : i.declinedAt
        ? ('declined' as const)
        : i.archivedAt
          ? ('withdrawn' as const)
          : ('pending' as const),
  }
}

export const presentMyInvitation = (i: MyInvitation & Pick<InvitationLike, 'acceptedAt' | 'declinedAt'>) => ({
  ...presentInvitation(i),
  partnershipName: i.partnershipName,
  partnershipSlug: i.partnershipSlug,
})

import type { PartnershipRow } from './partnerships.service.ts'

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

export function presentPartnership(p: PartnershipRow, role: string | null) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    kind: p.kind,
    parentId: p.parentId,
    accountableBodyId: p.accountableBodyId,
    areaPlaceId: p.areaPlaceId,
    description: p.description,
    allowSelfApproval: p.allowSelfApproval,
    role,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    archivedAt: iso(p.archivedAt),
  }
}

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
    logo: p.logoUpdatedAt
      ? {
          type: p.logoType,
          updatedAt: p.logoUpdatedAt.toISOString(),
          href: `/api/v1/partnerships/${p.slug}/logo`,
        }
      : null,
    role,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    archivedAt: iso(p.archivedAt),
  }
}

/** The logo's address on the pages: a new one for each upload, so it can be cached for good. */
export const logoPath = (p: Pick<PartnershipRow, 'slug' | 'logoUpdatedAt'>) =>
  p.logoUpdatedAt ? `/p/${p.slug}/logo?v=${p.logoUpdatedAt.getTime()}` : null

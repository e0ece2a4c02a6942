import { iso } from '../partnerships/partnerships.presenter.ts'
import type { OrganisationType } from './organisations.schema.ts'
import type { OrganisationRow } from './organisations.service.ts'

export function presentOrganisation(o: OrganisationRow) {
  return {
    id: o.id,
    name: o.name,
    type: o.type as OrganisationType,
    dutyToCooperate: o.dutyToCooperate,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    archivedAt: iso(o.archivedAt),
  }
}

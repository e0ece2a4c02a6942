import { iso } from '../partnerships/partnerships.presenter.ts'
import type { PersonWithOrg } from './people.service.ts'

export function presentPerson(p: PersonWithOrg) {
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    organisationId: p.organisationId,
    organisationName: p.organisationName,
    jobTitle: p.jobTitle,
    phone: p.phone,
    userId: p.userId,
    canSignIn: p.canSignIn,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    archivedAt: iso(p.archivedAt),
  }
}

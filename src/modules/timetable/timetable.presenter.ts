import type { SignoffWithNames, StageWithOwner } from './timetable.service.ts'
import type { StageStatus } from './timetable.schema.ts'

/** A stage whose deadline has passed while it is still to do. */
export const isOverdue = (s: { deadline: string | null; status: string }, today: string) =>
  !!s.deadline && s.deadline < today && s.status !== 'complete' && s.status !== 'cancelled'

export function presentStage(s: StageWithOwner, today: string) {
  return {
    id: s.id,
    position: s.position,
    name: s.name,
    description: s.description,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    deadline: s.deadline,
    owner: s.ownerPersonId
      ? `person:${s.ownerPersonId}`
      : s.ownerOrganisationId
        ? `organisation:${s.ownerOrganisationId}`
        : null,
    ownerName: s.ownerPerson ?? s.ownerOrganisation ?? null,
    status: s.status as StageStatus,
    overdue: isOverdue(s, today),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  }
}

export function presentSignoff(s: SignoffWithNames) {
  return {
    id: s.id,
    versionNumber: s.versionNumber,
    body: s.body,
    organisationId: s.organisationId,
    organisationName: s.organisation,
    dueOn: s.dueOn,
    signedOn: s.signedOn,
    notes: s.notes,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  }
}

import { yearLabel } from '../../periods/index.ts'
import { iso } from '../partnerships/partnerships.presenter.ts'
import type { AgreementRow } from './agreements.service.ts'
import { periodLabel, type AgreementStatus } from './agreements.schema.ts'

export function presentAgreement(a: AgreementRow, currentId?: string) {
  return {
    id: a.id,
    name: a.name,
    start: yearLabel(a.startYear),
    end: yearLabel(a.endYear),
    period: periodLabel(a),
    version: a.version,
    status: a.status as AgreementStatus,
    statusChangedAt: a.statusChangedAt.toISOString(),
    signOff: a.signedOn ? { signedOn: a.signedOn, signedBy: a.signedBy, notes: a.signOffNotes } : null,
    description: a.description,
    current: a.id === currentId,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    archivedAt: iso(a.archivedAt),
  }
}

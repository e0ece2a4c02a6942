import { stringify } from 'csv-stringify/sync'
import { ukDate } from '../../lib/clock.ts'
import { csvSafe } from '../../workbook/csv.ts'
import { logHeaders } from './escalations.presenter.ts'
import type { EscalationView } from './escalations.service.ts'
import { subjectTypeLabels, type SubjectType } from './escalations.schema.ts'

function cells(e: EscalationView): string[] {
  return [
    ukDate(e.raisedAt),
    e.title,
    subjectTypeLabels[e.subjectType as SubjectType] ?? e.subjectType,
    e.subject?.label ?? '',
    e.question,
    e.raisedBy,
    e.statusLabel,
    e.decision ?? '',
    e.decidedBy ?? '',
    e.decidedAt ? ukDate(e.decidedAt) : '',
    e.decidedOn ?? '',
  ]
}

/** The escalation log as CSV (a byte order mark so Excel reads UTF-8; no cell runs as a formula). */
export function escalationLogCsv(rows: EscalationView[]): string {
  return stringify([[...logHeaders], ...rows.map((r) => cells(r).map(csvSafe))], { bom: true })
}

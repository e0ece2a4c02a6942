import type { DirectoryRow, Party } from './directory.service.ts'

const party = (p: Party | null) => (p ? { type: p.type, id: p.id, name: p.name, detail: p.detail } : null)

export function presentDirectoryRow(r: DirectoryRow) {
  return {
    nodeId: r.nodeId,
    key: r.key,
    ref: r.ref,
    kind: r.kind,
    title: r.title,
    theme: r.theme,
    leadPartnership: party(r.roles.lead_partnership),
    boardChampion: party(r.roles.board_champion),
    executiveOfficer: party(r.roles.executive_officer),
    outcomeLead: party(r.roles.outcome_lead),
    missing: r.missing,
  }
}

/** A party as one cell of a table or a download: "Name (organisation, email)". */
export const partyText = (p: Party | null, withDetail = false) =>
  p ? (withDetail && p.detail ? `${p.name} (${p.detail})` : p.name) : ''

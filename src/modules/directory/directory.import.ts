import type { DbOrTx } from '../../db/client.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import type { RowProblem } from '../../workbook/report.ts'
import type { StrategyVersionsService } from '../strategy/strategy-versions.service.ts'
import { versionLabel } from '../strategy/strategy.schema.ts'
import * as q from './directory.queries.ts'
import { directoryRoleLabels, directoryRoles, roleFields, type DirectoryInput } from './directory.schema.ts'
import { directoryRows, planDirectory, writeDirectoryPlans, type DirectoryPlan } from './directory.entries.ts'

/** A row of the workbook's Directory sheet: names as people write them. Blank leaves a role as it is. */
export interface DirectoryImportRow {
  row: number
  ref: string
  lead_partnership: string | null
  board_champion: string | null
  executive_officer: string | null
  outcome_lead: string | null
}

/** Who a name means: a person by email or (unique) name; a lead by partnership or organisation name. */
async function resolver(tx: DbOrTx, partnershipId: string) {
  const c = await q.candidates(tx, partnershipId)
  const byName = new Map<string, string[]>()
  for (const p of c.people)
    byName.set(p.name.toLowerCase(), [...(byName.get(p.name.toLowerCase()) ?? []), p.id])
  const byEmail = new Map(c.people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p.id]))
  return {
    person(text: string): string | { problem: string } {
      const key = text.trim().toLowerCase()
      if (key.includes('@'))
        return (
          byEmail.get(key) ?? {
            problem: `${text} is not the email address of a person of the partnership or on the People sheet`,
          }
        )
      const ids = byName.get(key) ?? []
      if (ids.length === 1) return ids[0]!
      return {
        problem: ids.length
          ? `${ids.length} people are called ${text}: use their email address instead`
          : `${text} is not a person of the partnership or on the People sheet`,
      }
    },
    lead(text: string): string | { problem: string } {
      const key = text.trim().toLowerCase()
      const p = c.partnerships.find((x) => x.name.toLowerCase() === key)
      if (p) return `partnership:${p.id}`
      const o = c.organisations.find((x) => x.name.toLowerCase() === key)
      if (o) return `organisation:${o.id}`
      return {
        problem: `${text} is not this partnership, one of its partnerships or one of its organisations`,
      }
    },
  }
}

/**
 * Apply Directory rows to the current version once the Strategy and People sheets are written
 * (names and refs on those sheets then resolve); replaced entries are archived as of `at`.
 * Problems are returned for the caller to report; when there are any the caller rolls the whole
 * import back.
 */
export async function applyDirectoryRows(
  tx: DbOrTx,
  { strategy, at }: { strategy: StrategyVersionsService; at: Date },
  actor: Actor,
  partnershipId: string,
  rows: DirectoryImportRow[],
) {
  const counts = { created: 0, updated: 0, unchanged: 0 }
  const problems: RowProblem[] = []
  if (rows.length === 0) return { counts, problems }
  const version = await strategy.current(tx, partnershipId)
  if (!version)
    return { counts, problems: [{ message: 'there is no strategy yet: add one on the Strategy sheet' }] }
  if (version.status === 'signed_off')
    return {
      counts,
      problems: [
        {
          message: `${versionLabel(version)} is signed off: start a new version before changing the directory`,
        },
      ],
    }
  const nodes = new Map((await strategy.nodes(tx, version.id)).map((n) => [n.ref, n]))
  const resolve = await resolver(tx, partnershipId)
  const live = new Map<string, q.EntryRow[]>()
  for (const { entry } of await q.rawEntriesOfVersion(tx, version.id))
    live.set(entry.nodeId, [...(live.get(entry.nodeId) ?? []), entry])
  const plans: DirectoryPlan[] = []
  for (const r of rows) {
    const node = nodes.get(r.ref)
    if (!node) {
      problems.push({
        row: r.row,
        column: 'ref',
        message: `${r.ref} is not a ref of the current strategy or on the Strategy sheet`,
      })
      continue
    }
    if (node.kind === 'theme') {
      problems.push({
        row: r.row,
        column: 'ref',
        message: `${r.ref} is a theme: the directory lists outcomes and sub-outcomes`,
      })
      continue
    }
    const existing = live.get(node.id) ?? []
    const input: DirectoryInput = {
      leadPartnership: null,
      boardChampionId: null,
      executiveOfficerId: null,
      outcomeLeadId: null,
    }
    let ok = true
    for (const role of directoryRoles) {
      const text = r[role]
      const have = existing.find((e) => e.role === role)
      if (!text) {
        input[roleFields[role]] = have
          ? (have.personId ??
            (have.organisationId
              ? `organisation:${have.organisationId}`
              : `partnership:${have.leadPartnershipId}`))
          : null
        continue
      }
      const found = role === 'lead_partnership' ? resolve.lead(text) : resolve.person(text)
      if (typeof found === 'string') input[roleFields[role]] = found
      else {
        problems.push({ row: r.row, column: role, message: found.problem })
        ok = false
      }
    }
    if (!ok) continue
    const plan = planDirectory(node, input, existing)
    plans.push(plan)
    if (!plan.archive.length && !plan.insert.length) counts.unchanged++
    else if (existing.length) counts.updated++
    else counts.created++
  }
  if (!problems.length) await audit(tx, actor, await writeDirectoryPlans(tx, plans, at))
  return { counts, problems }
}

/** The Directory sheet as the import reads it back: people by name, or by email when a name is shared. */
export async function directoryExportRows(
  db: DbOrTx,
  strategy: StrategyVersionsService,
  partnershipId: string,
) {
  const version = await strategy.current(db, partnershipId)
  if (!version) return []
  const people = (await q.candidates(db, partnershipId)).people
  const shared = new Set(people.map((p) => p.name.toLowerCase()).filter((n, i, all) => all.indexOf(n) !== i))
  const show = (p: { type: string; name: string; email: string | null } | null) =>
    !p ? null : p.type === 'person' && shared.has(p.name.toLowerCase()) && p.email ? p.email : p.name
  return (await directoryRows(db, strategy, version)).map((r) => ({
    ref: r.ref,
    lead_partnership: show(r.roles.lead_partnership),
    board_champion: show(r.roles.board_champion),
    executive_officer: show(r.roles.executive_officer),
    outcome_lead: show(r.roles.outcome_lead),
    row: r,
  }))
}

/** The DirectoryGaps sheet: each outcome with roles not filled. */
export async function directoryGapRows(db: DbOrTx, strategy: StrategyVersionsService, partnershipId: string) {
  return (await directoryExportRows(db, strategy, partnershipId))
    .filter(({ row }) => row.missing.length)
    .map(({ row }) => ({
      ref: row.ref,
      title: row.title,
      missing: row.missing.map((m) => directoryRoleLabels[m].toLowerCase()).join('; '),
    }))
}

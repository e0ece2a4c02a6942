import crypto from 'node:crypto'
import type { DbOrTx } from '../../db/client.ts'
import type { AuditEntry } from '../audit/audit.ts'
import type { NodeRow, StrategyVersionsService, VersionRow } from '../strategy/strategy-versions.service.ts'
import { buildTree, flatten, rootOf } from '../strategy/strategy-tree.ts'
import * as q from './directory.queries.ts'
import { directoryRoles, roleFields, type DirectoryInput, type DirectoryRole } from './directory.schema.ts'

/*
 * The directory's entries: read as one row per outcome with its four roles, and changed by
 * planning which entries to archive and add (unchanged roles are left alone), then writing the
 * plans. The service, the Directory sheet and a new version's copy share them.
 */
export interface Party {
  type: 'person' | 'organisation' | 'partnership'
  id: string
  name: string
  detail: string | null
  email: string | null
  /** A person's organisation. */
  organisation: string | null
}

export interface DirectoryRow {
  nodeId: string
  key: string
  ref: string
  kind: 'outcome' | 'sub_outcome'
  title: string
  depth: number
  theme: string
  themeId: string
  /** The theme's key (the same in every version of the strategy). */
  themeKey: string
  roles: Record<DirectoryRole, Party | null>
  missing: DirectoryRole[]
}

function partyOf(e: q.EntryWithNames): Party | null {
  const x = e.entry
  if (x.personId)
    return {
      type: 'person',
      id: x.personId,
      name: e.personName ?? '',
      detail: [e.personJobTitle, e.personOrganisation, e.personEmail].filter(Boolean).join(', ') || null,
      email: e.personEmail,
      organisation: e.personOrganisation,
    }
  if (x.organisationId)
    return {
      type: 'organisation',
      id: x.organisationId,
      name: e.organisationName ?? '',
      detail: null,
      email: null,
      organisation: null,
    }
  if (x.leadPartnershipId)
    return {
      type: 'partnership',
      id: x.leadPartnershipId,
      name: e.partnershipName ?? '',
      detail: null,
      email: null,
      organisation: null,
    }
  return null
}

/**
 * The directory of a version: one row per live outcome and sub-outcome, in document order (or
 * only the row of `nodeId`). With `at`: the outcomes made by then, with the entries live then.
 */
export async function directoryRows(
  db: DbOrTx,
  strategy: Pick<StrategyVersionsService, 'nodes'>,
  version: VersionRow,
  nodeId?: string,
  at?: Date,
): Promise<DirectoryRow[]> {
  const nodes = (await strategy.nodes(db, version.id)).filter((n) => !at || n.createdAt <= at)
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const entries = new Map<string, q.EntryWithNames[]>()
  for (const e of await q.listEntriesOfVersion(db, version.id, nodeId, at))
    entries.set(e.entry.nodeId, [...(entries.get(e.entry.nodeId) ?? []), e])
  return flatten(buildTree(nodes))
    .filter((n) => n.kind !== 'theme' && (!nodeId || n.id === nodeId))
    .map((n) => {
      const roles = Object.fromEntries(directoryRoles.map((r) => [r, null])) as Record<
        DirectoryRole,
        Party | null
      >
      for (const e of entries.get(n.id) ?? []) roles[e.entry.role as DirectoryRole] = partyOf(e)
      const theme = byId.get(rootOf(byId, n.id))!
      return {
        nodeId: n.id,
        key: n.key,
        ref: n.ref,
        kind: n.kind as 'outcome' | 'sub_outcome',
        title: n.title,
        depth: n.depth,
        theme: `${theme.ref} ${theme.title}`,
        themeId: theme.id,
        themeKey: theme.key,
        roles,
        missing: directoryRoles.filter((r) => !roles[r]),
      }
    })
}

/** What a role should hold after the change: the party's columns, or null to clear it. */
export function target(role: DirectoryRole, input: DirectoryInput) {
  const value = input[roleFields[role]]
  if (!value) return null
  if (role === 'lead_partnership') {
    const [type, id] = value.split(':') as ['organisation' | 'partnership', string]
    return type === 'organisation' ? { organisationId: id } : { leadPartnershipId: id }
  }
  return { personId: value }
}

export interface DirectoryPlan {
  node: NodeRow
  /** Entries replaced or cleared: archived, kept for history. */
  archive: q.EntryRow[]
  insert: (q.EntryInsert & { id: string })[]
}

/** What setting the four roles of one outcome changes, given its live entries. Unchanged roles are left alone. */
export function planDirectory(node: NodeRow, input: DirectoryInput, current: q.EntryRow[]): DirectoryPlan {
  const plan: DirectoryPlan = { node, archive: [], insert: [] }
  for (const role of directoryRoles) {
    const want = target(role, input)
    const have = current.find((e) => e.role === role)
    const same =
      have &&
      want &&
      (have.personId ?? null) === ('personId' in want ? want.personId : null) &&
      (have.organisationId ?? null) === ('organisationId' in want ? want.organisationId : null) &&
      (have.leadPartnershipId ?? null) === ('leadPartnershipId' in want ? want.leadPartnershipId : null)
    if (same || (!have && !want)) continue
    if (have) plan.archive.push(have)
    if (want)
      plan.insert.push({
        id: crypto.randomUUID(),
        partnershipId: node.partnershipId,
        nodeId: node.id,
        role,
        ...want,
      })
  }
  return plan
}

/**
 * Write plans in two statements (archive as of `at`, insert), inside the caller's transaction;
 * returns their audit entries.
 */
export async function writeDirectoryPlans(
  tx: DbOrTx,
  plans: DirectoryPlan[],
  at: Date,
): Promise<AuditEntry[]> {
  const archived = await q.archiveEntries(
    tx,
    plans.flatMap((p) => p.archive.map((e) => e.id)),
    at,
  )
  const inserted = await q.insertEntries(
    tx,
    plans.flatMap((p) => p.insert),
  )
  const refOf = new Map(plans.map((p) => [p.node.id, p.node.ref]))
  const before = new Map(plans.flatMap((p) => p.archive.map((e) => [e.id, e])))
  const base = (r: q.EntryRow) => ({
    partnershipId: r.partnershipId,
    entityType: 'directory_entry',
    entityId: r.id,
  })
  return [
    ...archived.map((r) => ({
      ...base(r),
      action: 'archive',
      before: before.get(r.id),
      after: { ...r, ref: refOf.get(r.nodeId) },
    })),
    ...inserted.map((r) => ({ ...base(r), action: 'create', after: { ...r, ref: refOf.get(r.nodeId) } })),
  ]
}

import crypto from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.ts'
import type { directoryEntries } from '../../db/schema/index.ts'
import { forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import { audit, type AuditEntry } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import { assertEditable, loadVersion } from '../strategy/strategy.rules.ts'
import { buildTree, flatten, rootOf } from '../strategy/strategy-tree.ts'
import * as sq from '../strategy/strategy.queries.ts'
import * as q from './directory.queries.ts'
import { directoryPolicy } from './directory.policy.ts'
import { directoryRoles, roleFields, type DirectoryInput, type DirectoryRole } from './directory.schema.ts'

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
 * only the row of `nodeId`).
 */
export async function directoryRows(
  db: DbOrTx,
  version: sq.VersionRow,
  nodeId?: string,
): Promise<DirectoryRow[]> {
  const nodes = await sq.listNodes(db, version.id)
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const entries = new Map<string, q.EntryWithNames[]>()
  for (const e of await q.listEntriesOfVersion(db, version.id, nodeId))
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
        roles,
        missing: directoryRoles.filter((r) => !roles[r]),
      }
    })
}

/** What a role should hold after the change: the party's columns, or null to clear it. */
function target(role: DirectoryRole, input: DirectoryInput) {
  const value = input[roleFields[role]]
  if (!value) return null
  if (role === 'lead_partnership') {
    const [type, id] = value.split(':') as ['organisation' | 'partnership', string]
    return type === 'organisation' ? { organisationId: id } : { leadPartnershipId: id }
  }
  return { personId: value }
}

/** Every named party must be a live person, organisation or partnership of this partnership. */
type Candidates = Awaited<ReturnType<typeof q.candidates>>

function partyErrors(c: Candidates, input: DirectoryInput): FieldErrors {
  const errors: FieldErrors = {}
  for (const role of directoryRoles) {
    const t = target(role, input)
    if (!t) continue
    const field = roleFields[role]
    if ('personId' in t && !c.people.some((p) => p.id === t.personId))
      errors[field] = 'Choose a person of this partnership from the list'
    if ('organisationId' in t && !c.organisations.some((o) => o.id === t.organisationId))
      errors[field] = 'Choose an organisation of this partnership from the list'
    if ('leadPartnershipId' in t && !c.partnerships.some((p) => p.id === t.leadPartnershipId))
      errors[field] = 'Choose this partnership or one of its partnerships from the list'
  }
  return errors
}

export interface DirectoryPlan {
  node: sq.NodeRow
  /** Entries replaced or cleared: archived, kept for history. */
  archive: q.EntryRow[]
  insert: (typeof directoryEntries.$inferInsert & { id: string })[]
}

/** What setting the four roles of one outcome changes, given its live entries. Unchanged roles are left alone. */
export function planDirectory(node: sq.NodeRow, input: DirectoryInput, current: q.EntryRow[]): DirectoryPlan {
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

/** Write plans in two statements (archive, insert), inside the caller's transaction; returns their audit entries. */
export async function writeDirectoryPlans(tx: DbOrTx, plans: DirectoryPlan[]): Promise<AuditEntry[]> {
  const archived = await q.archiveEntries(
    tx,
    plans.flatMap((p) => p.archive.map((e) => e.id)),
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

/** Set the four roles of one outcome inside a caller's transaction. */
export async function applyDirectory(
  tx: DbOrTx,
  node: sq.NodeRow,
  input: DirectoryInput,
): Promise<AuditEntry[]> {
  return writeDirectoryPlans(tx, [planDirectory(node, input, await q.entriesOfNode(tx, node.id))])
}

export function createDirectoryService(db: Db) {
  /** Managers may change any entry; an outcome lead the entries of outcomes they lead. */
  async function mayEdit(actor: Actor, partnershipId: string, nodeId: string) {
    if (manager(actor, partnershipId)) return true
    if (actor.roles.get(partnershipId) !== 'outcome_lead' || !actor.userId) return false
    const mine = await q.peopleOfUser(db, partnershipId, actor.userId)
    return (await q.nodesLedBy(db, mine)).includes(nodeId)
  }

  async function resolve(partnershipId: string, number?: number) {
    if (number) return loadVersion(db, partnershipId, number)
    const v = await sq.currentVersion(db, partnershipId)
    if (!v) throw notFound('Strategy')
    return v
  }

  return {
    mayEdit,

    /** The directory of a version (default: the current one). */
    async list(actor: Actor, partnershipId: string, number?: number) {
      authorize(directoryPolicy.read, actor, partnershipId)
      const version = await resolve(partnershipId, number)
      return { version, rows: await directoryRows(db, version) }
    },

    /** Outcomes and sub-outcomes with at least one role not filled (003 recommendation a). */
    async gaps(actor: Actor, partnershipId: string, number?: number) {
      authorize(directoryPolicy.read, actor, partnershipId)
      const version = await resolve(partnershipId, number)
      return { version, rows: (await directoryRows(db, version)).filter((r) => r.missing.length > 0) }
    },

    async row(actor: Actor, partnershipId: string, nodeId: string) {
      authorize(directoryPolicy.read, actor, partnershipId)
      const node = await sq.findNode(db, partnershipId, nodeId)
      if (!node || node.archivedAt || node.kind === 'theme') throw notFound('Outcome')
      const version = (await sq.findVersion(db, partnershipId, node.versionId))!
      const [row] = await directoryRows(db, version, nodeId)
      if (!row) throw notFound('Outcome')
      return { version, row }
    },

    async candidates(actor: Actor, partnershipId: string) {
      authorize(directoryPolicy.read, actor, partnershipId)
      return q.candidates(db, partnershipId)
    },

    /** Fill, change or clear the roles of one outcome or sub-outcome. */
    async set(actor: Actor, partnershipId: string, nodeId: string, input: DirectoryInput) {
      authorize(directoryPolicy.read, actor, partnershipId)
      if (!(await mayEdit(actor, partnershipId, nodeId))) throw forbidden()
      const node = await sq.findNode(db, partnershipId, nodeId)
      if (!node || node.archivedAt) throw notFound('Outcome')
      if (node.kind === 'theme')
        throw validationError({ _form: 'The directory lists outcomes and sub-outcomes, not themes' })
      const version = (await sq.findVersion(db, partnershipId, node.versionId))!
      const errors = partyErrors(await q.candidates(db, partnershipId), input)
      if (Object.keys(errors).length) throw validationError(errors)
      await db.transaction(async (tx) => {
        await assertEditable(tx, version)
        await audit(tx, actor, await applyDirectory(tx, node, input))
      })
      return this.row(actor, partnershipId, nodeId)
    },

    /**
     * Set many outcomes' roles in one transaction (the demo, bulk edits). Managers only; every
     * entry is checked before anything is written.
     */
    async setMany(actor: Actor, partnershipId: string, entries: { nodeId: string; input: DirectoryInput }[]) {
      authorize(directoryPolicy.edit, actor, partnershipId)
      const c = await q.candidates(db, partnershipId)
      await db.transaction(async (tx) => {
        const checked = new Set<string>()
        const plans: DirectoryPlan[] = []
        for (const { nodeId, input } of entries) {
          const node = await sq.findNode(tx, partnershipId, nodeId)
          if (!node || node.archivedAt || node.kind === 'theme') throw notFound('Outcome')
          const errors = partyErrors(c, input)
          if (Object.keys(errors).length) throw validationError(errors)
          if (!checked.has(node.versionId)) {
            await assertEditable(tx, (await sq.findVersion(tx, partnershipId, node.versionId))!)
            checked.add(node.versionId)
          }
          plans.push(planDirectory(node, input, await q.entriesOfNode(tx, node.id)))
        }
        await audit(tx, actor, await writeDirectoryPlans(tx, plans))
      })
    },
  }
}

export type DirectoryService = ReturnType<typeof createDirectoryService>

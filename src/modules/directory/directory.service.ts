import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, notFound, validationError, type FieldErrors } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import type { StrategyVersionsService } from '../strategy/strategy-versions.service.ts'
import * as q from './directory.queries.ts'
import {
  directoryRows,
  planDirectory,
  target,
  writeDirectoryPlans,
  type DirectoryPlan,
} from './directory.entries.ts'
import { directoryPolicy } from './directory.policy.ts'
import { directoryRoles, roleFields, type DirectoryInput } from './directory.schema.ts'

export type { DirectoryRow, Party } from './directory.entries.ts'

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

export interface DirectoryDeps {
  clock: Clock
  /** The versions and nodes the directory hangs off. */
  strategy: StrategyVersionsService
}

export function createDirectoryService(db: Db, deps: DirectoryDeps) {
  const { strategy } = deps

  /** Managers may change any entry; an outcome lead the entries of outcomes they lead. */
  async function mayEdit(actor: Actor, partnershipId: string, nodeId: string) {
    if (manager(actor, partnershipId)) return true
    if (actor.roles.get(partnershipId) !== 'outcome_lead' || !actor.userId) return false
    const mine = await q.peopleOfUser(db, partnershipId, actor.userId)
    return (await q.nodesLedBy(db, mine)).includes(nodeId)
  }

  const resolve = (partnershipId: string, number?: number) => strategy.resolve(db, partnershipId, number)

  const service = {
    mayEdit,

    /**
     * For another module's use-case (it has authorised): the live people records of a signed-in
     * user in the partnership, by id.
     */
    findPeopleOfUser: (tx: DbOrTx, partnershipId: string, userId: string) =>
      q.peopleOfUser(tx, partnershipId, userId),

    /**
     * For another module's use-case, in its transaction (it has authorised): the person the
     * current strategy's directory names outcome lead of each outcome and sub-outcome, by the
     * outcome's key (outcomes led by an organisation or partnership, or by no one, are left out).
     */
    async findOutcomeLeads(tx: DbOrTx, partnershipId: string) {
      const version = await strategy.current(tx, partnershipId)
      const leads = new Map<string, { personId: string; name: string }>()
      if (!version) return leads
      for (const r of await directoryRows(tx, strategy, version)) {
        const lead = r.roles.outcome_lead
        if (lead?.type === 'person') leads.set(r.key, { personId: lead.id, name: lead.name })
      }
      return leads
    },

    /**
     * For the strategy starting a version, inside its transaction (it has authorised): copy the
     * live entries of the source version's nodes onto their copies (`ids`: source node id → copy).
     */
    async copyEntries(tx: DbOrTx, fromVersionId: string, ids: ReadonlyMap<string, string>) {
      await q.insertEntries(
        tx,
        (await q.rawEntriesOfVersion(tx, fromVersionId)).map(({ entry: e }) => ({
          partnershipId: e.partnershipId,
          nodeId: ids.get(e.nodeId)!,
          role: e.role,
          personId: e.personId,
          organisationId: e.organisationId,
          leadPartnershipId: e.leadPartnershipId,
        })),
      )
    },

    /** The directory of a version (default: the current one). */
    async list(actor: Actor, partnershipId: string, number?: number) {
      authorize(directoryPolicy.read, actor, partnershipId)
      const version = await resolve(partnershipId, number)
      return { version, rows: await directoryRows(db, strategy, version) }
    },

    /**
     * The directory as it stood at `at` (reports): the version current then, its outcomes made by
     * then, with the entries live then. Names and refs are today's. No version then: no rows.
     */
    async listAt(actor: Actor, partnershipId: string, at: Date) {
      authorize(directoryPolicy.read, actor, partnershipId)
      const version = await q.versionAt(db, partnershipId, at)
      return { version, rows: version ? await directoryRows(db, strategy, version, undefined, at) : [] }
    },

    /**
     * The outcomes and sub-outcomes of the current strategy whose outcome lead is the signed-in
     * user (one of their person records here), with all their roles: what an outcome lead leads.
     * None without a strategy.
     */
    async ledBy(actor: Actor, partnershipId: string) {
      authorize(directoryPolicy.read, actor, partnershipId)
      if (!actor.userId) return []
      const mine = await q.peopleOfUser(db, partnershipId, actor.userId)
      if (mine.length === 0) return []
      const version = await strategy.current(db, partnershipId)
      if (!version) return []
      return (await directoryRows(db, strategy, version)).filter((r) => {
        const lead = r.roles.outcome_lead
        return lead?.type === 'person' && mine.includes(lead.id)
      })
    },

    /** Outcomes and sub-outcomes with at least one role not filled (003 recommendation a). */
    async gaps(actor: Actor, partnershipId: string, number?: number) {
      authorize(directoryPolicy.read, actor, partnershipId)
      const version = await resolve(partnershipId, number)
      return {
        version,
        rows: (await directoryRows(db, strategy, version)).filter((r) => r.missing.length > 0),
      }
    },

    async row(actor: Actor, partnershipId: string, nodeId: string) {
      authorize(directoryPolicy.read, actor, partnershipId)
      const node = await strategy.findNode(db, partnershipId, nodeId)
      if (!node || node.archivedAt || node.kind === 'theme') throw notFound('Outcome')
      const version = (await strategy.find(db, partnershipId, node.versionId))!
      const [row] = await directoryRows(db, strategy, version, nodeId)
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
      const node = await strategy.findNode(db, partnershipId, nodeId)
      if (!node || node.archivedAt) throw notFound('Outcome')
      if (node.kind === 'theme')
        throw validationError({ _form: 'The directory lists outcomes and sub-outcomes, not themes' })
      const version = (await strategy.find(db, partnershipId, node.versionId))!
      const errors = partyErrors(await q.candidates(db, partnershipId), input)
      if (Object.keys(errors).length) throw validationError(errors)
      // Up to two audit rows per role (the entry archived, its successor created): not one mutation.
      await db.transaction(async (tx) => {
        await strategy.assertEditable(tx, version)
        const plan = planDirectory(node, input, await q.entriesOfNode(tx, node.id))
        await audit(tx, actor, await writeDirectoryPlans(tx, [plan], deps.clock()))
      })
      return service.row(actor, partnershipId, nodeId)
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
          const node = await strategy.findNode(tx, partnershipId, nodeId)
          if (!node || node.archivedAt || node.kind === 'theme') throw notFound('Outcome')
          const errors = partyErrors(c, input)
          if (Object.keys(errors).length) throw validationError(errors)
          if (!checked.has(node.versionId)) {
            await strategy.assertEditable(tx, (await strategy.find(tx, partnershipId, node.versionId))!)
            checked.add(node.versionId)
          }
          plans.push(planDirectory(node, input, await q.entriesOfNode(tx, node.id)))
        }
        await audit(tx, actor, await writeDirectoryPlans(tx, plans, deps.clock()))
      })
    },
  }
  return service
}

export type DirectoryService = ReturnType<typeof createDirectoryService>

import type { Db, DbOrTx } from '../../db/client.ts'
import { notFound, validationError } from '../../errors.ts'
import { financialYearOf, yearLabel } from '../../periods/index.ts'
import { ukDate, type Clock } from '../../lib/clock.ts'
import { audit } from '../audit/audit.ts'
import { mutate, type Change } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import * as q from './agreements.queries.ts'
import { agreementPolicy } from './agreements.policy.ts'
import type { AgreementInput, AgreementStatus, SignOffInput } from './agreements.schema.ts'

export type { AgreementRow } from './agreements.queries.ts'

/** `NI 32 (proposed), NI 39 (placeholder)`. */
export const describeUnsettled = (rows: { code: string; status: string }[]) =>
  rows.map((r) => `${r.code} (${r.status})`).join(', ')

const duplicateName = () => validationError({ name: 'An agreement with that name already exists' })

/** Trajectories already set must stay inside the agreement's years. */
async function checkSpan(db: DbOrTx, id: string, input: AgreementInput) {
  const span = await q.trajectorySpan(db, id)
  if (!span) return
  const first = financialYearOf(`${span.first.slice(0, 7)}`).year
  const last = financialYearOf(`${span.last.slice(0, 7)}`).year
  const fields: Record<string, string> = {}
  if (input.start > first)
    fields.start = `Targets have trajectory values from ${yearLabel(first)}: the first year cannot be later`
  if (input.end < last)
    fields.end = `Targets have trajectory values up to ${yearLabel(last)}: the last year cannot be earlier`
  if (Object.keys(fields).length) throw validationError(fields)
}

const entityType = 'agreement'

/** Change the agreement's row: the change and its audit event. */
async function record(
  tx: DbOrTx,
  before: q.AgreementRow,
  values: Parameters<typeof q.updateAgreement>[2],
  action: string,
): Promise<Change<q.AgreementRow>> {
  const row = await q.updateAgreement(tx, before.id, values)
  return { result: row, audit: { entityType, entityId: row.id, action, before, after: row } }
}

/** Add an agreement (its name unique in the partnership): the row and its audit event. */
async function insert(
  tx: DbOrTx,
  partnershipId: string,
  input: AgreementInput,
  status: AgreementStatus = 'draft',
): Promise<Change<q.AgreementRow>> {
  if (await q.findAgreementByName(tx, partnershipId, input.name)) throw duplicateName()
  const row = await q.insertAgreement(tx, {
    partnershipId,
    name: input.name,
    startYear: input.start,
    endYear: input.end,
    description: input.description ?? null,
    status,
  })
  return { result: row, audit: { entityType, entityId: row.id, action: 'create', after: row } }
}

export function createAgreementsService(db: Db, deps: { clock: Clock }) {
  async function get(actor: Actor, partnershipId: string, id: string) {
    authorize(agreementPolicy.read, actor, partnershipId)
    const row = await q.findAgreement(db, partnershipId, id)
    if (!row) throw notFound('Agreement')
    return row
  }

  /** An import's change, inside its transaction: audited there, one row per agreement. */
  async function recorded(tx: DbOrTx, actor: Actor, partnershipId: string, change: Change<q.AgreementRow>) {
    if (change.audit) await audit(tx, actor, { partnershipId, ...change.audit })
    return change.result
  }

  return {
    async list(actor: Actor, partnershipId: string, opts: { includeArchived?: boolean } = {}) {
      authorize(agreementPolicy.read, actor, partnershipId)
      return q.listAgreements(db, partnershipId, opts)
    },

    /** The latest agreement not archived, if any. */
    async current(actor: Actor, partnershipId: string) {
      authorize(agreementPolicy.read, actor, partnershipId)
      return q.currentAgreement(db, partnershipId)
    },

    get,

    /** For another module's use-case (it has authorised), in its transaction: the agreement, archived too. */
    find: (tx: DbOrTx, partnershipId: string, id: string) => q.findAgreement(tx, partnershipId, id),

    /**
     * For another module's use-case, in its transaction: lock the agreement's row until it ends,
     * so limits over its targets are checked one writer at a time.
     */
    lock: (tx: DbOrTx, id: string) => q.lockAgreement(tx, id),

    /** For another module's use-case (it has authorised), in its transaction: the current agreement, if any. */
    findCurrent: (tx: DbOrTx, partnershipId: string) => q.currentAgreement(tx, partnershipId),

    /** For another module's use-case (it has authorised), in its transaction: the agreement of that name, if any. */
    findByName: (tx: DbOrTx, partnershipId: string, name: string) =>
      q.findAgreementByName(tx, partnershipId, name),

    create: (actor: Actor, partnershipId: string, input: AgreementInput) =>
      mutate(db, actor, { partnershipId, rule: agreementPolicy.create }, (tx) =>
        insert(tx, partnershipId, input),
      ),

    async update(actor: Actor, partnershipId: string, id: string, input: AgreementInput) {
      authorize(agreementPolicy.update, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const clash = await q.findAgreementByName(tx, partnershipId, input.name)
        if (clash && clash.id !== id) throw duplicateName()
        await checkSpan(tx, id, input)
        return record(
          tx,
          before,
          {
            name: input.name,
            startYear: input.start,
            endYear: input.end,
            description: input.description ?? null,
          },
          'update',
        )
      })
    },

    /** Move between the drafts (draft → penultimate → final, or back). A signed agreement stays signed. */
    async changeStatus(
      actor: Actor,
      partnershipId: string,
      id: string,
      status: Exclude<AgreementStatus, 'signed'>,
    ) {
      authorize(agreementPolicy.update, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      if (before.status === 'signed')
        throw validationError({
          status: 'The agreement is signed; change its targets by revising them (the refresh)',
        })
      if (before.status === status) return before
      return mutate(db, actor, { partnershipId }, (tx) =>
        record(tx, before, { status, statusChangedAt: deps.clock() }, 'status'),
      )
    },

    /** Issue a new draft: the draft number goes up and the status returns to draft. */
    async newDraft(actor: Actor, partnershipId: string, id: string) {
      authorize(agreementPolicy.update, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      if (before.status === 'signed')
        throw validationError({ _form: 'The agreement is signed: it has no further drafts' })
      return mutate(db, actor, { partnershipId }, (tx) =>
        record(
          tx,
          before,
          { version: before.version + 1, status: 'draft', statusChangedAt: deps.clock() },
          'new-draft',
        ),
      )
    },

    /** Targets a sign-off would leave unagreed: still proposed or a placeholder. */
    async unsettledTargets(actor: Actor, partnershipId: string, id: string) {
      await get(actor, partnershipId, id)
      return q.unsettledTargets(db, id)
    },

    /**
     * Record the sign-off: when, by whom; the agreement becomes signed. With targets still
     * proposed or a placeholder, only when confirmed (`confirm`).
     */
    async signOff(actor: Actor, partnershipId: string, id: string, input: SignOffInput) {
      authorize(agreementPolicy.signOff, actor, partnershipId)
      if (input.signedOn > ukDate(deps.clock()))
        throw validationError({ signedOn: 'The date signed cannot be in the future' })
      const before = await get(actor, partnershipId, id)
      return mutate(db, actor, { partnershipId }, async (tx) => {
        const unsettled = await q.unsettledTargets(tx, id)
        if (unsettled.length && !input.confirm) {
          const message = `${unsettled.length} target${unsettled.length === 1 ? ' is' : 's are'} not agreed: ${describeUnsettled(unsettled)}. Confirm to sign the agreement off with ${unsettled.length === 1 ? 'it' : 'them'} unagreed`
          throw validationError({ confirm: message }, message)
        }
        return record(
          tx,
          before,
          {
            status: 'signed',
            statusChangedAt: before.status === 'signed' ? before.statusChangedAt : deps.clock(),
            signedOn: input.signedOn,
            signedBy: input.signedBy,
            signOffNotes: input.signOffNotes ?? null,
          },
          'sign-off',
        )
      })
    },

    async archive(actor: Actor, partnershipId: string, id: string) {
      authorize(agreementPolicy.archive, actor, partnershipId)
      const before = await get(actor, partnershipId, id)
      if (before.archivedAt) return before
      return mutate(db, actor, { partnershipId }, (tx) =>
        record(tx, before, { archivedAt: deps.clock() }, 'archive'),
      )
    },

    /**
     * Find the agreement an import names, or create it, inside the caller's transaction. Without a
     * name: the current agreement, or a new draft spanning `years` when there is none.
     */
    async ensureForImport(
      tx: DbOrTx,
      actor: Actor,
      partnershipId: string,
      input: (AgreementInput & { status?: AgreementStatus | null }) | undefined,
      years?: { start: number; end: number },
    ) {
      if (!input) {
        const current = await q.currentAgreement(tx, partnershipId)
        if (current) return { row: current, action: null }
        const start = years?.start ?? deps.clock().getFullYear()
        const end = years?.end ?? start + 2
        const row = await recorded(
          tx,
          actor,
          partnershipId,
          await insert(tx, partnershipId, {
            name: `Local Area Agreement ${yearLabel(start)} - ${yearLabel(end)}`,
            start,
            end,
            description: null,
          }),
        )
        return { row, action: 'created' as const }
      }
      const existing = await q.findAgreementByName(tx, partnershipId, input.name)
      if (!existing) {
        const row = await recorded(
          tx,
          actor,
          partnershipId,
          await insert(tx, partnershipId, input, input.status ?? 'draft'),
        )
        return { row, action: 'created' as const }
      }
      const status = input.status ?? existing.status
      if (existing.startYear === input.start && existing.endYear === input.end && status === existing.status)
        return { row: existing, action: null }
      await checkSpan(tx, existing.id, input)
      const row = await recorded(
        tx,
        actor,
        partnershipId,
        await record(
          tx,
          existing,
          {
            startYear: input.start,
            endYear: input.end,
            ...(status !== existing.status ? { status, statusChangedAt: deps.clock() } : {}),
          },
          'update',
        ),
      )
      return { row, action: 'updated' as const }
    },
  }
}

export type AgreementsService = ReturnType<typeof createAgreementsService>

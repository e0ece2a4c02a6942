import type { Db, DbOrTx } from '../../db/client.ts'
import { conflict, forbidden, notFound, validationError } from '../../errors.ts'
import { isUuid } from '../../lib/fields.ts'
import { audit } from '../audit/audit.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import {
  enteredByActor,
  loadView,
  SELF_APPROVAL_REFUSED,
  type createEntryContext,
  type ResolvedKey,
} from './values.entry-context.ts'
import { changed, type ValueConflictError } from './values.events.ts'
import { valuePolicy } from './values.policy.ts'
import * as q from './values.queries.ts'
import type { ReasonInput, ValueAction, ValueStatus } from './values.schema.ts'
import type { ValuesDeps } from './values.service.ts'

/** What the approval use-cases share with entry: the value's context, conflicts, versions and entry rules. */
interface ValuesCore {
  ctx: ReturnType<typeof createEntryContext>
  conflictWith: (tx: DbOrTx, valueId: string) => Promise<ValueConflictError>
  recordVersion: (
    tx: DbOrTx,
    actor: Actor,
    after: q.ValueRow,
    action: ValueAction,
    reason?: string | null,
  ) => Promise<void>
  checkEntry: (actor: Actor, partnershipId: string, k: ResolvedKey) => Promise<{ late: boolean }>
}

/**
 * A value's way through approval: submitted, approved (one or several at once), returned to its
 * provider or reopened, each a status change at the expected version with its version row.
 */
export function createApprovalUseCases(db: Db, deps: ValuesDeps, core: ValuesCore) {
  const { ctx, conflictWith, recordVersion, checkEntry } = core

  /** Tell the organisation's data providers (returned or reopened values). */
  async function notify(
    tx: DbOrTx,
    kind: 'returned' | 'reopened',
    v: q.ValueRow,
    code: string,
    place: string,
    subject: string,
    body: string,
  ) {
    if (!v.organisationId) return
    const to = (await deps.rounds.providerEmails(tx, v.partnershipId, v.organisationId)).map((p) => p.email)
    await deps.outbox.recordIn(tx, {
      partnershipId: v.partnershipId,
      kind,
      dedupeKey: `${kind}:${v.id}:${v.version}`,
      to,
      subject,
      body: `${body}\n\n${code} — ${place}, ${v.period}\nValue: ${v.value ?? 'none'}\n`,
      roundId: v.roundId,
      organisationId: v.organisationId,
    })
  }

  /** Change a value's status (submit, approve, return, reopen) if it is at the expected version. */
  async function transition(
    actor: Actor,
    partnershipId: string,
    id: string,
    opts: {
      from: ValueStatus[]
      to: ValueStatus
      action: ValueAction
      version?: number | undefined
      reason?: string | null
      late?: boolean
      after?: (tx: DbOrTx, row: q.ValueRow, view: q.ValueView) => Promise<void>
      /** A check once the value is known to be the partnership's. */
      guard?: () => Promise<void>
    },
  ) {
    const view = await loadView(db, partnershipId, id)
    await opts.guard?.()
    const before = view.value
    if (opts.version !== undefined && opts.version !== before.version) throw await conflictWith(db, id)
    if (!opts.from.includes(before.status as ValueStatus))
      throw conflict(`This value is ${before.status}: it cannot be ${opts.action} now`)
    const result = await mutate(db, actor, { partnershipId }, async (tx) => {
      const row = await q.updateValueAtVersion(tx, id, before.version, {
        status: opts.to,
        statusReason: opts.reason ?? null,
        late: before.late || (opts.late ?? false),
        updatedByUserId: actor.userId,
        updatedAt: deps.clock(),
      })
      if (!row) throw await conflictWith(tx, id)
      await recordVersion(tx, actor, row, opts.action, opts.reason ?? null)
      await opts.after?.(tx, row, view)
      return { result: row, audit: changed(before, row, opts.action) }
    })
    if (opts.after) await deps.outbox.deliver().catch(() => undefined)
    return result
  }

  return {
    /** Submitted values waiting for a second person's approval (the first `limit`, and how many in all). */
    async awaitingApproval(actor: Actor, partnershipId: string, limit = 8) {
      authorize(valuePolicy.approve, actor, partnershipId)
      return q.awaitingApproval(db, partnershipId, limit)
    },

    /** Submit a draft or returned value for approval. */
    async submit(actor: Actor, partnershipId: string, id: string, version?: number) {
      authorize(valuePolicy.enterSome, actor, partnershipId)
      const view = await loadView(db, partnershipId, id)
      const k = await ctx.resolveKey(db, partnershipId, {
        indicatorId: view.value.indicatorId,
        placeId: view.value.placeId,
        period: view.value.period,
      })
      const { late } = await checkEntry(actor, partnershipId, k)
      return transition(actor, partnershipId, id, {
        from: ['draft', 'returned'],
        to: 'submitted',
        action: 'submitted',
        version,
        late,
      })
    },

    /** Of these values, those the actor may not approve because they entered or changed them. */
    async ownEntries(actor: Actor, partnershipId: string, ids: string[]) {
      return enteredByActor(db, partnershipId, actor, ids.filter(isUuid))
    },

    /** Approve a submitted value: by default not by whoever entered or changed it. */
    async approve(actor: Actor, partnershipId: string, id: string, version?: number) {
      authorize(valuePolicy.approve, actor, partnershipId)
      return transition(actor, partnershipId, id, {
        from: ['submitted'],
        to: 'approved',
        action: 'approved',
        version,
        guard: async () => {
          if ((await enteredByActor(db, partnershipId, actor, [id])).has(id))
            throw forbidden(SELF_APPROVAL_REFUSED)
        },
      })
    },

    /**
     * Approve several submitted values at once (the round's approve-selected), all or nothing in
     * one transaction: refused, naming them, if any is no longer submitted or was entered by the
     * actor where a second person must approve.
     */
    async approveMany(actor: Actor, partnershipId: string, ids: string[]) {
      authorize(valuePolicy.approve, actor, partnershipId)
      const wanted = [...new Set(ids)].filter(isUuid)
      if (wanted.length === 0) throw validationError({ ids: 'Select the values to approve' })
      const views = await q.findValueViews(db, partnershipId, wanted)
      if (views.length !== wanted.length) throw notFound('Value')
      const label = (v: q.ValueView) => `${v.indicator.code} at ${v.place.name} (${v.value.period})`
      const moved = views.filter((v) => v.value.status !== 'submitted')
      if (moved.length)
        throw conflict(
          `Nothing was approved: ${moved.map(label).join(', ')} ${moved.length === 1 ? 'is' : 'are'} no longer waiting for approval. Reload the page and try again`,
        )
      const mine = await enteredByActor(db, partnershipId, actor, wanted)
      if (mine.size)
        throw forbidden(
          `Nothing was approved: ${SELF_APPROVAL_REFUSED}. Yours: ${views
            .filter((v) => mine.has(v.value.id))
            .map(label)
            .join(', ')}`,
        )
      // One transaction, one version row and one audit event per value approved.
      return db.transaction(async (tx) => {
        const rows = []
        for (const v of views) {
          const row = await q.updateValueAtVersion(tx, v.value.id, v.value.version, {
            status: 'approved',
            statusReason: null,
            late: v.value.late,
            updatedByUserId: actor.userId,
            updatedAt: deps.clock(),
          })
          if (!row) throw await conflictWith(tx, v.value.id)
          await recordVersion(tx, actor, row, 'approved')
          await audit(tx, actor, { partnershipId, ...changed(v.value, row, 'approved') })
          rows.push(row)
        }
        return rows
      })
    },

    /** Send a submitted value back to its provider with a reason; the provider is told by message. */
    async returnValue(actor: Actor, partnershipId: string, id: string, input: ReasonInput) {
      authorize(valuePolicy.approve, actor, partnershipId)
      return transition(actor, partnershipId, id, {
        from: ['submitted'],
        to: 'returned',
        action: 'returned',
        version: input.version,
        reason: input.reason,
        after: (tx, row, view) =>
          notify(
            tx,
            'returned',
            row,
            view.indicator.code,
            view.place.name,
            `Returned: ${view.indicator.code} ${view.place.name} ${row.period}`,
            `${actor.label} returned this value for correction.\n\nReason: ${input.reason}\n\nCorrect it and submit it again under "My returns".`,
          ),
      })
    },

    /** Unlock an approved value so it can be corrected (back to draft), with a reason. */
    async reopen(actor: Actor, partnershipId: string, id: string, input: ReasonInput) {
      authorize(valuePolicy.reopen, actor, partnershipId)
      return transition(actor, partnershipId, id, {
        from: ['approved'],
        to: 'draft',
        action: 'reopened',
        version: input.version,
        reason: input.reason,
        after: (tx, row, view) =>
          notify(
            tx,
            'reopened',
            row,
            view.indicator.code,
            view.place.name,
            `Reopened: ${view.indicator.code} ${view.place.name} ${row.period}`,
            `${actor.label} reopened this approved value for correction.\n\nReason: ${input.reason}`,
          ),
      })
    },
  }
}

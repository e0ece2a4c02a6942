/**
 * Reads of money as at a moment, for the finance report (reports.md): the financial protocol and
 * its signatures then, each first-level recipient's allocated, released and passed-on money then,
 * and the commissioning decisions on record then. Read-only; never changes a row.
 */
import type { Db } from '../../db/client.ts'
import { sumPence } from '../../lib/money.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize } from '../auth/policy.ts'
import type { MoneyDeps } from './money.deps.ts'
import * as fq from './money.finance.queries.ts'
import { moneyPolicy } from './money.policy.ts'
import { findStream, organisationNames } from './money.spend.queries.ts'
import * as vq from './money.versions.queries.ts'

/** A first-level recipient's money for a year as at a moment, and its signature of the protocol then. */
export interface RecipientStanding {
  recipientId: string
  recipient: string
  allocatedPence: number
  releasedPence: number
  /** Passed on to other bodies by onward allocations (the recipient stays accountable). */
  passedOnPence: number
  signature: { signedByName: string; signedAt: Date; version: number } | null
}

export function createFinanceReads(db: Db, deps: Pick<MoneyDeps, 'strategy'>) {
  return {
    /**
     * The protocol as at `at` (the version published latest by then, null before the first) and
     * each first-level recipient with an allocation in `year` then: allocated, released and passed
     * on then, and its signature of that version made by then (null: outstanding). By name.
     */
    async recipientStandingAt(actor: Actor, partnershipId: string, opts: { year: string; at: Date }) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const { year, at } = opts
      const version = await fq.versionAt(db, partnershipId, at)
      const signatures = version ? await fq.signaturesAt(db, version.id, at) : []
      const live = await vq.allocationsAsAt(db, await fq.allocationsAt(db, partnershipId, year, at), at)
      const first = live.filter((a) => !a.parentAllocationId)
      const names = await organisationNames(db, [...new Set(first.map((a) => a.recipientId))])
      const recipients: RecipientStanding[] = [...new Set(first.map((a) => a.recipientId))].map((rid) => {
        const mine = first.filter((a) => a.recipientId === rid)
        const ids = new Set(mine.map((a) => a.id))
        const sig = signatures.find((s) => s.organisationId === rid)
        return {
          recipientId: rid,
          recipient: names.get(rid) ?? '',
          allocatedPence: sumPence(mine.map((a) => a.amountPence)),
          releasedPence: sumPence(
            mine.filter((a) => a.releasedAt && a.releasedAt <= at).map((a) => a.amountPence),
          ),
          passedOnPence: sumPence(
            live
              .filter((a) => a.parentAllocationId && ids.has(a.parentAllocationId))
              .map((a) => a.amountPence),
          ),
          signature:
            sig && version
              ? { signedByName: sig.signedByName, signedAt: sig.signedAt, version: version.version }
              : null,
        }
      })
      recipients.sort((a, b) => a.recipient.localeCompare(b.recipient))
      return {
        protocol: version ? { version: version.version, publishedAt: version.publishedAt } : null,
        recipients,
      }
    },

    /**
     * The commissioning decisions on record at `at` (recorded by then, not archived then), newest
     * first, with the provider's name, the stream's ref and the outcome's ref and title.
     */
    async commissioningAt(actor: Actor, partnershipId: string, opts: { at: Date }) {
      authorize(moneyPolicy.read, actor, partnershipId)
      const { at } = opts
      const rows = await fq.decisionsAt(db, partnershipId, at)
      const nodes = new Map((await deps.strategy.findCurrentNodes(db, partnershipId)).map((n) => [n.key, n]))
      const names = await organisationNames(db, [...new Set(rows.flatMap((r) => r.providerId ?? []))])
      const streams = new Map<string, string>()
      for (const id of new Set(rows.flatMap((r) => r.streamId ?? [])))
        streams.set(id, (await findStream(db, partnershipId, id))?.ref ?? '')
      return rows.map((r) => {
        const node = r.outcomeKey ? nodes.get(r.outcomeKey) : undefined
        return {
          ...r,
          provider: r.providerId ? (names.get(r.providerId) ?? null) : null,
          streamRef: r.streamId ? (streams.get(r.streamId) ?? null) : null,
          outcome: node ? { ref: node.ref, title: node.title } : null,
        }
      })
    },
  }
}

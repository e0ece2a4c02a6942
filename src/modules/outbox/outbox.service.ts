import type { Db, DbOrTx } from '../../db/client.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, manager } from '../auth/policy.ts'
import type { Mailer } from './mailer.ts'
import * as q from './outbox.queries.ts'

export const outboxPolicy = { read: manager }

export interface OutgoingMessage {
  partnershipId: string
  /** reminder | returned | … */
  kind: string
  /** Recorded once per key: a reminder run repeated the same day sends nothing twice. */
  dedupeKey?: string | null
  to: string[]
  subject: string
  body: string
  roundId?: string | null
  organisationId?: string | null
}

/**
 * Messages to people. Recorded first (inside the caller's transaction, so a rolled-back change
 * sends nothing), then delivered by SMTP when a mailer is configured; without one they stay on
 * the partnership's outbox page.
 */
export function createOutboxService(db: Db, opts: { mailer: Mailer | null }) {
  const { mailer } = opts
  return {
    mailConfigured: mailer !== null,

    /** Record a message in the caller's transaction; false when its dedupe key was used before. */
    async recordIn(tx: DbOrTx, m: OutgoingMessage): Promise<boolean> {
      if (m.to.length === 0) return false
      const row = await q.insertMessage(tx, {
        partnershipId: m.partnershipId,
        kind: m.kind,
        dedupeKey: m.dedupeKey ?? null,
        toAddress: m.to.join(', '),
        subject: m.subject,
        body: m.body,
        roundId: m.roundId ?? null,
        organisationId: m.organisationId ?? null,
      })
      return row !== undefined
    },

    /** Send what is waiting, when SMTP is configured. Failures stay unsent with their error, for the next run. */
    async deliver(): Promise<{ sent: number; failed: number }> {
      if (!mailer) return { sent: 0, failed: 0 }
      let sent = 0
      let failed = 0
      for (;;) {
        const batch = await q.claimUnsent(db, 50)
        if (batch.length === 0) break
        for (const m of batch) {
          try {
            await mailer.send({ to: m.toAddress, subject: m.subject, text: m.body })
            sent++
          } catch (err) {
            failed++
            await q.markUnsent(db, m.id, err instanceof Error ? err.message : String(err))
          }
        }
        if (failed > 0) break
      }
      return { sent, failed }
    },

    async list(actor: Actor, partnershipId: string) {
      authorize(outboxPolicy.read, actor, partnershipId)
      return q.listMessages(db, partnershipId)
    },

    close() {
      mailer?.close()
    },
  }
}

export type OutboxService = ReturnType<typeof createOutboxService>

import type { Db, DbOrTx } from '../../db/client.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Actor } from '../auth/actor.ts'
import { authorize, roles } from '../auth/policy.ts'
import type { MailMessage, Mailer } from './mailer.ts'
import { outboxPolicy } from './outbox.policy.ts'
import * as q from './outbox.queries.ts'

/**
 * Kinds whose text only a partnership's administrators may read on the outbox page: a link to set
 * a password works for whoever holds it, and a performance officer must not be able to sign in as
 * an administrator with one. (Administrators can send such links themselves anyway.)
 */
export const SIGN_IN_LINK_KIND = 'sign-in-link'
const ADMIN_ONLY_KINDS = new Set([SIGN_IN_LINK_KIND])
const admin = roles('admin')

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
export function createOutboxService(db: Db, deps: { clock: Clock; mailer: Mailer | null }) {
  const { mailer } = deps
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
        const batch = await q.claimUnsent(db, deps.clock(), 50)
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
      const rows = await q.listMessages(db, partnershipId)
      if (admin(actor, partnershipId)) return rows
      return rows.map((m) =>
        ADMIN_ONLY_KINDS.has(m.kind)
          ? { ...m, body: 'This message holds a link to set a password: only administrators can read it.' }
          : m,
      )
    },

    /**
     * Send one message now without recording it, for text no outbox reader should see (a link to
     * set a password asked for from the sign-in page). False when no mail server is configured.
     */
    async sendNow(message: MailMessage): Promise<boolean> {
      if (!mailer) return false
      await mailer.send(message)
      return true
    },

    close() {
      mailer?.close()
    },
  }
}

export type OutboxService = ReturnType<typeof createOutboxService>

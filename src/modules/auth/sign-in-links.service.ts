import crypto from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.ts'
import { AppError, forbidden, notFound, validationError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { mutate, type AuditEvent } from '../audit/mutation.ts'
import { SIGN_IN_LINK_KIND, type OutboxService } from '../outbox/outbox.service.ts'
import type { PartnershipsService } from '../partnerships/partnerships.service.ts'
import type { UsersService } from '../users/users.service.ts'
import { anonymous, type Actor } from './actor.ts'
import * as auth from './auth.queries.ts'
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts'
import { authorize } from './policy.ts'
import { sha256 } from './secrets.ts'
import { signInLinkPolicy } from './sign-in-links.policy.ts'
import * as q from './sign-in-links.queries.ts'

export const SET_PASSWORD = 'set-password'
/** An account without a password yet: the link is an invitation, read whenever the email is. */
export const INVITATION_HOURS = 72
/** An account that has a password: the link is a reset, used at once or asked for again. */
export const RESET_HOURS = 1
export const MAX_PASSWORD_LENGTH = 200

/** Why a link cannot be used. Unknown, used and revoked links are deliberately the same answer. */
export type LinkProblem = 'expired' | 'invalid'

export const linkRefused = (problem: LinkProblem) =>
  problem === 'expired'
    ? new AppError('link_expired', 410, 'This link has expired')
    : new AppError('link_invalid', 404, 'This link is not valid')

export const isLinkRefused = (e: unknown): e is AppError =>
  e instanceof AppError && (e.id === 'link_expired' || e.id === 'link_invalid')

const ukDateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
})
/** "5 May 2026 at 14:30", UK time. */
export const ukWhen = (d: Date) => ukDateTime.format(d).replace(', ', ' at ')

/** 256 random bits, URL-safe; only its SHA-256 is stored. */
const newToken = () => crypto.randomBytes(32).toString('base64url')

/** Anything that cannot be one of our tokens is simply not found (and never reaches the database). */
const plausible = (token: unknown): token is string =>
  typeof token === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(token)

/**
 * One-time links to set a password: an invitation for an account created without one, or a way
 * back in after a forgotten password.
 *
 * How the email goes:
 * - An administrator's link is a message from their partnership, so it goes through that
 *   partnership's outbox like every other message: emailed when SMTP is configured, otherwise
 *   left on the Outbox page for the administrator to pass on (only administrators see the text of
 *   these messages there, see outbox.service).
 * - "Forgotten your password?" comes from someone not signed in. Recording that link in an outbox
 *   would let the managers of whichever partnership we picked read a working link to someone
 *   else's account (perhaps an administrator's, or a user with more power in another
 *   partnership), and let anyone fill an outbox from the sign-in page. So it is emailed directly
 *   through the mailer, never stored in clear anywhere; without SMTP nothing is created and the
 *   page says to ask an administrator, who can send a link from the person's page.
 * The link is built from BASE_URL, never from the request's Host header (which the client chooses).
 */
export function createSignInLinksService(
  db: Db,
  deps: {
    clock: Clock
    outbox: OutboxService
    baseUrl: string
    partnerships: PartnershipsService
    users: UsersService
  },
) {
  const { clock, outbox, partnerships, users } = deps
  const urlFor = (token: string) => `${deps.baseUrl}/set-password?token=${token}`

  /**
   * Create a link (voiding the user's earlier unused ones) inside the caller's transaction. Returns
   * it with the audit event that records it: no token, and no hash of it, in the audit trail.
   */
  async function issue(
    tx: DbOrTx,
    actor: Actor,
    user: { id: string; passwordHash: string | null },
    audited: { via: string; to: string },
  ) {
    const now = clock()
    const invitation = user.passwordHash === null
    const expiresAt = new Date(now.getTime() + (invitation ? INVITATION_HOURS : RESET_HOURS) * 3600_000)
    const token = newToken()
    await q.revokeUnusedLinks(tx, user.id, now)
    const link = await q.insertLink(tx, {
      userId: user.id,
      purpose: SET_PASSWORD,
      tokenHash: sha256(token),
      expiresAt,
      createdBy: actor.kind === 'user' ? actor.userId : null,
    })
    const event: AuditEvent = {
      entityType: 'user',
      entityId: user.id,
      action: 'send-password-link',
      after: {
        linkId: link.id,
        purpose: SET_PASSWORD,
        expiresAt: expiresAt.toISOString(),
        via: audited.via,
        to: audited.to,
      },
    }
    return { link: { url: urlFor(token), expiresAt, invitation }, event }
  }

  function message(opts: {
    name: string
    email: string
    url: string
    expiresAt: Date
    invitation: boolean
    from: string
  }) {
    return {
      subject: opts.invitation ? 'Set your password for Goldthread' : 'Set a new password for Goldthread',
      body: [
        `Dear ${opts.name},`,
        ``,
        opts.from,
        ``,
        `Use this link to set your password:`,
        opts.url,
        ``,
        `It works once, until ${ukWhen(opts.expiresAt)} (UK time). If it has expired, ask for another.`,
        ``,
        `You then sign in at ${deps.baseUrl}/sign-in with this email address (${opts.email}) and the new password.`,
        ``,
        `If you did not expect this email, you can ignore it: nothing changes until the link is used.`,
      ].join('\n'),
    }
  }

  /**
   * An administrator of one partnership must not be able to take over an account that also has a
   * role somewhere they do not administer (or is a system administrator): they could then act
   * there as that person. Those people use "Forgotten your password?", or a system administrator
   * runs `goldthread users link`.
   */
  async function checkMaySend(
    tx: DbOrTx,
    actor: Actor,
    user: { id: string; name: string; isSystemAdmin: boolean },
  ) {
    if (actor.kind === 'system' || actor.userId === user.id) return
    const elsewhere = (await auth.membershipsOf(tx, user.id)).filter(
      (m) => actor.roles.get(m.partnershipId) !== 'admin',
    )
    if (user.isSystemAdmin || elsewhere.length)
      throw validationError(
        {
          _form: `${user.name} ${user.isSystemAdmin ? 'is a system administrator' : 'also has a role in a partnership you do not administer'}, so you cannot send them a link to set a password. They can use “Forgotten your password?” on the sign-in page, or someone who runs the server can create a link with the command line.`,
        },
        'Cannot send a link',
      )
  }

  type Check =
    { ok: false; problem: LinkProblem } | { ok: true; user: { id: string; email: string; name: string } }

  /** Whether a token can set a password now, and for whom. */
  async function check(token: unknown): Promise<Check> {
    if (!plausible(token)) return { ok: false, problem: 'invalid' }
    const found = await q.findLinkByHash(db, sha256(token))
    if (!found || found.link.usedAt || found.link.revokedAt) return { ok: false, problem: 'invalid' }
    if (found.link.expiresAt.getTime() <= clock().getTime()) return { ok: false, problem: 'expired' }
    return { ok: true, user: { id: found.user.id, email: found.user.email, name: found.user.name } }
  }

  return {
    mailConfigured: outbox.mailConfigured,

    check,

    /**
     * Set the password a link allows: used once (atomically), the user's other links voided and
     * every session of theirs ended. Throws linkRefused for a link that cannot be used, and field
     * errors for the passwords.
     */
    async setPassword(token: unknown, newPassword: string, confirmPassword: string) {
      const c = await check(token)
      if (!c.ok) throw linkRefused(c.problem)
      if (newPassword.length < MIN_PASSWORD_LENGTH)
        throw validationError({ newPassword: `Password must be ${MIN_PASSWORD_LENGTH} characters or more` })
      if (newPassword.length > MAX_PASSWORD_LENGTH)
        throw validationError({ newPassword: `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer` })
      if (newPassword !== confirmPassword)
        throw validationError({ confirmPassword: 'Passwords do not match' })
      const passwordHash = await hashPassword(newPassword)
      const tokenHash = sha256(token as string)
      // The person holding the link acts for the account (the link's, as checked); no token in the audit row.
      const actor: Actor = { ...anonymous, userId: c.user.id, label: c.user.name }
      return mutate(db, actor, { partnershipId: null }, async (tx) => {
        const now = clock()
        const link = await q.consumeLink(tx, tokenHash, now)
        // Used or voided since the check (a second submission racing this one).
        if (!link) throw linkRefused('invalid')
        await auth.setPassword(tx, link.userId, passwordHash, now)
        await q.revokeUnusedLinks(tx, link.userId, now)
        await auth.deleteSessionsOfUser(tx, link.userId)
        // API tokens made under the old password end with it, as sessions do.
        const revoked = await auth.revokeTokensOfUser(tx, link.userId, now)
        return {
          result: { userId: link.userId, email: c.user.email },
          audit: {
            entityType: 'user',
            entityId: link.userId,
            action: 'set-password',
            after: {
              linkId: link.id,
              purpose: link.purpose,
              revokedTokens: revoked.length,
              tokenPrefixes: revoked.map((r) => r.prefix),
            },
          },
        }
      })
    },

    /**
     * An administrator sends a member of their partnership a link, through the partnership's
     * outbox. Says where it went: emailed, waiting in the outbox after a failed send, or (no SMTP)
     * only on the outbox page.
     */
    async sendToMember(actor: Actor, partnershipId: string, membershipId: string) {
      authorize(signInLinkPolicy.send, actor, partnershipId)
      const member = await users.findMember(db, partnershipId, membershipId)
      if (!member) throw notFound('User')
      const user = await auth.findUserById(db, member.userId)
      const partnership = await partnerships.find(db, partnershipId)
      if (!user || !partnership) throw notFound('User')
      const sent = await mutate(db, actor, { partnershipId }, async (tx) => {
        await checkMaySend(tx, actor, user)
        const { link, event } = await issue(tx, actor, user, { via: 'outbox', to: user.email })
        const from =
          actor.kind === 'user' && actor.userId === user.id
            ? `You asked for a link to set a password for Goldthread, where ${partnership.name} manages its performance.`
            : `${actor.label}, an administrator of ${partnership.name}, has sent you a link to set a password for Goldthread, where the partnership manages its performance.`
        const m = message({
          name: user.name,
          email: user.email,
          url: link.url,
          expiresAt: link.expiresAt,
          invitation: link.invitation,
          from,
        })
        await outbox.recordIn(tx, {
          partnershipId,
          kind: SIGN_IN_LINK_KIND,
          to: [user.email],
          subject: m.subject,
          body: m.body,
        })
        return { result: link, audit: event }
      })
      let delivery: 'emailed' | 'outbox' | 'failed' = 'outbox'
      if (outbox.mailConfigured) {
        const d = await outbox.deliver().catch(() => ({ sent: 0, failed: 1 }))
        delivery = d.failed > 0 ? 'failed' : 'emailed'
      }
      return {
        email: user.email,
        name: user.name,
        expiresAt: sent.expiresAt,
        invitation: sent.invitation,
        delivery,
      }
    },

    /** For the command line (a system administrator without SMTP): the link itself, to pass on. */
    async createForEmail(actor: Actor, email: string) {
      if (actor.kind !== 'system') throw forbidden()
      const user = await auth.findUserByEmail(db, email.trim())
      if (!user) throw notFound('User')
      const link = await mutate(db, actor, { partnershipId: null }, async (tx) => {
        const { link, event } = await issue(tx, actor, user, { via: 'command line', to: user.email })
        return { result: link, audit: event }
      })
      return { ...link, email: user.email }
    },

    /**
     * "Forgotten your password?": email a link when SMTP is configured and the address has an
     * account; otherwise do nothing. The caller answers the same either way and need not wait.
     * Returns whether a message was sent (for tests), never for the person asking.
     */
    async requestByEmail(email: string): Promise<boolean> {
      if (!outbox.mailConfigured) return false
      const user = await auth.findUserByEmail(db, email.trim())
      if (!user) return false
      const actor: Actor = { ...anonymous, label: 'Forgotten password form' }
      const link = await mutate(db, actor, { partnershipId: null }, async (tx) => {
        const { link, event } = await issue(tx, actor, user, { via: 'email', to: user.email })
        return { result: link, audit: event }
      })
      const m = message({
        name: user.name,
        email: user.email,
        url: link.url,
        expiresAt: link.expiresAt,
        invitation: link.invitation,
        from: 'Someone, probably you, asked for a link to set a new password for Goldthread.',
      })
      return outbox.sendNow({ to: user.email, subject: m.subject, text: m.body })
    },
  }
}

export type SignInLinksService = ReturnType<typeof createSignInLinksService>

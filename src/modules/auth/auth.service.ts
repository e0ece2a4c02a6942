import crypto from 'node:crypto'
import type { Db } from '../../db/client.ts'
import { forbidden, validationError } from '../../errors.ts'
import { audit } from '../audit/audit.ts'
import type { Actor } from './actor.ts'
import type { PartnershipRow } from '../partnerships/partnerships.queries.ts'
import * as q from './auth.queries.ts'
import { dummyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts'
import { isRole, type Role } from './roles.ts'
import { createSignInThrottle, type SignInThrottle } from './sign-in-throttle.ts'
import { revokeUnusedLinks } from './sign-in-links.queries.ts'

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

const TOKEN_PREFIX = 'gt_'

/** A signed-in user as one request sees them. */
export interface SignedInUser {
  actor: Actor
  /** Live partnerships the user has a role in, by name. */
  memberOf: { partnership: PartnershipRow; role: Role }[]
}

export function createAuthService(db: Db, opts: { throttle?: SignInThrottle } = {}) {
  const throttle = opts.throttle ?? createSignInThrottle()
  /**
   * Who a signed-in user is, read fresh on every request in one query: the actor (their role in
   * every partnership they belong to) and the live partnerships they are a member of, for the
   * switcher and to resolve the partnership in the address without another query. Nothing is
   * cached across requests, so archiving a user or changing a role applies on the next request.
   */
  async function signedInUser(userId: string, requestId?: string): Promise<SignedInUser | undefined> {
    const rows = await q.userWithMemberships(db, userId)
    const user = rows[0]?.user
    if (!user) return undefined
    const roles = new Map<string, Role>()
    const organisations = new Map<string, string | null>()
    const memberOf: SignedInUser['memberOf'] = []
    for (const { membership: m, partnership: p } of rows) {
      if (!m) continue
      if (isRole(m.role)) {
        roles.set(m.partnershipId, m.role)
        if (p && !p.archivedAt) memberOf.push({ partnership: p, role: m.role })
      }
      organisations.set(m.partnershipId, m.organisationId)
    }
    const actor: Actor = {
      kind: 'user',
      userId: user.id,
      label: user.name,
      isSystemAdmin: user.isSystemAdmin,
      roles,
      organisations,
      ...(requestId ? { requestId } : {}),
    }
    return { actor, memberOf }
  }

  /** Build the actor for a signed-in user: their roles in every partnership, loaded once per request. */
  const actorForUser = async (userId: string, requestId?: string) =>
    (await signedInUser(userId, requestId))?.actor

  return {
    actorForUser,
    signedInUser,

    /**
     * Check an email and password. Returns the user id, or undefined; timing does not reveal which
     * failed. After too many failures for one address (see sign-in-throttle) even the right
     * password is refused for a while, with the same answer.
     */
    async verifyCredentials(email: string, password: string): Promise<string | undefined> {
      if (throttle.blocked(email)) return undefined
      const user = await q.findUserByEmail(db, email.trim())
      if (!user?.passwordHash) {
        await verifyPassword(await dummyHash(), password)
        throttle.recordFailure(email)
        return undefined
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        throttle.recordFailure(email)
        return undefined
      }
      throttle.reset(email)
      return user.id
    },

    async recordSignIn(actor: Actor) {
      if (!actor.userId) return
      await db.transaction(async (tx) => {
        await q.touchSignIn(tx, actor.userId!)
        await audit(tx, actor, {
          partnershipId: null,
          entityType: 'user',
          entityId: actor.userId!,
          action: 'sign-in',
        })
      })
    },

    /** Change one's own password: the current one must be right; other sessions are signed out and unused sign-in links voided. */
    async changePassword(actor: Actor, current: string, next: string, confirm: string) {
      if (!actor.userId) throw forbidden()
      const user = await q.findUserById(db, actor.userId)
      if (!user) throw forbidden()
      const fields: Record<string, string> = {}
      if (!(await verifyPassword(user.passwordHash, current)))
        fields.currentPassword = 'Your current password is wrong'
      if (next.length < MIN_PASSWORD_LENGTH)
        fields.newPassword = `Password must be ${MIN_PASSWORD_LENGTH} characters or more`
      else if (next !== confirm) fields.confirmPassword = 'Passwords do not match'
      if (Object.keys(fields).length) throw validationError(fields)
      const passwordHash = await hashPassword(next)
      await db.transaction(async (tx) => {
        await q.setPassword(tx, user.id, passwordHash)
        await q.deleteSessionsOfUser(tx, user.id)
        // A link to set a password, sent before, must not undo this change.
        await revokeUnusedLinks(tx, user.id, new Date())
        // Nor may a token made with the old password (perhaps by whoever knew it) outlive it.
        const revoked = await q.revokeTokensOfUser(tx, user.id)
        await audit(tx, actor, {
          partnershipId: null,
          entityType: 'user',
          entityId: user.id,
          action: 'change-password',
          after: { revokedTokens: revoked.length, tokenPrefixes: revoked.map((r) => r.prefix) },
        })
      })
    },

    /** Create an API token; the secret is returned once and stored only as a hash. */
    async createToken(actor: Actor, userId: string, name: string) {
      if (actor.kind !== 'system' && actor.userId !== userId) throw forbidden()
      const trimmed = name.trim()
      if (!trimmed) throw validationError({ name: 'Enter a name for the token' })
      if (trimmed.length > 100) throw validationError({ name: 'Name must be 100 characters or fewer' })
      const secret = TOKEN_PREFIX + crypto.randomBytes(24).toString('base64url')
      return db.transaction(async (tx) => {
        const row = await q.insertToken(tx, {
          userId,
          name: trimmed,
          tokenHash: sha256(secret),
          prefix: secret.slice(0, 8),
        })
        await audit(tx, actor, {
          partnershipId: null,
          entityType: 'api_token',
          entityId: row.id,
          action: 'create',
          after: { name: row.name, prefix: row.prefix, userId },
        })
        return { token: row, secret }
      })
    },

    listTokens: (userId: string) => q.listTokensOf(db, userId),

    async revokeToken(actor: Actor, tokenId: string) {
      if (!actor.userId) throw forbidden()
      return db.transaction(async (tx) => {
        const row = await q.revokeToken(tx, actor.userId!, tokenId)
        if (!row) return false
        await audit(tx, actor, {
          partnershipId: null,
          entityType: 'api_token',
          entityId: row.id,
          action: 'revoke',
          after: { name: row.name, prefix: row.prefix },
        })
        return true
      })
    },

    /** Resolve a bearer token to an actor, or undefined when unknown or revoked. */
    async actorForToken(secret: string, requestId?: string): Promise<Actor | undefined> {
      if (!secret.startsWith(TOKEN_PREFIX)) return undefined
      const row = await q.findActiveTokenByHash(db, sha256(secret))
      if (!row) return undefined
      await q.touchToken(db, row.id)
      return actorForUser(row.userId, requestId)
    },

    sessionSecret: async (configured: string | undefined) =>
      configured ?? q.ensureSetting(db, 'session_secret', crypto.randomBytes(48).toString('base64url')),

    purgeExpiredSessions: () => q.deleteExpiredSessions(db),
  }
}

export type AuthService = ReturnType<typeof createAuthService>

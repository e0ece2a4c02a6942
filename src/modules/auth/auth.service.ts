import crypto from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.ts'
import { forbidden, validationError } from '../../errors.ts'
import type { Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import type { Actor } from './actor.ts'
import type { PartnershipRow } from '../partnerships/partnerships.service.ts'
import * as q from './auth.queries.ts'
import { dummyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts'
import { isRole, type Role } from './roles.ts'
import { sha256 } from './secrets.ts'
import { databaseSessionStore } from './session-store.ts'
import { createSignInThrottle, type SignInThrottle } from './sign-in-throttle.ts'
import { checkTokenScope, defaultExpiry, scopeActor, tokenExpired, type TokenScopeInput } from './tokens.ts'
import { revokeUnusedLinks } from './sign-in-links.queries.ts'

export type { UserRow } from './auth.queries.ts'

export { sha256 }

const TOKEN_PREFIX = 'gt_'

/** A signed-in user as one request sees them. */
export interface SignedInUser {
  actor: Actor
  /** Live partnerships the user has a role in, by name. */
  memberOf: { partnership: PartnershipRow; role: Role }[]
}

export function createAuthService(db: Db, deps: { clock: Clock; throttle?: SignInThrottle }) {
  const { clock } = deps
  const throttle = deps.throttle ?? createSignInThrottle({ now: () => clock().getTime() })
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

    /**
     * For another module's use-case inside its transaction (it has authorised): a live account by
     * email (any case), or undefined.
     */
    findUserByEmail: (tx: DbOrTx, email: string) => q.findUserByEmail(tx, email),

    /** For another module's use-case inside its transaction (it has authorised): a live account by id, or undefined. */
    findUser: (tx: DbOrTx, id: string) => q.findUserById(tx, id),

    async recordSignIn(actor: Actor) {
      const userId = actor.userId
      if (!userId) return
      await mutate(db, actor, { partnershipId: null }, async (tx) => {
        await q.touchSignIn(tx, userId, clock())
        return { result: undefined, audit: { entityType: 'user', entityId: userId, action: 'sign-in' } }
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
      await mutate(db, actor, { partnershipId: null }, async (tx) => {
        const now = clock()
        await q.setPassword(tx, user.id, passwordHash, now)
        await q.deleteSessionsOfUser(tx, user.id)
        // A link to set a password, sent before, must not undo this change.
        await revokeUnusedLinks(tx, user.id, now)
        // Nor may a token made with the old password (perhaps by whoever knew it) outlive it.
        const revoked = await q.revokeTokensOfUser(tx, user.id, now)
        return {
          result: undefined,
          audit: {
            entityType: 'user',
            entityId: user.id,
            action: 'change-password',
            after: { revokedTokens: revoked.length, tokenPrefixes: revoked.map((r) => r.prefix) },
          },
        }
      })
    },

    /**
     * Create an API token; the secret is returned once and stored only as a hash. The scope
     * (tokens.ts) is checked against the user's partnerships: without one (the command line, the
     * tests' seeds) the token reaches all of them, may write, and lasts until revoked; the account
     * page always sends one, with a last day.
     */
    async createToken(actor: Actor, userId: string, name: string, scopeInput?: TokenScopeInput) {
      if (actor.kind !== 'system' && actor.userId !== userId) throw forbidden()
      const trimmed = name.trim()
      if (!trimmed) throw validationError({ name: 'Enter a name for the token' })
      if (trimmed.length > 100) throw validationError({ name: 'Name must be 100 characters or fewer' })
      const scope = checkTokenScope(scopeInput ?? {}, {
        now: clock(),
        partnershipIds: scopeInput?.partnershipId
          ? (await q.membershipsOf(db, userId)).map((m) => m.partnershipId)
          : [],
        mayBeEndless: scopeInput === undefined,
      })
      const secret = TOKEN_PREFIX + crypto.randomBytes(24).toString('base64url')
      return mutate(db, actor, { partnershipId: null }, async (tx) => {
        const row = await q.insertToken(tx, {
          userId,
          name: trimmed,
          tokenHash: sha256(secret),
          prefix: secret.slice(0, 8),
          ...scope,
        })
        return {
          result: { token: row, secret },
          audit: {
            entityType: 'api_token',
            entityId: row.id,
            action: 'create',
            after: {
              name: row.name,
              prefix: row.prefix,
              userId,
              partnershipId: row.partnershipId,
              access: row.access,
              expiresAt: row.expiresAt?.toISOString() ?? null,
            },
          },
        }
      })
    },

    /** The user's tokens, oldest first, each with the partnership it reaches (if one) and whether it has expired. */
    async listTokensWithScope(userId: string) {
      const now = clock().getTime()
      return (await q.listTokensWithScopeOf(db, userId)).map((r) => ({
        ...r,
        expired: r.token.expiresAt !== null && r.token.expiresAt.getTime() <= now,
      }))
    },

    /** The last day a token created now lasts to unless its creator chooses (YYYY-MM-DD). */
    defaultTokenExpiry: () => defaultExpiry(clock()),

    listTokens: (userId: string) => q.listTokensOf(db, userId),

    async revokeToken(actor: Actor, tokenId: string) {
      const userId = actor.userId
      if (!userId) throw forbidden()
      return mutate(db, actor, { partnershipId: null }, async (tx) => {
        const row = await q.revokeToken(tx, userId, tokenId, clock())
        if (!row) return { result: false, audit: null }
        return {
          result: true,
          audit: {
            entityType: 'api_token',
            entityId: row.id,
            action: 'revoke',
            after: { name: row.name, prefix: row.prefix },
          },
        }
      })
    },

    /**
     * Resolve a bearer token to an actor, or undefined when unknown or revoked; an expired token
     * is refused (401 `token_expired`). The actor is narrowed to the token's scope (tokens.ts).
     */
    async actorForToken(secret: string, requestId?: string): Promise<Actor | undefined> {
      if (!secret.startsWith(TOKEN_PREFIX)) return undefined
      const row = await q.findActiveTokenByHash(db, sha256(secret))
      if (!row) return undefined
      const now = clock()
      if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw tokenExpired(row.expiresAt)
      await q.touchToken(db, row.id, now)
      const actor = await actorForUser(row.userId, requestId)
      return actor && scopeActor(actor, row)
    },

    sessionSecret: async (configured: string | undefined) =>
      configured ?? q.ensureSetting(db, 'session_secret', crypto.randomBytes(48).toString('base64url')),

    purgeExpiredSessions: () => q.deleteExpiredSessions(db, clock()),

    /** The @fastify/session store: sessions in the database, keys hashed, expiry by this clock. */
    sessionStore: (maxAgeMs: number) => databaseSessionStore(db, maxAgeMs, clock),
  }
}

export type AuthService = ReturnType<typeof createAuthService>

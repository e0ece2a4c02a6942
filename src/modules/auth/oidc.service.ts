import * as client from 'openid-client'
import type { OidcConfig } from '../../config.ts'
import type { Db } from '../../db/client.ts'
import type { Clock } from '../../lib/clock.ts'
import { mutate } from '../audit/mutation.ts'
import { anonymous, type Actor } from './actor.ts'
import * as auth from './auth.queries.ts'
import * as q from './oidc.queries.ts'

/** Why a sign-in with the identity provider was refused: each has its own message on the sign-in page. */
export type OidcRefusal =
  | 'unavailable'
  | 'provider-error'
  | 'state'
  | 'invalid-response'
  | 'no-email'
  | 'unverified-email'
  | 'unknown-email'
  | 'linked-elsewhere'

/** What the browser's session keeps between the redirect to the provider and the way back. */
export interface OidcPending {
  state: string
  nonce: string
  verifier: string
  /** Epoch milliseconds: a sign-in not finished within PENDING_MS is started again. */
  startedAt: number
}

export const PENDING_MS = 15 * 60_000

/** The identity the provider vouched for, from a checked ID token (and userinfo, for the email). */
export interface ProviderIdentity {
  issuer: string
  subject: string
  email: string | undefined
  /**
   * `email_verified` exactly `true`; or, when the provider sends no `email_verified` at all (as
   * Microsoft Entra ID never does for organisational accounts), Entra's optional claim `xms_edov`
   * (the email's domain is verified by the tenant) exactly `true`. Anything else (absent, "true",
   * false) is unverified.
   */
  emailVerified: boolean
}

export type OidcOutcome =
  { ok: true; userId: string; linked: boolean } | { ok: false; reason: OidcRefusal; email?: string }

/** Whether these claims vouch for the email: see `ProviderIdentity.emailVerified`. */
export const verifiedOf = (claims: Record<string, unknown>) =>
  claims.email_verified === undefined ? claims.xms_edov === true : claims.email_verified === true

/** Only local plain-HTTP issuers (a provider in tests or development) are allowed without TLS. */
const isLocalHttp = (url: URL) =>
  url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')

/**
 * The protocol side (openid-client v6): discovery once (retried after a failure), the
 * authorization request with state, nonce and PKCE, and the checked code exchange. The caller keeps
 * `pending` in the server-side session and passes it back with the callback's address.
 */
export function createOidcClient(config: OidcConfig) {
  let discovered: Promise<client.Configuration> | undefined
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        client.ClientSecretBasic(config.clientSecret),
        { execute: isLocalHttp(new URL(config.issuer)) ? [client.allowInsecureRequests] : [] },
      )
      .catch((e: unknown) => {
        discovered = undefined
        throw e
      })
    return discovered
  }

  return {
    name: config.name,

    /** The address to send the browser to, and what to keep for the way back. */
    async start(now: Date): Promise<{ url: string; pending: OidcPending }> {
      const cfg = await configuration()
      const pending: OidcPending = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        startedAt: now.getTime(),
      }
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: config.redirectUri,
        scope: 'openid email',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      })
      return { url: url.href, pending }
    },

    /**
     * Check the provider's answer (issuer, state, code by PKCE, ID token signature, audience and
     * nonce) and return who it says signed in. `query` is the callback's raw query string; the
     * address itself is the configured redirect URI, never the request's Host header.
     */
    async finish(query: string, pending: OidcPending): Promise<ProviderIdentity> {
      const cfg = await configuration()
      const current = new URL(config.redirectUri)
      current.search = query
      const tokens = await client.authorizationCodeGrant(cfg, current, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.verifier,
        idTokenExpected: true,
      })
      const claims = tokens.claims()!
      let email: unknown = claims.email
      let verified = verifiedOf(claims)
      // Some providers put the email only in userinfo; it is asked for the same subject.
      if (email === undefined) {
        const info = await client.fetchUserInfo(cfg, tokens.access_token, claims.sub)
        email = info.email
        verified = verifiedOf(info)
      }
      return {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof email === 'string' && email.trim() ? email.trim() : undefined,
        emailVerified: verified,
      }
    },
  }
}

export type OidcClient = ReturnType<typeof createOidcClient>

/**
 * Who a provider's identity is in Goldthread: the account linked to it (issuer and subject), else
 * the live account whose email matches the provider's verified email (any case), which is then
 * linked. Never creates an account. Signing in and every refusal are audited.
 */
export function createOidcService(db: Db, deps: { clock: Clock }) {
  const { clock } = deps

  async function refuse(
    reason: OidcRefusal,
    detail: { issuer?: string; subject?: string; email?: string; userId?: string; requestId?: string },
  ): Promise<OidcOutcome> {
    const actor: Actor = {
      ...anonymous,
      label: 'identity provider sign-in',
      ...(detail.requestId ? { requestId: detail.requestId } : {}),
    }
    await mutate(db, actor, { partnershipId: null }, () =>
      Promise.resolve({
        result: undefined,
        audit: {
          entityType: detail.userId ? 'user' : 'identity',
          entityId: detail.userId ?? detail.subject ?? 'unknown',
          action: 'sign-in-refused',
          after: { via: 'oidc', reason, issuer: detail.issuer, subject: detail.subject, email: detail.email },
        },
      }),
    )
    return { ok: false, reason, ...(detail.email ? { email: detail.email } : {}) }
  }

  return {
    refuse,

    async signIn(id: ProviderIdentity, requestId?: string): Promise<OidcOutcome> {
      const base = { issuer: id.issuer, subject: id.subject, requestId }
      const linked = await q.findLinkedUser(db, id.issuer, id.subject)
      let userId: string
      let link: { email: string } | undefined
      if (linked) {
        userId = linked.user.id
      } else {
        if (!id.email) return refuse('no-email', base)
        if (!id.emailVerified) return refuse('unverified-email', { ...base, email: id.email })
        // Linked to an account that has since been archived: that account stays closed.
        const identity = await q.findIdentity(db, id.issuer, id.subject)
        if (identity) return refuse('unknown-email', { ...base, email: id.email, userId: identity.userId })
        const user = await auth.findUserByEmail(db, id.email)
        if (!user) return refuse('unknown-email', { ...base, email: id.email })
        // Already linked to someone else at this provider: an address given to a new person there
        // does not take over the account.
        if (await q.findIdentityOfUser(db, user.id, id.issuer))
          return refuse('linked-elsewhere', { ...base, email: id.email, userId: user.id })
        userId = user.id
        link = { email: id.email }
      }
      const user = await auth.findUserById(db, userId)
      if (!user) return refuse('unknown-email', { ...base, email: id.email, userId })
      const actor: Actor = {
        ...anonymous,
        kind: 'user',
        userId,
        label: user.name,
        ...(requestId ? { requestId } : {}),
      }
      await mutate(db, actor, { partnershipId: null }, async (tx) => {
        const now = clock()
        if (link)
          await q.insertIdentity(tx, {
            userId,
            issuer: id.issuer,
            subject: id.subject,
            email: link.email,
            now,
          })
        else await q.touchIdentity(tx, linked!.identity.id, now)
        await auth.touchSignIn(tx, userId, now)
        return {
          result: undefined,
          audit: {
            entityType: 'user',
            entityId: userId,
            action: 'sign-in',
            after: { via: 'oidc', issuer: id.issuer, subject: id.subject, linked: Boolean(link) },
          },
        }
      })
      return { ok: true, userId, linked: Boolean(link) }
    },
  }
}

export type OidcService = ReturnType<typeof createOidcService>

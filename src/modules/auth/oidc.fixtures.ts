import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type KoaContextWithOIDC } from 'oidc-provider'

/** What the test provider says about a person: the claims of their ID token. */
export interface TestAccount {
  email?: string
  email_verified?: unknown
  /** Microsoft Entra ID's optional claim: the email's domain is verified by the tenant. */
  xms_edov?: unknown
}

export const CLIENT_ID = 'goldthread-test'
export const CLIENT_SECRET = 'goldthread-test-secret-0123456789'
export const REDIRECT_URI = 'http://localhost:3000/auth/oidc/callback'

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 and a random port, with the app
 * registered as a confidential client. Its login page is replaced by one that signs in whoever
 * `loginAs` named, at once; consent is implied (a first-party client), so the flow is redirects only.
 */
export async function startTestProvider() {
  const accounts = new Map<string, TestAccount>()
  let next: string | undefined
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'] },
    // The email claims in the ID token itself, as Entra ID and most providers put them.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub)
      return account && { accountId: sub, claims: () => ({ sub, ...account }) }
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      })
      grant.addOIDCScope('openid email')
      await grant.save()
      return grant
    },
  })
  const handle = provider.callback()
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      void handle(req, res)
      return
    }
    void (async () => {
      await provider.interactionDetails(req, res)
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: next ?? 'nobody' } },
        { mergeWithLastSubmission: false },
      )
    })().catch((e: unknown) => {
      res.statusCode = 500
      res.end(String(e))
    })
  })
  return {
    issuer,
    accounts,
    /** The person the next login at this provider signs in as. */
    loginAs(sub: string, account?: TestAccount) {
      if (account) accounts.set(sub, account)
      next = sub
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type TestProvider = Awaited<ReturnType<typeof startTestProvider>>

/**
 * A browser at the provider: follow its redirects (keeping its cookies) from `url` until it sends
 * the browser back to the app's callback; returns that path and query, for the app.
 */
export async function followToCallback(url: string): Promise<string> {
  const cookies = new Map<string, string>()
  let at = new URL(url)
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(at, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eq = pair!.indexOf('=')
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1))
    }
    const location = res.headers.get('location')
    if (!location)
      throw new Error(`the provider stopped at ${at.pathname}: ${res.status} ${await res.text()}`)
    at = new URL(location, at)
    if (at.href.startsWith(REDIRECT_URI)) return `${at.pathname}${at.search}`
  }
  throw new Error('too many redirects at the provider')
}

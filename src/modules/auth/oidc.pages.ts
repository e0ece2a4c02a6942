import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { OidcConfig } from '../../config.ts'
import { notFound, rateLimited } from '../../errors.ts'
import { RETURN_COOKIE, returnToOf } from '../../plugins/context.ts'
import type { Services } from '../../services.ts'
import { createOidcClient, PENDING_MS, type OidcPending, type OidcRefusal } from './oidc.service.ts'

declare module 'fastify' {
  interface Session {
    /** A sign-in with the identity provider under way: used once, by the callback. */
    oidc?: OidcPending
  }
}

/** Only same-site paths may be returned to after sign-in. */
const safeReturn = (p: string | undefined) => (p && p.startsWith('/') && !p.startsWith('//') ? p : '/')

const messages = (name: string, email?: string): Record<OidcRefusal, string> => ({
  unavailable: `Sign-in with ${name} is not available at the moment. Try again later, or sign in with your email address and password.`,
  'provider-error': `${name} did not sign you in. Try again, or sign in with your email address and password.`,
  state: `That sign-in with ${name} has expired or has already been used. Start again.`,
  'invalid-response': `The answer from ${name} could not be checked, so you have not been signed in. Start again.`,
  'no-email': `${name} did not share your email address, so we cannot tell which Goldthread account is yours. Sign in with your email address and password.`,
  'unverified-email': `${name} has not confirmed your email address${email ? ` (${email})` : ''}, so it cannot be matched to a Goldthread account. Ask your IT service desk, or sign in with your email address and password.`,
  'unknown-email': `There is no Goldthread account for ${email ?? 'your email address'}. Signing in with ${name} does not create an account: ask an administrator of your partnership to add you.`,
  'linked-elsewhere': `The Goldthread account for ${email ?? 'your email address'} is already linked to a different ${name} account. Sign in with your email address and password, or ask an administrator.`,
})

/**
 * Sign-in with the council's identity provider (OpenID Connect), when OIDC_* is configured:
 * /auth/oidc/start sends the browser to the provider with state, nonce and PKCE kept in the
 * server-side session; /auth/oidc/callback checks the answer, finds the person (see
 * oidc.service) and signs them in as the password form does. Refusals are shown on the sign-in
 * page, never as a server error.
 */
export function oidcPages(
  fastify: FastifyInstance,
  { auth, oidc, invitations }: Services,
  opts: { oidc?: OidcConfig | undefined; signInRateLimit: number },
): Promise<void> {
  // Registered either way (every route is declared); without OIDC_* they are not found.
  const config = opts.oidc
  const provider = config ? createOidcClient(config) : undefined
  const now = () => new Date()
  const name = config?.name ?? ''

  const refused = (reply: FastifyReply, reason: OidcRefusal, email?: string) =>
    reply
      .header('cache-control', 'no-store')
      .status(reason === 'unavailable' ? 503 : 400)
      .render('auth/views/sign-in.njk', {
        title: 'Sign in',
        values: {},
        oidcName: name,
        errors: { oidc: messages(name, email)[reason] },
      })

  // As the password form: each request writes a session, and the way back asks the provider too.
  const limited = {
    public: true,
    rateLimit: {
      max: opts.signInRateLimit,
      timeWindow: '1 minute',
      keyGenerator: (req: FastifyRequest) => req.ip,
      errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string }) =>
        rateLimited(`Too many sign-in attempts. Wait ${ctx.after} and try again.`),
    },
  }

  fastify.get('/auth/oidc/start', { config: limited }, async (request, reply) => {
    if (!provider) throw notFound()
    let started
    try {
      started = await provider.start(now())
    } catch (err) {
      request.log.warn({ err }, 'identity provider discovery failed')
      return refused(reply, 'unavailable')
    }
    request.session.set('oidc', started.pending)
    return reply.header('cache-control', 'no-store').redirect(started.url)
  })

  fastify.get('/auth/oidc/callback', { config: limited }, async (request, reply) => {
    if (!provider || !config) throw notFound()
    // Used once: whatever happens next, this state cannot be presented again.
    const pending = request.session.get('oidc')
    request.session.set('oidc', undefined)
    const query = (request.raw.url ?? '').split('?')[1] ?? ''
    const params = new URLSearchParams(query)
    const fail = async (reason: OidcRefusal, extra: { detail?: string; subject?: string } = {}) => {
      await oidc.refuse(reason, {
        issuer: config.issuer,
        ...(extra.subject ? { subject: extra.subject } : {}),
        requestId: request.id,
      })
      request.log.warn({ reason, detail: extra.detail }, 'identity provider sign-in refused')
      return refused(reply, reason)
    }
    if (!pending || params.get('state') !== pending.state || now().getTime() - pending.startedAt > PENDING_MS)
      return fail('state')
    if (params.has('error')) return fail('provider-error', { detail: params.get('error') ?? undefined })

    let identity
    try {
      identity = await provider.finish(query, pending)
    } catch (err) {
      request.log.warn({ err }, 'identity provider answer refused')
      return fail('invalid-response', { detail: err instanceof Error ? err.message : String(err) })
    }
    const outcome = await oidc.signIn(identity, request.id)
    if (!outcome.ok) return refused(reply, outcome.reason, outcome.email)
    return signedIn(request, reply, outcome.userId)
  })

  /** As the password form: a new session, the return address, invitations first. */
  async function signedIn(request: FastifyRequest, reply: FastifyReply, userId: string) {
    const returnTo = safeReturn(returnToOf(request))
    reply.clearCookie(RETURN_COOKIE, { path: '/' })
    await request.session.regenerate()
    request.session.set('userId', userId)
    const actor = await auth.actorForUser(userId, request.id)
    if (returnTo === '/' && actor && (await invitations.listMine(actor)).length)
      return reply.redirect('/invitations')
    return reply.redirect(returnTo)
  }
  // Routes are registered synchronously; the modules' index awaits every registrar alike.
  return Promise.resolve()
}

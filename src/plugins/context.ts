import type { FastifyInstance, FastifyRequest } from 'fastify'
import { unauthorized } from '../errors.ts'
import { anonymous, type Actor } from '../modules/auth/actor.ts'
import type { SignedInUser } from '../modules/auth/auth.service.ts'
import { authorize, type Rule } from '../modules/auth/policy.ts'
import { changes, tokenReadOnly } from '../modules/auth/tokens.ts'
import type { PartnershipContext } from '../modules/partnerships/partnerships.service.ts'
import type { Services } from '../services.ts'

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor
    partnershipContext?: PartnershipContext
    /** The partnership named by `:slug` (resolved and access-checked); throws on a route without one. */
    readonly partnership: PartnershipContext['partnership']
    userPartnerships?: { slug: string; name: string; role: string | null }[]
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. Everything else needs a user (default deny). */
    public?: boolean
    /**
     * The rule for the partnership named by `:slug`, checked before the body is validated, so a
     * role without access gets 403 rather than a form or a validation error. Services check again.
     */
    policy?: Rule
    /** Set by the scope that registered the route (src/modules/index.ts): page or API. */
    surface?: Surface
  }
}

declare module 'fastify' {
  interface Session {
    userId?: string
    flash?: { type: 'success' | 'important'; text: string }
  }
}

/** The anonymous-safe CSRF secret (signed, HttpOnly). */
export const CSRF_COOKIE = 'goldthread.csrf'
/** Where to go after signing in (signed): kept in a cookie so an anonymous visit writes no session. */
export const RETURN_COOKIE = 'goldthread.return'

/** The page that asked for sign-in, if the cookie is ours. */
export function returnToOf(request: FastifyRequest): string | undefined {
  const raw = request.cookies[RETURN_COOKIE]
  if (!raw) return undefined
  const unsigned = request.unsignCookie(raw)
  return unsigned.valid && unsigned.value !== null ? unsigned.value : undefined
}

const PUBLIC_PREFIXES = ['/assets/', '/govuk/', '/moj/', '/public/']

/** Pages answer people (HTML, sessions, forms); the API answers programs (JSON, tokens). */
export type Surface = 'page' | 'api'

/** Mark every route registered in this scope as a page or an API route. */
export function onSurface(scope: FastifyInstance, surface: Surface) {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, surface }
  })
}

/**
 * Whether the request is answered as the API: by the route's scope; a route registered outside
 * the two scopes (core, the national catalogue) or no route at all (a 404) goes by its address.
 */
export function isApi(request: FastifyRequest) {
  const surface = request.routeOptions.config?.surface
  return surface ? surface === 'api' : request.url.startsWith('/api/')
}

/** The matched route, not the raw URL: only the static asset routes themselves. */
function isStaticAsset(request: FastifyRequest) {
  const path = request.routeOptions.url ?? request.url
  return PUBLIC_PREFIXES.some((p) => path.startsWith(p))
}

function isPublic(request: FastifyRequest) {
  if (request.routeOptions.config?.public) return true
  // A missing asset, which matches no route, is a plain 404.
  return isStaticAsset(request)
}

/**
 * Per-request context, in order: who is acting (session or bearer token), whether they must be
 * signed in, the CSRF check for forms, the partnership named in the URL, and the route's policy.
 * It runs before schema validation, so an anonymous or unauthorised request is refused as such
 * (401/403/404) whatever its body.
 */
export function registerContext(app: FastifyInstance, services: Services) {
  app.decorateRequest('actor', null as unknown as Actor)
  app.decorateRequest('partnership', {
    getter(this: FastifyRequest) {
      if (!this.partnershipContext) throw new Error(`route ${this.routeOptions.url} has no :slug partnership`)
      return this.partnershipContext.partnership
    },
  })

  // What a signed-in person sees (pages and API answers alike) is theirs: no cache, shared or
  // the browser's back/forward one, may keep it. Static assets stay cacheable.
  app.addHook('onSend', async (request, reply) => {
    if (request.actor?.kind === 'user' && !isStaticAsset(request)) reply.header('Cache-Control', 'no-store')
  })

  app.addHook('preValidation', async (request, reply) => {
    let actor: Actor = anonymous
    // A signed-in user's live memberships, read with the actor (one query): the switcher, and the
    // partnership in the address when it is one of theirs.
    let memberOf: SignedInUser['memberOf'] = []
    if (isApi(request)) {
      const header = request.headers.authorization
      if (header) {
        const match = /^Bearer\s+(\S+)$/i.exec(header)
        const found = match ? await services.auth.actorForToken(match[1]!, request.id) : undefined
        if (!found) throw unauthorized('The API token is missing, unknown or revoked')
        actor = found
      }
    } else {
      const userId = request.session.get('userId')
      if (userId) {
        const found = await services.auth.signedInUser(userId, request.id)
        if (found) ({ actor, memberOf } = found)
        else request.session.set('userId', undefined)
      }
    }
    request.actor = actor
    // A read token is refused every change, whatever the route: once, here, for the whole API.
    if (actor.token?.access === 'read' && changes(request.method)) throw tokenReadOnly()

    if (actor.kind === 'anonymous' && !isPublic(request)) {
      if (!isApi(request) && request.method === 'GET')
        reply.setCookie(RETURN_COOKIE, request.url, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: 'auto',
          signed: true,
        })
      throw unauthorized()
    }

    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method)
    if (unsafe && !isApi(request)) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve()))
      })
    }

    const slug = (request.params as Record<string, string> | undefined)?.slug
    if (slug !== undefined && request.routeOptions.url?.includes(':slug')) {
      request.partnershipContext = await services.partnerships.resolve(actor, slug, memberOf)
    }

    // The switcher offers the partnerships the user is a member of, system administrators
    // included: those are the ones they can open (a role is needed to read a partnership), and
    // /partnerships lists the rest.
    if (!isApi(request) && actor.kind === 'user') {
      request.userPartnerships = memberOf.map(({ partnership, role }) => ({
        slug: partnership.slug,
        name: partnership.name,
        role,
      }))
    }

    const policy = request.routeOptions.config?.policy
    if (policy) {
      if (!request.partnershipContext)
        throw new Error(`route ${request.routeOptions.url} has a policy but no :slug`)
      authorize(policy, actor, request.partnershipContext.partnership.id)
    }
  })
}

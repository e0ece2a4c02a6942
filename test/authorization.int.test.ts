import { eq } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { expect, it } from 'vitest'
import { partnerships } from '../src/db/schema/index.ts'
import type { Actor } from '../src/modules/auth/actor.ts'
import { member } from '../src/modules/auth/policy.ts'
import { roleNames, type Role } from '../src/modules/auth/roles.ts'
import { EXPECTED, SERVICE_ONLY } from './authorization.expectations.ts'
import { Agent, bearer, describeIntegration, seedPartnership } from './helpers/app.ts'

/** Every route is called as anonymous and as each role; what each may do is in authorization.expectations.ts. */

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000'
const ANONYMOUS = 'anonymous'
type Who = Role | typeof ANONYMOUS

const actorWith = (role: Role, partnershipId: string): Actor => ({
  kind: 'user',
  userId: PLACEHOLDER_ID,
  label: role,
  isSystemAdmin: false,
  roles: new Map([[partnershipId, role]]),
})

describeIntegration('authorization of every route', (t) => {
  it('declares an expectation for every registered route', () => {
    const { app } = t()
    const routes = [
      ...new Set(app.routeList.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)),
    ]
    const missing = routes.filter((r) => !(r in EXPECTED))
    const stale = Object.keys(EXPECTED).filter((k) => !routes.includes(k))
    expect(
      missing,
      'Routes without an expectation: add them to EXPECTED in test/authorization.int.test.ts',
    ).toEqual([])
    expect(stale, 'Expectations for routes that no longer exist').toEqual([])
    // A route marked public in its config must be declared public here, and the other way round.
    const publicRoutes = app.routeList
      .filter((r) => r.public && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
    for (const r of publicRoutes) expect(EXPECTED[r], `${r} is public in its config`).toBe('public')
  })

  it('answers each role as the policies say, on pages and the API', { timeout: 600_000 }, async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, roleNames)

    // One signed-in browser per role, plus one that never signs in; each with a CSRF token.
    const agents = new Map<Who, { agent: Agent; csrf: string }>()
    const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
    const anonymous = new Agent(app)
    agents.set(ANONYMOUS, { agent: anonymous, csrf: csrfFrom((await anonymous.get('/sign-in')).body) })
    const signIn = async (role: Role) => {
      const agent = new Agent(app)
      await agent.signIn(users[role]!.email, users[role]!.password)
      agents.set(role, { agent, csrf: csrfFrom((await agent.get('/account')).body) })
    }
    for (const role of roleNames) await signIn(role)

    const routes = [
      ...new Set(app.routeList.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)),
    ]
      .filter((r) => r in EXPECTED)
      // Signing out ends the session the rest of the walk uses: do it last.
      .sort((a, b) => Number(a === 'POST /sign-out') - Number(b === 'POST /sign-out'))

    const failures: string[] = []
    const refusedOtherwise = new Map<string, number>()
    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string]
      const url = pattern
        .replace(':slug', slug)
        .replace(/:[A-Za-z]+/g, PLACEHOLDER_ID)
        .replace('*', 'missing.css')
      const isApi = pattern.startsWith('/api/')
      const expectation = EXPECTED[route]!
      for (const who of [ANONYMOUS, ...roleNames] as Who[]) {
        const { agent, csrf } = agents.get(who)!
        let res: LightMyRequestResponse
        const hasBody = ['POST', 'PUT', 'PATCH'].includes(method)
        if (isApi) {
          res = await app.inject({
            method: method as 'GET',
            url,
            headers: {
              ...(who === ANONYMOUS ? {} : bearer(users[who]!.token)),
              ...(hasBody ? { 'content-type': 'application/json' } : {}),
            },
            ...(hasBody ? { payload: '{}' } : {}),
          })
        } else {
          res = await agent.request({
            method: method,
            url,
            ...(hasBody
              ? {
                  headers: { 'content-type': 'application/x-www-form-urlencoded' },
                  payload: `_csrf=${encodeURIComponent(csrf)}`,
                }
              : {}),
          })
        }
        const outcome = `${res.statusCode}${res.headers.location ? ` → ${res.headers.location}` : ''}`
        const fail = (want: string) => failures.push(`${route} as ${who}: want ${want}, got ${outcome}`)
        const toSignIn = res.statusCode === 302 && res.headers.location === '/sign-in'

        if (res.statusCode >= 500) fail('no server error')
        else if (expectation === 'public') {
          if (res.statusCode === 401 || res.statusCode === 403) fail('public access')
        } else if (who === ANONYMOUS) {
          if (isApi && res.statusCode !== 401) fail('401')
          if (!isApi && !toSignIn) fail('302 → /sign-in')
        } else {
          const rule = typeof expectation === 'object' ? expectation.rule : expectation
          const decidedPerRecord = typeof expectation === 'object' && expectation.perRecord.includes(who)
          const allowed = rule === 'signedIn' || rule(actorWith(who, partnership.id), partnership.id)
          if (decidedPerRecord) {
            if (res.statusCode === 401 || toSignIn) fail('signed in')
          } else if (allowed) {
            if (res.statusCode === 401 || res.statusCode === 403 || toSignIn) fail('allowed')
          } else if (res.statusCode !== 403) {
            if (!SERVICE_ONLY.has(route)) fail('403')
            else if (res.statusCode < 400) fail('a refusal (4xx)')
            else refusedOtherwise.set(route, (refusedOtherwise.get(route) ?? 0) + 1)
          }
        }
        // A partnership's admin may archive it; bring it back so the rest of the walk reaches it.
        if (res.statusCode < 400 && method !== 'GET')
          await services.db
            .update(partnerships)
            .set({ archivedAt: null })
            .where(eq(partnerships.id, partnership.id))
      }
    }
    for (const route of SERVICE_ONLY)
      if (EXPECTED[route] && EXPECTED[route] !== 'public' && !refusedOtherwise.has(route))
        failures.push(`${route} now answers 403 to every refused role: take it off SERVICE_ONLY`)
    expect(failures).toEqual([])
    // Sanity: the walk covered the partnership routes with a member, not just refusals.
    expect(member(actorWith('scrutiny', partnership.id), partnership.id)).toBe(true)
  })
})

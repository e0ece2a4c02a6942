import { eq } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { expect, it } from 'vitest'
import { partnerships } from '../src/db/schema/index.ts'
import { Agent, bearer, describeIntegration, seedPartnership, system } from './helpers/app.ts'

/**
 * Every registered route (pages and API, every method), signed in as an administrator and as a
 * system administrator, given malformed ids in each parameter and hostile query strings: no
 * answer is a server error.
 */

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000'
const MALFORMED = ['not-a-uuid', '%00', '..%2F', 'x'.repeat(500), '%E2%80%AE%00abc', '-1']
const QUERIES = [
  'q=%00',
  'to=9999-12-31',
  'from=0000-00-00',
  'from=0001-01-01&to=9999-12-31T23:59:59Z',
  'asAt=garbage',
  'asAt=9999-12-31',
  'period=%00',
  'a=1&a=2',
  'status=%00&place=%00&indicator=%00&format=%00',
  'limit=-1&offset=99999999999999999999',
  'page=%00&sort=%00&version=%00',
]

describeIntegration('hostile input on every route', (t) => {
  it('never answers 5xx to malformed ids or hostile query strings', { timeout: 900_000 }, async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const sysEmail = `sys.${slug}@example.org`
    await services.users.addMember(system, partnership.id, {
      email: sysEmail,
      name: 'System admin',
      role: 'admin',
      organisationId: null,
      password: 'correct-horse-battery',
    })
    const sysUser = await services.users.makeSystemAdmin(system, sysEmail)
    const { secret: sysToken } = await services.auth.createToken(system, sysUser.id, 'test')

    const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
    const who = [
      { name: 'admin', email: users.admin!.email, token: users.admin!.token },
      { name: 'system admin', email: sysEmail, token: sysToken },
    ]
    const signedIn: { name: string; email: string; token: string; agent: Agent; csrf: string }[] = []
    for (const w of who) {
      const agent = new Agent(app)
      await agent.signIn(w.email, 'correct-horse-battery')
      signedIn.push({ ...w, agent, csrf: csrfFrom((await agent.get('/account')).body) })
    }

    const routes = [
      ...new Set(app.routeList.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)),
    ].filter((r) => !r.endsWith(' /sign-out'))

    const failures: string[] = []
    const call = async (as: (typeof signedIn)[number], method: string, url: string) => {
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(method)
      let res: LightMyRequestResponse
      if (url.startsWith('/api/'))
        res = await app.inject({
          method: method as 'GET',
          url,
          headers: { ...bearer(as.token), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
          ...(hasBody ? { payload: '{}' } : {}),
        })
      else
        res = await as.agent.request({
          method: method,
          url,
          ...(hasBody
            ? {
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                payload: `_csrf=${encodeURIComponent(as.csrf)}`,
              }
            : {}),
        })
      if (res.statusCode >= 500) failures.push(`${method} ${url} as ${as.name}: ${res.statusCode}`)
      if (res.statusCode < 400 && method !== 'GET')
        await t()
          .database.db.update(partnerships)
          .set({ archivedAt: null })
          .where(eq(partnerships.id, partnership.id))
    }

    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string]
      const params = pattern.match(/:[A-Za-z]+/g) ?? []
      const fill = (except?: string, value?: string) =>
        pattern
          .replace(/:[A-Za-z]+/g, (p) =>
            p === except ? value! : p === ':slug' ? slug : p === ':number' ? '1' : PLACEHOLDER_ID,
          )
          .replace('*', 'missing.css')
      for (const as of signedIn) {
        for (const param of params) for (const bad of MALFORMED) await call(as, method, fill(param, bad))
        for (const query of QUERIES) await call(as, method, `${fill()}?${query}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('answers a malformed id with the not-found page, and a NUL or impossible date with a clear refusal', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    for (const path of [
      'organisations/not-a-uuid',
      'indicators/-1/edit',
      'agreements/x/sign-off',
      'targets/..%2F',
    ])
      expect((await agent.get(`/p/${slug}/${path}`)).statusCode, path).toBe(404)
    expect((await agent.get(`/p/${slug}/strategy/versions/one`)).statusCode).toBe(404)
    // Anonymous people are still sent to sign in, whatever the id.
    const anonymous = await app.inject({ method: 'GET', url: `/p/${slug}/organisations/not-a-uuid` })
    expect(anonymous.headers.location).toBe('/sign-in')

    const nul = await agent.get(`/p/${slug}/indicators?q=%00`)
    expect(nul.statusCode).toBe(400)
    expect(nul.body).toContain('The address has a NUL character in q')
    const api = await app.inject({
      method: 'GET',
      url: `/api/v1/partnerships/${slug}/indicators?q=%00`,
      headers: bearer(users.admin!.token),
    })
    expect(api.statusCode).toBe(400)
    expect(api.json()).toMatchObject({
      error: { id: 'bad_request', fields: { q: 'Must not contain a NUL character' } },
    })

    const far = await agent.get(`/p/${slug}/audit?to=9999-12-31`)
    expect(far.statusCode).toBeLessThan(500)
    expect(far.body).toContain('Date to must be between 1900 and 2200')
    const farApi = await app.inject({
      method: 'GET',
      url: `/api/v1/partnerships/${slug}/audit?to=9999-12-31`,
      headers: bearer(users.admin!.token),
    })
    expect(farApi.statusCode).toBe(422)
    expect(farApi.json().error.fields.to).toMatch(/between 1900 and 2200/)
  })
})

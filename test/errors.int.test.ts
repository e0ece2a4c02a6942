import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../src/app.ts'
import type { Database } from '../src/db/client.ts'
import { createServices, type Services } from '../src/services.ts'
import { Agent, bearer, seedPartnership } from './helpers/app.ts'
import { testConfig } from './helpers/config.ts'
import { freshDatabase, postgresAvailable, testEngine } from './helpers/db.ts'

const available = testEngine() === 'pglite' || (await postgresAvailable())

const SECRET_DETAIL = 'kaboom: password=hunter2 in /srv/goldthread/src/secret.ts'

/** A stack trace, or the thrown message, must never reach the client. */
function expectNoLeak(body: string) {
  expect(body).not.toContain('kaboom')
  expect(body).not.toContain('hunter2')
  expect(body).not.toMatch(/\bat .+:\d+:\d+/)
  expect(body).not.toContain('.ts:')
}

describe.skipIf(!available)(`errors [${testEngine()}]`, () => {
  let database: Database
  let services: Services
  let app: App
  beforeAll(async () => {
    database = await freshDatabase()
    services = createServices(database.db, { engine: database.engine })
    app = await buildApp(testConfig, services, { logger: false })
    // Routes that fail on purpose, besides the real ones.
    app.get('/p/:slug/boom', () => Promise.reject(new Error(SECRET_DETAIL)))
    app.get('/api/v1/partnerships/:slug/boom', () => Promise.reject(new TypeError(SECRET_DETAIL)))
    app.get(
      '/api/v1/limited',
      { config: { public: true, rateLimit: { max: 1, timeWindow: '1 minute' } } },
      () => Promise.resolve({ ok: true }),
    )
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  it('shows a GOV.UK page for a server error, with no stack trace', async () => {
    const { slug, users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const page = await agent.get(`/p/${slug}/boom`)
    expect(page.statusCode).toBe(500)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    expect(page.body).toContain('govuk-template')
    expect(page.body).toContain('Sorry, there is a problem with the service')
    expectNoLeak(page.body)

    const api = await app.inject({
      url: `/api/v1/partnerships/${slug}/boom`,
      headers: bearer(users.admin!.token),
    })
    expect(api.statusCode).toBe(500)
    expect(api.json()).toEqual({
      error: { id: 'internal_error', message: 'Sorry, there is a problem with the service', fields: {} },
    })
    expectNoLeak(api.body)
  })

  it('shows GOV.UK pages for not found and forbidden, and JSON on the API', async () => {
    const { slug, users } = await seedPartnership(services, ['admin', 'board_member'])
    const agent = new Agent(app)
    await agent.signIn(users.board_member!.email, users.board_member!.password)

    const missing = await agent.get('/no/such/page')
    expect(missing.statusCode).toBe(404)
    expect(missing.body).toContain('govuk-template')
    expect(missing.body).toContain('Page not found')
    const otherPartnership = await agent.get('/p/no-such-partnership')
    expect(otherPartnership.statusCode).toBe(404)
    expect(otherPartnership.body).toContain('Page not found')

    const forbidden = await agent.get(`/p/${slug}/settings`)
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.body).toContain('govuk-template')
    expect(forbidden.body).toContain('You do not have permission')

    const h = bearer(users.board_member!.token)
    const apiMissing = await app.inject({ url: '/api/v1/no-such-thing', headers: h })
    expect(apiMissing.statusCode).toBe(404)
    expect(apiMissing.json().error).toMatchObject({
      id: 'not_found',
      message: expect.any(String),
      fields: {},
    })
    const apiForbidden = await app.inject({
      method: 'DELETE',
      url: `/api/v1/partnerships/${slug}`,
      headers: h,
    })
    expect(apiForbidden.statusCode).toBe(403)
    expect(apiForbidden.json().error.id).toBe('forbidden')
    const badJson = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/organisations`,
      headers: { ...bearer(users.admin!.token), 'content-type': 'application/json' },
      payload: '{not json',
    })
    expect(badJson.statusCode).toBe(400)
    expect(badJson.json().error.id).toBe('bad_request')
  })

  it('answers a rate-limited API call with JSON', async () => {
    expect((await app.inject({ url: '/api/v1/limited' })).statusCode).toBe(200)
    const limited = await app.inject({ url: '/api/v1/limited' })
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error).toMatchObject({ id: 'rate_limited', fields: {} })
  })
})

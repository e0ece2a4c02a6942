import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership } from '../../test/helpers/app.ts'

const HSTS = 'strict-transport-security'

describeIntegration('Strict-Transport-Security without a proxy', (t) => {
  it('is not sent over plain HTTP, even when a client claims HTTPS', async () => {
    const { app } = t()
    expect((await app.inject({ url: '/sign-in' })).headers[HSTS]).toBeUndefined()
    const claimed = await app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } })
    expect(claimed.headers[HSTS]).toBeUndefined()
  })
})

describeIntegration(
  'Strict-Transport-Security behind a trusted proxy',
  (t) => {
    it('is sent when the request came over HTTPS, and not when over HTTP', async () => {
      const { app } = t()
      const https = await app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } })
      expect(https.headers[HSTS]).toBe('max-age=31536000; includeSubDomains')
      const http = await app.inject({ url: '/sign-in', headers: { 'x-forwarded-proto': 'http' } })
      expect(http.headers[HSTS]).toBeUndefined()
    })
  },
  { trustProxy: true },
)

describeIntegration('Cache-Control for signed-in requests', (t) => {
  it('is no-store on every page and API answer to a signed-in user, not on static assets', async () => {
    const { app, services } = t()
    const { users, slug } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    for (const url of ['/account', `/p/${slug}`, `/p/${slug}/users`, `/p/${slug}/no-such-page`]) {
      const res = await agent.get(url)
      expect(res.headers['cache-control'], url).toBe('no-store')
    }
    const api = await app.inject({ url: `/api/v1/partnerships/${slug}`, headers: bearer(users.admin!.token) })
    expect(api.statusCode).toBe(200)
    expect(api.headers['cache-control']).toBe('no-store')
    // A form post's redirect too.
    const out = await agent.submit('/account', '/sign-out', {})
    expect(out.headers['cache-control']).toBe('no-store')

    const again = new Agent(app)
    await again.signIn(users.admin!.email, users.admin!.password)
    const css = await again.get('/public/goldthread.css')
    expect(css.statusCode).toBe(200)
    expect(css.headers['cache-control']).not.toBe('no-store')
    // Anonymous pages are left alone.
    expect((await app.inject({ url: '/sign-in' })).headers['cache-control']).not.toBe('no-store')
  })
})

import { expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership } from '../../../test/helpers/app.ts'
import { sessions } from '../../db/schema/index.ts'

const form = 'application/x-www-form-urlencoded'

describeIntegration('anonymous requests', (t) => {
  it('write no session row; the sign-in form is still protected by a CSRF secret in a signed cookie', async () => {
    const { app, services } = t()
    const { users, slug } = await seedPartnership(services, ['admin'])
    const count = async () => (await t().database.db.select().from(sessions)).length
    const before = await count()

    const agent = new Agent(app)
    for (let i = 0; i < 5; i++) expect((await agent.get('/sign-in')).statusCode).toBe(200)
    // A protected page remembers where to return to, without a session either.
    expect((await agent.get(`/p/${slug}/organisations`)).statusCode).toBe(302)
    for (let i = 0; i < 3; i++) await app.inject({ url: '/sign-in' })
    expect(await count()).toBe(before)

    const page = await agent.get('/sign-in')
    const csrf = page.cookies.find((c) => c.name === 'goldthread.csrf')
    // Set once, on the first page; later pages reuse it.
    expect(csrf).toBeUndefined()
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
    const body = (extra: string) =>
      `email=${encodeURIComponent(users.admin!.email)}&password=${encodeURIComponent(users.admin!.password)}${extra}`
    const post = (payload: string) =>
      agent.request({ method: 'POST', url: '/sign-in', headers: { 'content-type': form }, payload })
    expect((await post(body(''))).statusCode).toBe(403)
    expect((await post(body('&_csrf=forged'))).statusCode).toBe(403)
    // The token is useless without the cookie it belongs to, and the cookie is signed.
    const stranger = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': form },
      payload: body(`&_csrf=${encodeURIComponent(token)}`),
    })
    expect(stranger.statusCode).toBe(403)
    const forgedCookie = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': form },
      cookies: { 'goldthread.csrf': 'made-up-secret' },
      payload: body(`&_csrf=${encodeURIComponent(token)}`),
    })
    expect(forgedCookie.statusCode).toBe(403)
    expect(await count()).toBe(before)

    const ok = await post(body(`&_csrf=${encodeURIComponent(token)}`))
    expect(ok.statusCode).toBe(302)
    expect(ok.headers.location).toBe(`/p/${slug}/organisations`)
    // Signing in writes the one session row.
    expect(await count()).toBe(before + 1)
    expect((await agent.get(`/p/${slug}/organisations`)).statusCode).toBe(200)
  })

  it('sets the CSRF cookie HttpOnly, SameSite=Lax and signed', async () => {
    const { app } = t()
    const res = await app.inject({ url: '/sign-in' })
    const cookie = res.cookies.find((c) => c.name === 'goldthread.csrf')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(decodeURIComponent(cookie.value)).toMatch(/\.[A-Za-z0-9+/_-]+=*$/)
    expect(res.cookies.find((c) => c.name === 'goldthread.sid')).toBeUndefined()
  })
})

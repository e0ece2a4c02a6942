import { and, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import {
  Agent,
  bearer,
  describeIntegration,
  seedPartnership,
  system,
  unique,
} from '../../../test/helpers/app.ts'
import { buildMember } from '../../../test/helpers/factories.ts'
import { apiTokens, auditEvents } from '../../db/schema/index.ts'
import { ukDate } from '../../lib/clock.ts'
import { addDays } from './tokens.ts'

describeIntegration('API tokens scoped to a partnership, read or write, with an expiry', (t) => {
  const today = () => ukDate(new Date())
  const get = (url: string, token: string) => t().app.inject({ url, headers: bearer(token) })

  /** A user who is an administrator of two partnerships, A and B. */
  async function twoPartnerships() {
    const { services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['admin'])
    const me = a.users.admin!
    await buildMember(services, b.partnership.id, { role: 'admin', email: me.email })
    return { a, b, me }
  }

  it('creates a scoped read-only token on the account page, lists its scope, access and expiry, and audits it', async () => {
    const { a, me } = await twoPartnerships()
    const agent = new Agent(t().app)
    await agent.signIn(me.email, me.password)
    const page = await agent.get('/account')
    expect(page.body).toContain('name="expiresOn"')
    expect(page.body).toContain(`value="${addDays(today(), 90)}"`)
    expect(page.body).toContain(a.partnership.name)

    const name = unique('feed-reader')
    const expiresOn = addDays(today(), 30)
    const res = await agent.submit('/account', '/account/tokens', {
      name,
      partnershipId: a.partnership.id,
      access: 'read',
      expiresOn,
    })
    expect(res.statusCode, res.body).toBe(200)
    const secret = /data-qa="token-secret">([^<]+)</.exec(res.body)?.[1]
    expect(secret).toMatch(/^gt_/)
    expect(res.body).toContain('Read only')
    expect(res.body).toContain('Read and write') // the seed's token
    expect(res.body).toContain('Until revoked')

    const [row] = await t().database.db.select().from(apiTokens).where(eq(apiTokens.name, name))
    expect(row).toMatchObject({ partnershipId: a.partnership.id, access: 'read' })
    expect(ukDate(row!.expiresAt!)).toBe(expiresOn)
    const [event] = await t()
      .database.db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, row!.id), eq(auditEvents.action, 'create')))
    expect(event!.after).toMatchObject({ name, partnershipId: a.partnership.id, access: 'read' })
    expect((await get(`/api/v1/partnerships/${a.slug}`, secret!)).statusCode).toBe(200)
  })

  it('gives a token posted with its name alone every partnership, read and write, for 90 days', async () => {
    const { me } = await twoPartnerships()
    const agent = new Agent(t().app)
    await agent.signIn(me.email, me.password)
    const name = unique('script')
    expect((await agent.submit('/account', '/account/tokens', { name })).statusCode).toBe(200)
    const [row] = await t().database.db.select().from(apiTokens).where(eq(apiTokens.name, name))
    expect(row).toMatchObject({ partnershipId: null, access: 'write' })
    expect(ukDate(row!.expiresAt!)).toBe(addDays(today(), 90))
  })

  it('refuses a bad scope on the form, naming each field', async () => {
    const { me } = await twoPartnerships()
    const other = await seedPartnership(t().services, ['admin'])
    const agent = new Agent(t().app)
    await agent.signIn(me.email, me.password)
    const send = (fields: Record<string, string>) =>
      agent.submit('/account', '/account/tokens', {
        name: 'x',
        partnershipId: '',
        access: 'write',
        expiresOn: addDays(today(), 10),
        ...fields,
      })
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ expiresOn: today() }, 'expiresOn', /after today/],
      [{ expiresOn: addDays(today(), 400) }, 'expiresOn', /within a year/],
      [{ expiresOn: '' }, 'expiresOn', /last day/],
      [{ expiresOn: '2027-02-30' }, 'expiresOn', /real date/],
      [{ partnershipId: other.partnership.id }, 'partnershipId', /your partnerships/],
      [{ access: 'admin' }, 'access', /read only or read and write/],
    ]
    for (const [fields, field, message] of cases) {
      const res = await send(fields)
      expect(res.statusCode, JSON.stringify(fields)).toBe(422)
      expect(res.body).toContain(`href="#${field}"`)
      expect(res.body).toMatch(message)
    }
    // The service says the same to any caller.
    await expect(
      t().services.auth.createToken(system, me.userId, 'y', {
        access: 'read',
        expiresOn: addDays(today(), 367),
      }),
    ).rejects.toMatchObject({ fields: { expiresOn: expect.stringMatching(/within a year/) } })
  })

  it('lets a read token read and refuses it every change with token_read_only, before the body is looked at', async () => {
    const { a, me } = await twoPartnerships()
    const { secret } = await t().services.auth.createToken(system, me.userId, 'reader', {
      access: 'read',
      expiresOn: addDays(today(), 5),
    })
    expect((await get(`/api/v1/partnerships/${a.slug}/places`, secret)).statusCode).toBe(200)
    expect(
      (
        await t().app.inject({
          method: 'HEAD',
          url: `/api/v1/partnerships/${a.slug}`,
          headers: bearer(secret),
        })
      ).statusCode,
    ).toBe(200)
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const res = await t().app.inject({
        method,
        url: `/api/v1/partnerships/${a.slug}/places`,
        headers: bearer(secret),
        payload: { name: 'Nowhere' },
      })
      expect(res.statusCode, method).toBe(403)
      expect(res.json().error.id).toBe('token_read_only')
      expect(res.json().error.message).toMatch(/only read/)
    }
    // The user's write token (the seed's) still may.
    const written = await t().app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${a.slug}/places`,
      headers: bearer(me.token),
      payload: {},
    })
    expect(written.statusCode).toBe(422)
  })

  it('keeps a token scoped to one partnership out of the user’s other partnerships, as a non-member is kept out', async () => {
    const { a, b, me } = await twoPartnerships()
    const { secret } = await t().services.auth.createToken(system, me.userId, 'only A', {
      partnershipId: a.partnership.id,
      access: 'write',
      expiresOn: addDays(today(), 5),
    })
    expect((await get(`/api/v1/partnerships/${a.slug}/places`, secret)).statusCode).toBe(200)
    // The user's unscoped token reaches B…
    expect((await get(`/api/v1/partnerships/${b.slug}/places`, me.token)).statusCode).toBe(200)
    // …the scoped one is answered as a stranger is: not found.
    const refused = await get(`/api/v1/partnerships/${b.slug}/places`, secret)
    const stranger = await get(
      `/api/v1/partnerships/${b.slug}/places`,
      (await seedPartnership(t().services)).users.admin!.token,
    )
    expect(refused.statusCode).toBe(404)
    expect(refused.json()).toEqual(stranger.json())
    const post = await t().app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${b.slug}/places`,
      headers: bearer(secret),
      payload: {},
    })
    expect(post.statusCode).toBe(404)
    // The list of partnerships shows A only.
    const list = (await get('/api/v1/partnerships', secret)).json().data as { slug: string }[]
    expect(list.map((p) => p.slug)).toEqual([a.slug])
  })

  it('refuses an expired token with 401 token_expired', async () => {
    const { a, me } = await twoPartnerships()
    const { secret, token } = await t().services.auth.createToken(system, me.userId, 'brief', {
      expiresOn: addDays(today(), 1),
    })
    expect((await get(`/api/v1/partnerships/${a.slug}`, secret)).statusCode).toBe(200)
    await t()
      .database.db.update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(apiTokens.id, token.id))
    const res = await get(`/api/v1/partnerships/${a.slug}`, secret)
    expect(res.statusCode).toBe(401)
    expect(res.json().error).toMatchObject({ id: 'token_expired', message: expect.stringMatching(/expired/) })
    const agent = new Agent(t().app)
    await agent.signIn(me.email, me.password)
    expect((await agent.get('/account')).body).toMatch(/Expired/)
  })
})

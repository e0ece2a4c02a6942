import { and, desc, eq } from 'drizzle-orm'
import { beforeEach, expect, it } from 'vitest'
import { auditEvents, dataValues, partnerships } from '../../db/schema/index.ts'
import { Agent, bearer, describeIntegration, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, setWindow, type ValuesWorld } from './values.fixtures.ts'

describeIntegration('approval by a second person', (t) => {
  let w: ValuesWorld
  const api = () => `/api/v1/partnerships/${w.slug}`
  const call = (who: keyof ValuesWorld['users'], method: 'PUT' | 'POST', path: string, body: object = {}) =>
    t().app.inject({ method, url: api() + path, headers: bearer(w.users[who].token), payload: body })
  const allow = (yes: boolean) =>
    t()
      .database.db.update(partnerships)
      .set({ allowSelfApproval: yes })
      .where(eq(partnerships.id, w.partnershipId))
  /** A value the officer enters and submits at one district. */
  const officerSubmits = async (place: { id: string }) => {
    const res = await call('officer', 'PUT', '/values', {
      indicatorId: w.crime.id,
      placeId: place.id,
      period: '2008/09 Q1',
      value: 61,
      submit: true,
      version: 0,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().data as { id: string; version: number }
  }

  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('approve2'))
    await setWindow(t().services, w, '2008/09 Q1', 'open')
  })

  it('refuses to let whoever entered a value approve it, and lets someone else', async () => {
    const v = await officerSubmits(w.area)
    const own = await call('officer', 'POST', `/values/${v.id}/approve`, { version: v.version })
    expect(own.statusCode).toBe(403)
    expect(own.json().error.message).toMatch(/someone else must approve it/)
    const other = await call('admin', 'POST', `/values/${v.id}/approve`, { version: v.version })
    expect(other.statusCode, other.body).toBe(200)
    expect(other.json().data.status).toBe('approved')
  })

  it('says so on the value page instead of approving', async () => {
    const v = await officerSubmits(w.districts[0]!)
    const officer = new Agent(t().app)
    await officer.signIn(w.users.officer.email, w.users.officer.password)
    const url = `/p/${w.slug}/values/${v.id}`
    const page = await officer.get(url)
    expect(page.body).toContain('data-qa="own-entry"')
    expect(page.body).not.toContain('data-qa="approve"')
    const res = await officer.submit(url, `${url}/approve`, { version: String(v.version) })
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('someone else must approve it')
    const [row] = await t().database.db.select().from(dataValues).where(eq(dataValues.id, v.id))
    expect(row!.status).toBe('submitted')
  })

  it('lets the partnership allow self-approval, through the API and the settings page, audited', async () => {
    const put = await call('admin', 'PUT', '', {
      name: `Partnership ${w.slug}`,
      kind: 'county',
      areaPlaceId: w.area.id,
      allowSelfApproval: true,
    })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json().data.allowSelfApproval).toBe(true)
    const [event] = await t()
      .database.db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, w.partnershipId), eq(auditEvents.action, 'update')))
      .orderBy(desc(auditEvents.id))
      .limit(1)
    expect(event!.after).toMatchObject({ allowSelfApproval: true })

    const v = await officerSubmits(w.districts[1]!)
    const own = await call('officer', 'POST', `/values/${v.id}/approve`, { version: v.version })
    expect(own.statusCode, own.body).toBe(200)

    const admin = new Agent(t().app)
    await admin.signIn(w.users.admin.email, w.users.admin.password)
    const page = await admin.get(`/p/${w.slug}/settings`)
    expect(page.body).toMatch(/name="allowSelfApproval"[^>]*checked/)
    const saved = await admin.submit(`/p/${w.slug}/settings`, `/p/${w.slug}/settings`, {
      name: `Partnership ${w.slug}`,
      kind: 'county',
      areaPlaceId: w.area.id,
    })
    expect(saved.statusCode, saved.body).toBe(302)
    const [p] = await t().database.db.select().from(partnerships).where(eq(partnerships.id, w.partnershipId))
    expect(p!.allowSelfApproval).toBe(false)
  })

  it('refuses an import that approves its own rows unless the partnership allows it', async () => {
    await allow(false)
    const post = () =>
      t().app.inject({
        method: 'POST',
        url: `${api()}/imports?sheet=Values&approve=true`,
        headers: bearer(w.users.officer.token),
        payload: [{ indicator_code: w.waste.code, place_gss: w.area.gss, period: '2008/09 Q1', value: 900 }],
      })
    const refused = await post()
    expect(refused.statusCode, refused.body).toBe(403)
    expect(refused.json().error.message).toMatch(/approving your own entries/)
    await allow(true)
    const done = await post()
    expect(done.statusCode, done.body).toBe(200)
    const [row] = await t()
      .database.db.select()
      .from(dataValues)
      .where(and(eq(dataValues.partnershipId, w.partnershipId), eq(dataValues.indicatorId, w.waste.id)))
    expect(row!.status).toBe('approved')
  })
})

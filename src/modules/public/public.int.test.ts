import { beforeAll, expect, it } from 'vitest'
import { Agent, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'

/**
 * The public site (#16) read by someone who never signs in: only partnerships that publish, only
 * published targets, only approved figures, only published commentary, no one's email address.
 */
describeIntegration('public site', (t) => {
  let w: ValuesWorld
  let hidden: ValuesWorld
  const anonymous = () => new Agent(t().app)
  const leadEmail = () => `lead.officer.${w.slug}@example.org`

  const save = (world: ValuesWorld, indicatorId: string, placeId: string, period: string, value: number) =>
    t().services.values.save(
      system,
      world.partnershipId,
      { indicatorId, placeId, period },
      { value, numerator: null, denominator: null, commentary: null, version: 0, submit: true },
    )

  /** Approved by the performance officer: not whoever entered it. */
  async function approve(world: ValuesWorld, id: string) {
    const officer = await t().services.auth.actorForUser(world.users.officer.userId)
    await t().services.values.approve(officer!, world.partnershipId, id)
  }

  async function targetIdOf(world: ValuesWorld, code: string) {
    const { lines } = await t().services.dashboard.lines(system, world.partnershipId, {})
    return lines.find((l) => l.target.indicator.code === code)!.target.id
  }

  async function publish(world: ValuesWorld, code: string) {
    await t().services.targets.setPublished(system, world.partnershipId, await targetIdOf(world, code), true)
  }

  async function publishSite(world: ValuesWorld, on: boolean) {
    const ctx = await t().services.partnerships.resolve(system, world.slug)
    await t().services.partnerships.setPublicSite(system, ctx, {
      publicSite: on,
      publicContact: on ? 'performance@county.example.gov.uk' : null,
    })
  }

  beforeAll(async () => {
    const s = t().services
    w = await seedValuesWorld(s, unique('pub'))
    hidden = await seedValuesWorld(s, unique('hid'))
    // A lead officer with an email address, who is a person in the directory of the partnership.
    await s.people.create(system, w.partnershipId, {
      name: 'Lena Lead',
      email: leadEmail(),
      organisationId: w.council.id,
      jobTitle: 'Lead officer',
      phone: '0116 496 0000',
    })
    // L 02 (waste, lower is better, 1000 for the year) is published; L 01 is not.
    await publish(w, 'L 02')
    await publish(hidden, 'L 02')
    // Q1 approved; Q2 submitted, not approved.
    const q1 = await save(w, w.waste.id, w.area.id, '2008/09 Q1', 1111)
    await approve(w, q1.value.id)
    await save(w, w.waste.id, w.area.id, '2008/09 Q2', 2222)
    await save(w, w.crime.id, w.area.id, '2008/09 Q1', 77)
    await publishSite(w, true)
    await publishSite(hidden, false)
  })

  it('answers anonymous readers without a session: the index, home, outcomes, a target and a period', async () => {
    const a = anonymous()
    for (const url of [
      '/public',
      `/public/${w.slug}`,
      `/public/${w.slug}/outcomes`,
      `/public/${w.slug}/targets/l-02`,
      `/public/${w.slug}/targets/L-02`,
      `/public/${w.slug}/targets/l-02/2008-09-q1`,
    ]) {
      const res = await a.get(url)
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200)
      expect(res.body, url).toContain('data-qa="last-updated"')
      expect(res.body, url).not.toContain('Sign in')
      expect(res.headers['set-cookie'] ?? '', url).not.toContain('goldthread.return')
    }
    // Static files under /public/ are still served.
    expect((await a.get('/public/goldthread.css')).statusCode).toBe(200)
  })

  it('shows approved figures with their status in colour and words, never a submitted one', async () => {
    const res = await anonymous().get(`/public/${w.slug}/targets/l-02`)
    expect(res.body).toContain('1,111')
    expect(res.body).not.toContain('2,222')
    expect(res.body).not.toContain('2222')
    expect(res.body).toMatch(
      /data-qa="latest-status"[\s\S]*?govuk-tag[^>]*>(Green|Amber|Red)<\/strong> (On track|Slightly off track|Off track)/,
    )
    const q2 = await anonymous().get(`/public/${w.slug}/targets/l-02/2008-09-q2`)
    expect(q2.statusCode).toBe(200)
    expect(q2.body).not.toContain('2,222')
    expect(q2.body).toContain('There is no approved figure for 2008/09 Q2')
  })

  it('shows a value once it is approved, and a year-to-date figure only when all it adds up is approved', async () => {
    // L 02 is a count: its figures are the year to date. Q2's is 1,111 + 2,222 (submitted): not shown.
    expect((await anonymous().get(`/public/${w.slug}/targets/l-02`)).body).not.toContain('3,333')
    // A new year starts again: 2009/10 Q1 on its own.
    const v = await save(w, w.waste.id, w.area.id, '2009/10 Q1', 4444)
    expect((await anonymous().get(`/public/${w.slug}/targets/l-02`)).body).not.toContain('4,444')
    await approve(w, v.value.id)
    const body = (await anonymous().get(`/public/${w.slug}/targets/l-02`)).body
    expect(body).toContain('4,444')
    expect(body).toMatch(/data-qa="latest-figure">In 2009\/10 Q1/)
  })

  it('does not show or list an unpublished target', async () => {
    const a = anonymous()
    expect((await a.get(`/public/${w.slug}/targets/l-01`)).statusCode).toBe(404)
    expect((await a.get(`/public/${w.slug}/targets/l-01/2008-09-q1`)).statusCode).toBe(404)
    for (const url of [`/public/${w.slug}`, `/public/${w.slug}/outcomes`]) {
      const body = (await a.get(url)).body
      expect(body, url).toContain('L 02')
      expect(body, url).not.toContain('L 01')
    }
    expect((await a.get(`/public/${w.slug}/targets/nothing-here`)).statusCode).toBe(404)
    expect((await a.get(`/public/${w.slug}/targets/l-02/2031-32-q1`)).statusCode).toBe(404)
  })

  it('shows commentary only once it is published, without its author', async () => {
    const officer = new Agent(t().app)
    await officer.signIn(w.users.officer.email, w.users.officer.password)
    const id = await targetIdOf(w, 'L 02')
    const form = `/p/${w.slug}/commentary/targets/${id}?period=2008%2F09%20Q1`
    const post = (published: boolean, text: string) =>
      officer.submit(form, `/p/${w.slug}/commentary/targets/${id}`, {
        period: '2008/09 Q1',
        commentary: text,
        actions: 'Weekly collections',
        supportNeeded: '',
        ...(published ? { published: 'yes' } : {}),
      })
    expect((await post(false, 'Draft words not for the public')).statusCode).toBe(302)
    let body = (await anonymous().get(`/public/${w.slug}/targets/l-02`)).body
    expect(body).not.toContain('Draft words not for the public')
    expect(body).toContain('data-qa="no-commentary"')

    expect((await post(true, 'Waste fell as the new depot opened')).statusCode).toBe(302)
    expect((await officer.get(form)).body).toMatch(/name="published" type="checkbox" value="yes" checked/)
    body = (await anonymous().get(`/public/${w.slug}/targets/l-02`)).body
    expect(body).toContain('Waste fell as the new depot opened')
    expect(body).not.toContain(w.users.officer.email)
    const period = (await anonymous().get(`/public/${w.slug}/targets/l-02/2008-09-q1`)).body
    expect(period).toContain('Waste fell as the new depot opened')

    // Unticking takes it off again.
    expect((await post(false, 'Waste fell as the new depot opened')).statusCode).toBe(302)
    body = (await anonymous().get(`/public/${w.slug}/targets/l-02`)).body
    expect(body).not.toContain('Waste fell as the new depot opened')
  })

  it('does not show or list a partnership whose public site is off', async () => {
    const a = anonymous()
    const index = (await a.get('/public')).body
    expect(index).toContain(w.slug)
    expect(index).not.toContain(hidden.slug)
    for (const url of [
      `/public/${hidden.slug}`,
      `/public/${hidden.slug}/outcomes`,
      `/public/${hidden.slug}/targets/l-02`,
      `/public/${hidden.slug}/targets/l-02/2008-09-q1`,
      '/public/no-such-partnership',
    ])
      expect((await a.get(url)).statusCode, url).toBe(404)
    // Switched off: gone at once.
    await publishSite(w, false)
    expect((await a.get(`/public/${w.slug}`)).statusCode).toBe(404)
    expect((await a.get('/public')).body).not.toContain(w.slug)
    await publishSite(w, true)
  })

  it('shows no one’s email address or telephone number, only the partnership’s chosen contact', async () => {
    const a = anonymous()
    const emails = [leadEmail(), ...Object.values(w.users).map((u) => u.email)]
    for (const url of [
      '/public',
      `/public/${w.slug}`,
      `/public/${w.slug}/outcomes`,
      `/public/${w.slug}/targets/l-02`,
      `/public/${w.slug}/targets/l-02/2008-09-q1`,
    ]) {
      const body = (await a.get(url)).body
      for (const e of emails) expect(body, `${url} shows ${e}`).not.toContain(e)
      expect(body, url).not.toContain('0116 496 0000')
      if (url !== '/public') expect(body, url).toContain('performance@county.example.gov.uk')
    }
  })

  it('lets an administrator publish the site and set its contact on the settings page', async () => {
    const admin = new Agent(t().app)
    await admin.signIn(hidden.users.admin.email, hidden.users.admin.password)
    const settings = `/p/${hidden.slug}/settings`
    expect((await admin.get(settings)).body).toContain('data-qa="public-site-form"')
    const res = await admin.submit(settings, `${settings}/public`, {
      publicSite: 'yes',
      publicContact: 'Partnership office, County Hall',
    })
    expect(res.statusCode, res.body).toBe(302)
    const home = await anonymous().get(`/public/${hidden.slug}`)
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Partnership office, County Hall')
    const tooLong = await admin.submit(settings, `${settings}/public`, {
      publicSite: 'yes',
      publicContact: 'x'.repeat(501),
    })
    expect(tooLong.statusCode).toBe(422)
    expect(tooLong.body).toContain('#publicContact')
    await admin.submit(settings, `${settings}/public`, { publicContact: '' })
    expect((await anonymous().get(`/public/${hidden.slug}`)).statusCode).toBe(404)
  })

  it('publishes an agreed target from its page, and takes it off, without a revision', async () => {
    const third = await seedValuesWorld(t().services, unique('pub3'))
    await publishSite(third, true)
    const id = await targetIdOf(third, 'L 01')
    const admin = new Agent(t().app)
    await admin.signIn(third.users.admin.email, third.users.admin.password)
    const page = `/p/${third.slug}/targets/${id}`
    expect((await admin.get(page)).body).toContain('Publish on the public site')
    expect((await anonymous().get(`/public/${third.slug}/targets/l-01`)).statusCode).toBe(404)
    expect((await admin.submit(page, `${page}/published`, { published: 'yes' })).statusCode).toBe(302)
    expect((await anonymous().get(`/public/${third.slug}/targets/l-01`)).statusCode).toBe(200)
    expect((await admin.get(page)).body).toContain('Take off the public site')
    expect((await admin.submit(page, `${page}/published`, { published: 'no' })).statusCode).toBe(302)
    expect((await anonymous().get(`/public/${third.slug}/targets/l-01`)).statusCode).toBe(404)
    // Still agreed: publishing is not a change to what was agreed.
    const [agreement] = await t().services.agreements.list(system, third.partnershipId)
    const listed = await t().services.targets.list(system, third.partnershipId, agreement!.id)
    expect(listed.find((x) => x.target.id === id)!.version).toMatchObject({
      status: 'agreed',
      published: false,
      isRevision: false,
      reason: 'Taken off the public site',
    })
  })
})

import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { publicComments } from '../../db/schema/index.ts'
import { ukDate } from '../../lib/clock.ts'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

const DAY = 24 * 60 * 60 * 1000
const day = (offset: number) => ukDate(new Date(Date.now() + offset * DAY))
let ipCounter = 0

describeIntegration('residents comment on a draft strategy (#16 §6)', (t) => {
  async function setup(opts: { open?: boolean } = {}) {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['admin', 'performance_officer', 'data_provider'])
    const pid = seeded.partnership.id
    const ctx = await services.partnerships.resolve(system, seeded.slug)
    await services.partnerships.setPublicSite(system, ctx, { publicSite: true, publicContact: 'Call us' })
    await services.strategy.startVersion(system, pid, { title: 'Our plan' })
    const theme = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Safer places',
      tagIds: [],
    })
    const outcome = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'outcome',
      title: 'Less crime',
      parentId: theme.id,
      tagIds: [],
    })
    if (opts.open !== false)
      await services.residents.setWindow(system, pid, 1, { opensOn: day(-1), closesOn: day(10) })
    const page = `/public/${seeded.slug}/have-your-say`
    // Each test its own address: the comment form is rate-limited per address.
    const ip = `10.1.0.${++ipCounter}`
    const cookies = new Map<string, string>()
    async function request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
      const res = await app.inject({
        method,
        url,
        remoteAddress: ip,
        headers: {
          cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
      })
      for (const c of res.cookies) cookies.set(c.name, c.value)
      return res
    }
    async function post(url: string, form: Record<string, string>, from = page) {
      const before = await request('GET', from)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(before.body)?.[1] ?? 'none'
      return request('POST', url, { ...form, _csrf: csrf })
    }
    const comment = (form: Record<string, string>) => post(page, form)
    /** The confirmation link last sent to `email`, from the outbox. */
    async function linkFor(email: string) {
      const sent = (await services.outbox.list(system, pid)).find((m) => m.toAddress === email)
      const url = /(\/public\/\S+\/confirm\/\S+)/.exec(sent?.body ?? '')?.[1]
      if (!url) throw new Error(`no link for ${email}`)
      return url
    }
    const api = (method: 'GET' | 'POST' | 'PUT', path: string, token: string, payload?: object) =>
      app.inject({
        method,
        url: `/api/v1/partnerships/${seeded.slug}/strategy${path}`,
        headers: bearer(token),
        ...(payload ? { payload } : {}),
      })
    return { ...seeded, services, pid, outcome, page, request, post, comment, linkFor, api }
  }

  it('shows a comment only once confirmed and published, with the response, and never the email', async () => {
    const s = await setup()
    const email = `jo.${s.slug}@resident.example`
    const sent = await s.comment({
      nodeId: s.outcome.id,
      body: 'More street lights, please.',
      name: 'Jo',
      email,
    })
    expect(sent.statusCode, sent.body).toBe(303)
    expect(sent.headers.location).toBe(`${s.page}/check-your-email`)
    expect((await s.request('GET', sent.headers.location!)).body).toContain('Check your email')
    expect((await s.request('GET', s.page)).body).not.toContain('More street lights')

    // Confirming: the GET shows a button and changes nothing; the POST confirms.
    const link = await s.linkFor(email)
    const confirmPage = await s.request('GET', link)
    expect(confirmPage.statusCode).toBe(200)
    expect(confirmPage.body).toContain('Confirm my comment')
    let [row] = await t()
      .database.db.select()
      .from(publicComments)
      .where(eq(publicComments.partnershipId, s.pid))
    expect(row!.status).toBe('unconfirmed')
    expect(row!.confirmTokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(link).not.toContain(row!.confirmTokenHash!)
    const confirmed = await s.post(link, {}, link)
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    expect(confirmed.body).toContain('Your comment is confirmed')
    ;[row] = await t().database.db.select().from(publicComments).where(eq(publicComments.id, row!.id))
    expect(row!.status).toBe('pending')
    expect(row!.confirmTokenHash).toBeNull()
    expect((await s.request('GET', s.page)).body).not.toContain('More street lights')

    // Replayed: the link works once.
    expect((await s.request('GET', link)).statusCode).toBe(404)
    expect((await s.post(link, {}, s.page)).statusCode).toBe(404)

    // A data provider may not moderate; the performance officer publishes with a response.
    const id = row!.id
    const provider = await s.api('POST', `/public-comments/${id}/moderation`, s.users.data_provider!.token, {
      decision: 'publish',
    })
    expect(provider.statusCode).toBe(403)
    expect((await s.api('GET', '/versions/1/public-comments', s.users.data_provider!.token)).statusCode).toBe(
      403,
    )
    const published = await s.api(
      'POST',
      `/public-comments/${id}/moderation`,
      s.users.performance_officer!.token,
      {
        decision: 'publish',
        response: 'We will add lighting to the outcome.',
      },
    )
    expect(published.statusCode, published.body).toBe(200)
    expect(published.json().data).toMatchObject({ status: 'published', email, nodeRef: '1.1' })
    const html = (await s.request('GET', s.page)).body
    expect(html).toContain('More street lights, please.')
    expect(html).toContain('We will add lighting to the outcome.')
    expect(html).toContain('Jo')
    expect(html).not.toContain(email)
    expect(html).not.toContain('resident.example')

    // Every step audited: the resident's as the system's "resident".
    const { rows } = await t().services.audit.list(system, s.pid, { entityId: id, limit: 20, offset: 0 })
    const trail = rows.map((r) => `${r.event.action} by ${r.event.actorLabel}`)
    expect(trail).toEqual(
      expect.arrayContaining([
        'create by resident',
        'confirm by resident',
        'publish by performance_officer user',
      ]),
    )
    expect(JSON.stringify(rows)).not.toContain(email)
  })

  it('never shows a rejected comment; the note stays with the partnership', async () => {
    const s = await setup()
    const email = `rej.${s.slug}@resident.example`
    await s.comment({ nodeId: '', body: 'Rude words here.', email })
    await s.post(await s.linkFor(email), {}, await s.linkFor(email))
    const [row] = await t()
      .database.db.select()
      .from(publicComments)
      .where(eq(publicComments.partnershipId, s.pid))
    const admin = s.users.admin!.token
    const noNote = await s.api('POST', `/public-comments/${row!.id}/moderation`, admin, {
      decision: 'reject',
    })
    expect(noNote.statusCode).toBe(422)
    expect(noNote.json().error.fields.note).toBeTruthy()
    const rejected = await s.api('POST', `/public-comments/${row!.id}/moderation`, admin, {
      decision: 'reject',
      note: 'Offensive language',
    })
    expect(rejected.json().data).toMatchObject({ status: 'rejected', moderationNote: 'Offensive language' })
    const html = (await s.request('GET', s.page)).body
    expect(html).not.toContain('Rude words')
    expect(html).not.toContain('Offensive language')
  })

  it('refuses comments when no draft is open, with a clear message', async () => {
    const s = await setup({ open: false })
    const get = await s.request('GET', s.page)
    expect(get.statusCode).toBe(200)
    expect(get.body).toContain('Comments are closed')
    // A form opened before the window closed: its token is valid, the comment is refused.
    const sent = await s.post(s.page, { body: 'Hello', email: 'a@b.example' }, '/sign-in')
    expect(sent.statusCode).toBe(409)
    expect(sent.body).toContain('Comments are closed')
    // A window in the past is closed too; and a signed-off version cannot be opened.
    await s.services.residents.setWindow(system, s.pid, 1, { opensOn: day(-10), closesOn: day(-2) })
    expect((await s.request('GET', s.page)).body).toContain('Comments are closed')
    expect((await s.request('GET', `/public/${s.slug}`)).body).not.toContain('Have your say')
    await s.services.residents.setWindow(system, s.pid, 1, { opensOn: day(0), closesOn: day(0) })
    expect((await s.request('GET', `/public/${s.slug}`)).body).toContain(
      'Have your say on the draft strategy',
    )
    const bad = await s.api('PUT', '/versions/1/public-window', s.users.admin!.token, {
      opensOn: day(3),
      closesOn: day(1),
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.fields.closesOn).toBeTruthy()
    const notDate = await s.api('PUT', '/versions/1/public-window', s.users.admin!.token, {
      opensOn: '2026-02-30',
      closesOn: day(1),
    })
    expect(notDate.statusCode).toBe(422)
    expect(
      (
        await s.api('PUT', '/versions/1/public-window', s.users.data_provider!.token, {
          opensOn: null,
          closesOn: null,
        })
      ).statusCode,
    ).toBe(403)
  })

  it('refuses an expired link', async () => {
    const s = await setup()
    const email = `old.${s.slug}@resident.example`
    await s.comment({ body: 'Old comment', email })
    await t()
      .database.db.update(publicComments)
      .set({ createdAt: new Date(Date.now() - 8 * DAY) })
      .where(eq(publicComments.partnershipId, s.pid))
    const link = await s.linkFor(email)
    const res = await s.request('GET', link)
    expect(res.statusCode).toBe(410)
    expect(res.body).toContain('This link has expired')
    expect((await s.post(link, {}, s.page)).statusCode).toBe(410)
  })

  it('names the field for bad input, never a 5xx', async () => {
    const s = await setup()
    const empty = await s.comment({ body: '', email: 'not-an-email' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Enter your comment')
    expect(empty.body).toContain('Enter an email address in the correct format')
    expect(empty.body).toContain('href="#body"')
    const badNode = await s.comment({ nodeId: 'nonsense', body: 'Hi', email: 'x@y.example' })
    expect(badNode.statusCode).toBe(422)
    expect(badNode.body).toContain('Choose an outcome from the list')
    const otherNode = await s.comment({ nodeId: crypto.randomUUID(), body: 'Hi', email: 'x@y.example' })
    expect(otherNode.statusCode).toBe(422)
    const huge = await s.comment({ body: 'x'.repeat(5000), email: 'x@y.example' })
    expect(huge.statusCode).toBe(422)
    expect((await s.request('GET', `${s.page}/confirm/${'z'.repeat(300)}`)).statusCode).toBeLessThan(500)
    // No CSRF token: refused, not a 5xx.
    const forged = await s.request('POST', s.page, { body: 'Hi', email: 'x@y.example' })
    expect(forged.statusCode).toBe(403)
    const unknownSite = await s.request('GET', '/public/no-such-site/have-your-say')
    expect(unknownSite.statusCode).toBe(404)
  })

  it('limits comments per address (429) and unconfirmed ones per email', async () => {
    const s = await setup()
    const email = `many.${s.slug}@resident.example`
    const codes: number[] = []
    for (let i = 0; i < 4; i++) codes.push((await s.comment({ body: `Comment ${i}`, email })).statusCode)
    expect(codes).toEqual([303, 303, 303, 429])
    const fifth = await s.comment({ body: 'Another', email: `other.${s.slug}@resident.example` })
    expect(fifth.statusCode).toBe(303)
    const limited = await s.comment({ body: 'Too many', email: `third.${s.slug}@resident.example` })
    expect(limited.statusCode).toBe(429)
    expect(limited.body).toContain('Wait')
  })

  it('lets officers open a draft and moderate on pages; the email shows only to them', async () => {
    const s = await setup({ open: false })
    const officer = new Agent(t().app)
    const po = s.users.performance_officer!
    await officer.signIn(po.email, po.password)
    const list = `/p/${s.slug}/strategy/versions/1/residents`
    expect((await officer.get(list)).body).toContain('This version is not open to the public')
    const bad = await officer.submit(list, `${list}/window`, { opensOn: day(0), closesOn: '' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#closesOn"')
    const opened = await officer.submit(list, `${list}/window`, { opensOn: day(0), closesOn: day(5) })
    expect(opened.statusCode, opened.body).toBe(302)
    expect((await officer.get(list)).body).toContain('open today')

    const email = `page.${s.slug}@resident.example`
    await s.comment({ nodeId: s.outcome.id, body: 'Safer crossings near the school.', email })
    const link = await s.linkFor(email)
    await s.post(link, {}, link)
    const consultation = await officer.get(`/p/${s.slug}/strategy/versions/1/consultation`)
    expect(consultation.body).toMatch(/data-qa="residents-waiting"[\s\S]*1 waiting for a decision/)
    const page = await officer.get(list)
    expect(page.body).toContain(email)
    const id = /\/residents\/([0-9a-f-]{36})/.exec(page.body)![1]!
    const moderate = `/p/${s.slug}/residents/${id}`
    const noDecision = await officer.submit(moderate, moderate, { response: 'Thanks' })
    expect(noDecision.statusCode).toBe(422)
    expect(noDecision.body).toContain('href="#decision"')
    const saved = await officer.submit(moderate, moderate, { decision: 'publish', response: 'We agree.' })
    expect(saved.statusCode).toBe(302)
    const shown = (await s.request('GET', s.page)).body
    expect(shown).toContain('Safer crossings near the school.')
    expect(shown).toContain('We agree.')
    expect(shown).not.toContain(email)

    // Closing it: the public page says so, and the home page's link goes.
    await officer.submit(list, `${list}/window`, { action: 'close' })
    expect((await s.request('GET', s.page)).body).toContain('Comments are closed')
  })
})

import { beforeAll, expect, it } from 'vitest'
import { buildApp } from '../../app.ts'
import { Agent, describeIntegration, system, testConfig, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'
import { publicCacheOf } from './public.cache.ts'

/**
 * The public site's cache (#16): a second request is answered from it, and a change made through
 * the services (a value approved, commentary published, a target taken off) shows on the very
 * next request, on this server and on another sharing the database.
 */
describeIntegration('public site cache', (t) => {
  const anonymous = () => new Agent(t().app)
  const stats = () => publicCacheOf(t().app).stats()

  /** A partnership of its own for each test (they run in any order): L 02 published, Q1 approved. */
  async function fresh() {
    const s = t().services
    const w = await seedValuesWorld(s, unique('pcache'))
    const officer = (await s.auth.actorForUser(w.users.officer.userId))!
    const { lines } = await s.dashboard.lines(system, w.partnershipId, {})
    const targetId = lines.find((l) => l.target.indicator.code === 'L 02')!.target.id
    const approve = async (period: string, value: number) => {
      const saved = await s.values.save(
        system,
        w.partnershipId,
        { indicatorId: w.waste.id, placeId: w.area.id, period },
        { value, numerator: null, denominator: null, commentary: null, version: 0, submit: true },
      )
      await s.values.approve(officer, w.partnershipId, saved.value.id)
    }
    const setPublished = (on: boolean) => s.targets.setPublished(system, w.partnershipId, targetId, on)
    await setPublished(true)
    await approve('2008/09 Q1', 1111)
    await publishSite(w.slug)
    return { w, officer, targetId, approve, setPublished, url: `/public/${w.slug}/targets/l-02` }
  }
  async function publishSite(slug: string) {
    const ctx = await t().services.partnerships.resolve(system, slug)
    await t().services.partnerships.setPublicSite(system, ctx, { publicSite: true, publicContact: null })
  }

  it('answers the second request from the cache, the same for everyone, without a cookie', async () => {
    const { url } = await fresh()
    const before = stats()
    const first = await anonymous().get(url)
    expect(first.statusCode).toBe(200)
    expect(stats().misses).toBe(before.misses + 1)
    expect(stats().stored).toBe(before.stored + 1)
    const second = await anonymous().get(url)
    expect(second.statusCode).toBe(200)
    expect(stats().hits).toBe(before.hits + 1)
    expect(second.body).toBe(first.body)
    for (const res of [first, second]) {
      expect(res.headers['set-cookie']).toBeUndefined()
      expect(res.headers['cache-control']).toBe('public, no-cache')
      expect(res.headers['content-type']).toMatch(/^text\/html/)
      expect(res.headers.etag).toMatch(/^"[\w-]+"$/)
      // No per-request nonce in a kept page: its inline script is allowed by its hash.
      const csp = String(res.headers['content-security-policy'])
      expect(csp).not.toContain("'nonce-")
      expect(csp).toMatch(/script-src 'self' 'sha256-[\w+/=]+'/)
      expect(res.body).not.toMatch(/nonce="[^"]/)
    }
    expect(second.headers.etag).toBe(first.headers.etag)
    // Answered before helmet runs, the kept page carries its security headers.
    for (const h of [
      'content-security-policy',
      'x-frame-options',
      'x-content-type-options',
      'referrer-policy',
    ])
      expect(second.headers[h], h).toBe(first.headers[h])
    expect(first.headers['x-content-type-options']).toBe('nosniff')
  })

  it('answers 304 when the reader already has the current page, 200 once it changes', async () => {
    const { url, approve } = await fresh()
    const first = await anonymous().get(url)
    const etag = String(first.headers.etag)
    const again = await t().app.inject({ url, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers.etag).toBe(etag)
    // L 02 is a count: its figure is the year to date, 1,111 + 1,000.
    await approve('2008/09 Q2', 1000)
    const changed = await t().app.inject({ url, headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.body).toContain('2,111')
    expect(changed.headers.etag).not.toBe(etag)
  })

  it('shows an approved value, published commentary and an unpublished target at once', async () => {
    const { w, url, approve, officer, targetId, setPublished } = await fresh()
    expect((await anonymous().get(url)).statusCode).toBe(200)
    expect((await anonymous().get(url)).body).not.toContain('2,111')
    await approve('2008/09 Q2', 1000)
    expect((await anonymous().get(url)).body).toContain('2,111')

    await t().services.commentary.record(officer, w.partnershipId, targetId, {
      period: '2008/09 Q2',
      commentary: 'The new depot cut waste again',
      actions: null,
      supportNeeded: null,
      published: true,
    })
    const hits = stats().hits
    expect((await anonymous().get(url)).body).toContain('The new depot cut waste again')
    expect(stats().hits).toBe(hits)
    expect((await anonymous().get(url)).body).toContain('The new depot cut waste again')
    expect(stats().hits).toBe(hits + 1)

    await setPublished(false)
    const stored = stats().stored
    expect((await anonymous().get(url)).statusCode).toBe(404)
    expect((await anonymous().get(url)).statusCode).toBe(404)
    expect(stats().stored).toBe(stored)
    await setPublished(true)
    expect((await anonymous().get(url)).statusCode).toBe(200)
  })

  it('keeps a download whole (type, attachment name, Link header) and the index across partnerships', async () => {
    const { w } = await fresh()
    const url = `/public/${w.slug}/data/values.csv`
    const first = await anonymous().get(url)
    expect(first.statusCode).toBe(200)
    const hits = stats().hits
    const second = await anonymous().get(url)
    expect(stats().hits).toBe(hits + 1)
    expect(second.body).toBe(first.body)
    for (const h of ['content-type', 'content-disposition', 'link', 'etag'])
      expect(second.headers[h], h).toBe(first.headers[h])
    expect(String(second.headers.link)).toContain('values.csv-metadata.json')

    const other = await seedValuesWorld(t().services, unique('pcother'))
    await anonymous().get('/public')
    expect((await anonymous().get('/public')).body).not.toContain(other.slug)
    await publishSite(other.slug)
    expect((await anonymous().get('/public')).body).toContain(other.slug)
  })

  it('shows a change made on another server sharing the database', async () => {
    const { url, approve } = await fresh()
    const other = await buildApp(testConfig, t().services, { logger: false })
    try {
      await other.ready()
      const get = () => other.inject({ url })
      expect((await get()).statusCode).toBe(200)
      expect((await get()).body).not.toContain('2,111')
      expect(publicCacheOf(other).stats().hits).toBe(1)
      await approve('2008/09 Q2', 1000)
      expect((await get()).body).toContain('2,111')
    } finally {
      await other.close()
    }
  })

  it('answers a signed-in reader from the cache too, the same page as anyone’s', async () => {
    const { w, url } = await fresh()
    const reader = new Agent(t().app)
    await reader.signIn(w.users.officer.email, w.users.officer.password)
    await anonymous().get(url)
    const hits = stats().hits
    const res = await reader.get(url)
    expect(res.statusCode).toBe(200)
    expect(stats().hits).toBe(hits + 1)
    // The same page as anyone's: nothing of theirs in it, nothing set.
    expect(res.headers['cache-control']).toBe('public, no-cache')
    expect(res.headers['set-cookie']).toBeUndefined()
  })
})

/** Downloads are limited per reader's address; pages are not. */
describeIntegration(
  'public downloads rate limit',
  (t) => {
    let w: ValuesWorld
    beforeAll(async () => {
      w = await seedValuesWorld(t().services, unique('plimit'))
      const ctx = await t().services.partnerships.resolve(system, w.slug)
      await t().services.partnerships.setPublicSite(system, ctx, { publicSite: true, publicContact: null })
    })

    it('answers 429 with Retry-After and a plain message once an address has downloaded enough', async () => {
      const get = (url: string, ip = '203.0.113.7') => t().app.inject({ url, remoteAddress: ip })
      const file = `/public/${w.slug}/data/targets.csv`
      for (let i = 0; i < 3; i++) expect((await get(file)).statusCode).toBe(200)
      const refused = await get(`/public/${w.slug}/data/values.json`)
      expect(refused.statusCode).toBe(429)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect(refused.headers['content-type']).toMatch(/^text\/html/)
      expect(refused.body).toContain('Too many downloads from your address. Wait 1 minute and try again.')
      // Another address, and the pages, are not held back.
      expect((await get(file, '203.0.113.8')).statusCode).toBe(200)
      expect((await get(`/public/${w.slug}/data`)).statusCode).toBe(200)
    })
  },
  { publicDownloadsPerMinute: 3 },
)

import { beforeEach, expect, it } from 'vitest'
import { Agent, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'

/** A page's main content, without what differs per request (CSRF tokens, CSP nonces). */
const main = (html: string) =>
  /id="main-content"[^>]*>([\s\S]*)<\/main>/
    .exec(html)![1]!
    .replace(/(name="_csrf" value=")[^"]*/g, '$1')
    .replace(/(nonce=")[^"]*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()

describeIntegration('home and dashboard answered from the render cache', (t) => {
  let w: ValuesWorld
  const cache = () => t().services.renderCache
  const signedIn = async (user: { email: string; password: string }) => {
    const agent = new Agent(t().app)
    await agent.signIn(user.email, user.password)
    return agent
  }
  /** GET the page, expecting a 200, with how the cache answered it. */
  const get = async (agent: Agent, url: string) => {
    const before = cache().stats()
    const res = await agent.get(url)
    expect(res.statusCode, res.body).toBe(200)
    const after = cache().stats()
    const how = after.hits > before.hits ? 'hit' : after.misses > before.misses ? 'miss' : 'bypassed'
    return { body: res.body, main: main(res.body), how }
  }
  /** The same page rendered with nothing cached: what the cached answer must equal. */
  const fresh = async (agent: Agent, url: string) => {
    cache().clear()
    return get(agent, url)
  }
  const save = (period: string, value: number, version = 0) =>
    t().services.values.save(
      system,
      w.partnershipId,
      { indicatorId: w.waste.id, placeId: w.area.id, period },
      { value, numerator: null, denominator: null, commentary: null, version, submit: true },
    )

  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('cache'))
  })

  it('answers the dashboard from the cache until the data changes, and shows a change at once', async () => {
    const officer = await signedIn(w.users.officer)
    const url = `/p/${w.slug}/dashboard`
    const first = await get(officer, url)
    expect(first.how).toBe('miss')
    expect(first.body).toContain('data-qa="total-red">0<')

    const again = await get(officer, url)
    expect(again.how).toBe('hit')
    expect(again.main).toBe(first.main)
    // The layout around it is rendered afresh: the sign-out form's CSRF token works.
    expect(again.body).toMatch(/name="_csrf" value="[^"]+"/)

    // L 02 (a count, lower is better): 1,100 in Q1 against a year's 1,000 is red.
    const saved = await save('2008/09 Q1', 1100)
    const changed = await get(officer, url)
    expect(changed.how).toBe('miss')
    expect(changed.body).toContain('data-qa="total-red">1<')
    expect(changed.main).toBe((await fresh(officer, url)).main)

    // The value corrected: 100 in Q1 is well within the year's 1,000, so green at once.
    const corrected = await save('2008/09 Q1', 100, saved.value.version)
    const green = await get(officer, url)
    expect(green.how).toBe('miss')
    expect(green.body).toContain('data-qa="total-red">0<')
    expect(green.main).toBe((await fresh(officer, url)).main)

    // Approval is a change too; and a page as at a moment is kept apart from the current one.
    const admin = await t().services.auth.actorForUser(w.users.admin.userId)
    await t().services.values.approve(admin!, w.partnershipId, corrected.value.id)
    expect((await get(officer, url)).how).toBe('miss')
    const asAt = `${url}?as-at=${encodeURIComponent(new Date().toISOString())}`
    expect((await get(officer, asAt)).how).toBe('miss')
    const kept = await get(officer, asAt)
    expect(kept.how).toBe('hit')
    expect(kept.body).toContain('data-qa="as-at-banner"')
  })

  it('keeps each person’s home to themselves, role by role and user by user', async () => {
    const board = await t().services.users.addMember(system, w.partnershipId, {
      email: `board.${w.slug}@example.org`,
      name: 'Board member',
      role: 'board_member',
      organisationId: null,
      password: w.users.police.password,
    })
    const url = `/p/${w.slug}`
    const agents = {
      police: await signedIn(w.users.police),
      council: await signedIn(w.users.council),
      officer: await signedIn(w.users.officer),
      board: await signedIn({ email: board.user.email, password: w.users.police.password }),
    }
    const first: Record<string, string> = {}
    // Each person's first visit renders their own page, whoever was cached before them.
    for (const [who, agent] of Object.entries(agents)) {
      const page = await get(agent, url)
      expect(page.how, who).toBe('miss')
      first[who] = page.main
    }
    for (const [who, agent] of Object.entries(agents)) {
      const page = await get(agent, url)
      expect(page.how, who).toBe('hit')
      expect(page.main, who).toBe(first[who])
    }
    // What a data provider owes is on their home, not on the board member's or the officer's.
    expect(first.police).toContain('data-qa="home-returns"')
    expect(first.council).toContain('data-qa="home-returns"')
    expect(first.board).not.toContain('data-qa="home-returns"')
    expect(first.officer).not.toContain('data-qa="home-returns"')
    expect(first.board).not.toBe(first.officer)

    // The council's value entered: the council's home shows it at once.
    await save('2008/09 Q1', 900)
    const council = await get(agents.council, url)
    expect(council.how).toBe('miss')
    expect(council.main).toBe((await fresh(agents.council, url)).main)
  })

  it('shows a change to the partnership itself at once', async () => {
    const officer = await signedIn(w.users.officer)
    const url = `/p/${w.slug}`
    expect((await get(officer, url)).how).toBe('miss')
    expect((await get(officer, url)).how).toBe('hit')
    const ctx = await t().services.partnerships.resolve(system, w.slug)
    await t().services.partnerships.update(system, ctx, {
      name: 'Renamed partnership',
      kind: 'county',
      description: null,
      accountableBodyId: null,
      areaPlaceId: w.area.id,
    })
    const home = await get(officer, url)
    expect(home.how).toBe('miss')
    expect(home.main).toContain('Renamed partnership')
  })
})

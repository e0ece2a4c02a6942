import { expect, it } from 'vitest'
import { Agent, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, setWindow } from './values.fixtures.ts'

/**
 * The value page rates a cumulative indicator as the assessment does (assessment.md, "Snapshot
 * or cumulative"): on its year to date against the year-to-date target, not one quarter's
 * figure against the whole year's target.
 */
describeIntegration('the value page of a cumulative indicator', (t) => {
  it('rates the year to date: 240 + 300 against 1,000 × 2/4 is red, though 300 alone is under 1,000', async () => {
    const s = t().services
    const w = await seedValuesWorld(s, unique('ytd'))
    await setWindow(s, w, '2008/09 Q2', 'open')
    // L 02 is a count (cumulative by default), lower is better, 1,000 for 2008/09 at the area.
    const q1 = { indicatorId: w.waste.id, placeId: w.area.id, period: '2008/09 Q1' }
    const base = { numerator: null, denominator: null, commentary: null, version: 0 }
    await s.values.save(system, w.partnershipId, q1, { ...base, value: 240, submit: true })

    const council = new Agent(t().app)
    await council.signIn(w.users.council.email, w.users.council.password)
    const url = `/p/${w.slug}/values/enter?indicatorId=${w.waste.id}&placeId=${w.area.id}&period=${encodeURIComponent('2008/09 Q2')}`
    const saved = await council.submit(url, `/p/${w.slug}/values/enter`, {
      indicatorId: w.waste.id,
      placeId: w.area.id,
      period: '2008/09 Q2',
      version: '0',
      value: '300',
      intent: 'save',
    })
    expect(saved.statusCode, saved.body).toBe(302)
    const page = await council.get(saved.headers.location!)
    expect(page.body).toContain('Year-to-date target for 2008/09 Q2')
    expect(page.body).toMatch(/data-qa="year-to-date">540 over 2 periods of the year/)
    // 540 against 500: worse by 40, more than 5% of 500.
    expect(page.body).toMatch(/data-qa="rag"[^>]*>Red/)
  })

  it('shows the year so far before this period is entered, and says so', async () => {
    const s = t().services
    const w = await seedValuesWorld(s, unique('ytdsofar'))
    await setWindow(s, w, '2008/09 Q2', 'open')
    const q1 = { indicatorId: w.waste.id, placeId: w.area.id, period: '2008/09 Q1' }
    const base = { numerator: null, denominator: null, commentary: null, version: 0 }
    await s.values.save(system, w.partnershipId, q1, { ...base, value: 240, submit: true })
    const council = new Agent(t().app)
    await council.signIn(w.users.council.email, w.users.council.password)
    const url = `/p/${w.slug}/values/enter?indicatorId=${w.waste.id}&placeId=${w.area.id}&period=${encodeURIComponent('2008/09 Q2')}`
    const form = await council.get(url)
    expect(form.body).toMatch(
      /data-qa="year-to-date">240 over 1 period of the year, before this period(&#39;|')s value/,
    )
    expect(form.body).toMatch(/data-qa="rag"[^>]*>No value yet/)
  })

  it('says the year to date is not known while a period of the year so far has no counting value', async () => {
    const s = t().services
    const w = await seedValuesWorld(s, unique('ytdgap'))
    await setWindow(s, w, '2008/09 Q2', 'open')
    const council = new Agent(t().app)
    await council.signIn(w.users.council.email, w.users.council.password)
    const url = `/p/${w.slug}/values/enter?indicatorId=${w.waste.id}&placeId=${w.area.id}&period=${encodeURIComponent('2008/09 Q2')}`
    const form = await council.get(url)
    expect(form.statusCode).toBe(200)
    expect(form.body).toMatch(/data-qa="year-to-date">Not known/)
    expect(form.body).toMatch(/data-qa="rag"[^>]*>No value yet/)
  })
})

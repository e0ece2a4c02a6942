import { beforeEach, expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, setWindow, type ValuesWorld } from './values.fixtures.ts'

/** Refusals and hints that say what is really the matter. */
describeIntegration('honest wording for values', (t) => {
  let w: ValuesWorld
  let police: Agent
  const entryUrl = (indicatorId: string, placeId: string) =>
    `/p/${w.slug}/values/enter?indicatorId=${indicatorId}&placeId=${placeId}&period=${encodeURIComponent('2008/09 Q1')}`

  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('wording'))
    await setWindow(t().services, w, '2008/09 Q1', 'open')
    police = new Agent(t().app)
    await police.signIn(w.users.police.email, w.users.police.password)
  })

  it('tells a provider refused at a place no target asks for that no target asks for it', async () => {
    const page = await police.get(entryUrl(w.crime.id, w.elsewhere.id))
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(
      `No target asks for L 01 at ${w.elsewhere.name} in 2008/09 Q1: ask a performance officer.`,
    )
    expect(page.body).not.toContain('reported by Police')
    // Someone else's indicator is still explained as such.
    const theirs = await police.get(entryUrl(w.waste.id, w.area.id))
    expect(theirs.body).toContain('it is reported by County Council')

    const api = await t().app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${w.slug}/values`,
      headers: bearer(w.users.police.token),
      payload: {
        indicatorId: w.crime.id,
        placeId: w.elsewhere.id,
        period: '2008/09 Q1',
        value: 50,
        version: 0,
      },
    })
    expect(api.statusCode).toBe(422)
    expect(api.json().error.fields.placeId).toMatch(
      /No target asks for L 01 at .*: ask a performance officer/,
    )
  })

  it('says which dates the as-at field takes', async () => {
    const [p] = (
      await t().services.partnerships.listForActor({
        kind: 'system',
        userId: null,
        label: 'test',
        isSystemAdmin: true,
        roles: new Map(),
      })
    ).filter((x) => x.partnership.slug === w.slug)
    const since = p!.partnership.createdAt.toISOString().slice(0, 10)
    const page = await police.get(`/p/${w.slug}/dashboard`)
    expect(page.statusCode).toBe(200)
    const hint = /data-qa="as-at-hint"[^>]*>([^<]*)</.exec(page.body)?.[1] ?? ''
    expect(hint).toContain(`a date (${since}) or a date and time (${since}T17:30)`)
    expect(hint).toMatch(/from \d{1,2} \w+ \d{4}, when the partnership was set up in Goldthread, to today/)
  })
})

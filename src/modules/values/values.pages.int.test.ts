import { beforeEach, expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, setWindow, type ValuesWorld } from './values.fixtures.ts'

/** The GOV.UK pages: my returns, the entry form, the value page, rounds and the outbox. */
describeIntegration('data values on the pages', (t) => {
  let w: ValuesWorld
  let police: Agent
  let officer: Agent
  const base = () => `/p/${w.slug}`
  const entryUrl = (placeId: string, period = '2008/09 Q1') =>
    `${base()}/values/enter?indicatorId=${w.crime.id}&placeId=${placeId}&period=${encodeURIComponent(period)}`
  const valueId = (location: string | undefined) => /\/values\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1]

  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('pages'))
    await setWindow(t().services, w, '2008/09 Q1', 'open')
    police = new Agent(t().app)
    await police.signIn(w.users.police.email, w.users.police.password)
    officer = new Agent(t().app)
    await officer.signIn(w.users.officer.email, w.users.officer.password)
  })

  it('shows a provider what its organisation owes, and nothing of others', async () => {
    const res = await police.get(`${base()}/returns`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('2008/09 Q1')
    expect(res.body).toContain(w.districts[0]!.name)
    expect(res.body).not.toContain('L 02')
    expect(res.body).toContain('href="/p/' + w.slug + '/returns"')
    // Navigation: returns for providers; rounds and outbox for managers only.
    expect(res.body).not.toContain(`href="${base()}/rounds"`)
    expect((await police.get(`${base()}/rounds/${w.rounds['2008/09 Q1']}`)).statusCode).toBe(200)
    expect((await police.get(`${base()}/outbox`)).statusCode).toBe(403)
    const officerNav = await officer.get(`${base()}/returns`)
    expect(officerNav.body).toContain(`href="${base()}/rounds"`)
    expect(officerNav.body).toContain('L 02')
  })

  it('enters a value after a validation error, then submits it', async () => {
    const url = entryUrl(w.districts[0]!.id)
    const form = await police.get(url)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('name="version" value="0"')
    expect(form.body).toContain('Target for 2008/09 Q1')

    const bad = await police.submit(url, `${base()}/values/enter`, {
      indicatorId: w.crime.id,
      placeId: w.districts[0]!.id,
      period: '2008/09 Q1',
      version: '0',
      value: '120',
      commentary: 'Typo',
      intent: 'save',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('href="#value"')
    expect(bad.body).toContain('A percentage must be between 0 and 100')
    expect(bad.body).toContain('value="120"')

    const ok = await police.submit(url, `${base()}/values/enter`, {
      indicatorId: w.crime.id,
      placeId: w.districts[0]!.id,
      period: '2008/09 Q1',
      version: '0',
      numerator: '1,150',
      denominator: '2,000',
      commentary: 'Neighbourhood survey, 2,000 residents',
      intent: 'save',
    })
    expect(ok.statusCode, ok.body).toBe(302)
    const id = valueId(ok.headers.location)!
    const page = await police.get(ok.headers.location!)
    expect(page.body).toContain('Value saved as a draft')
    expect(page.body).toContain('57.5%')
    expect(page.body).toMatch(/data-qa="rag"[^>]*>Amber/)

    const submitted = await police.submit(ok.headers.location!, `${base()}/values/${id}/submit`, {
      version: '1',
    })
    expect(submitted.statusCode).toBe(302)
    const after = await police.get(`${base()}/values/${id}`)
    expect(after.body).toContain('Submitted')
    expect(after.body).not.toContain('data-qa="approve"')
    expect(after.body).toMatch(/Entered[\s\S]*Submitted|Submitted[\s\S]*Entered/)
  })

  it('keeps what the second person typed when someone else saved first', async () => {
    const place = w.districts[1]!.id
    const url = entryUrl(place)
    const form = await police.get(url) // drawn at version 0
    expect(form.body).toContain('name="version" value="0"')
    const officerSave = await t().app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${w.slug}/values`,
      headers: bearer(w.users.officer.token),
      payload: { indicatorId: w.crime.id, placeId: place, period: '2008/09 Q1', value: 44.4, version: 0 },
    })
    expect(officerSave.statusCode).toBe(200)
    const res = await police.submit(url, `${base()}/values/enter`, {
      indicatorId: w.crime.id,
      placeId: place,
      period: '2008/09 Q1',
      version: '0',
      value: '47.1',
      commentary: 'Mine',
      intent: 'save',
    })
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('data-qa="conflict"')
    expect(res.body).toContain('44.4%')
    expect(res.body).toContain('value="47.1"')
    expect(res.body).toContain('name="version" value="1"')
  })

  it('lets an officer return a value with a reason, and the provider sees why', async () => {
    const id = valueId(
      (
        await police.submit(entryUrl(w.area.id), `${base()}/values/enter`, {
          indicatorId: w.crime.id,
          placeId: w.area.id,
          period: '2008/09 Q1',
          version: '0',
          value: '61.2',
          intent: 'submit',
        })
      ).headers.location,
    )!
    const page = await officer.get(`${base()}/values/${id}`)
    expect(page.body).toContain('data-qa="approve"')
    const missing = await officer.submit(`${base()}/values/${id}`, `${base()}/values/${id}/return`, {
      reason: '',
    })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Enter the reason')
    const returned = await officer.submit(`${base()}/values/${id}`, `${base()}/values/${id}/return`, {
      reason: 'Use the weighted figure',
      version: '1',
    })
    expect(returned.statusCode).toBe(302)
    const seen = await police.get(`${base()}/values/${id}`)
    expect(seen.body).toContain('Returned for correction')
    expect(seen.body).toContain('Use the weighted figure')
    const outbox = await officer.get(`${base()}/outbox`)
    expect(outbox.statusCode).toBe(200)
    expect(outbox.body).toContain('data-qa="no-smtp"')
    expect(outbox.body).toContain(`Returned: L 01 ${w.area.name} 2008/09 Q1`)
  })

  it('shows completeness and overdue values, and manages windows and exceptions', async () => {
    const list = await officer.get(`${base()}/rounds`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('2008/09 Q4')
    const badYear = await officer.submit(`${base()}/rounds`, `${base()}/rounds/generate`, {
      year: '2008',
      dueWeeks: '6',
    })
    expect(badYear.statusCode).toBe(422)
    expect(badYear.body).toContain('Enter the financial year, like 2008/09')

    const q2 = w.rounds['2008/09 Q2']!
    const round = await officer.get(`${base()}/rounds/${q2}`)
    expect(round.statusCode).toBe(200)
    expect(round.body).toContain('data-qa="completeness"')
    expect(round.body).toContain('Overdue')
    expect(round.body).toMatch(/data-organisation="Police"[\s\S]*?data-qa="missing">3</)

    const badWindow = await officer.submit(`${base()}/rounds/${q2}`, `${base()}/rounds/${q2}`, {
      opensOn: '2008-10-01',
      dueOn: 'soon',
    })
    expect(badWindow.statusCode).toBe(422)
    expect(badWindow.body).toContain('Enter the due date as YYYY-MM-DD')
    const grant = await officer.submit(`${base()}/rounds/${q2}`, `${base()}/rounds/${q2}/exceptions`, {
      organisationId: w.police.id,
      grantedUntil: new Date(Date.now() + 5 * 864e5).toISOString().slice(0, 10),
      reason: 'Analyst on leave',
    })
    expect(grant.statusCode).toBe(302)
    const returns = await police.get(`${base()}/returns`)
    expect(returns.body).toContain('late entry allowed until')
    expect(returns.body).toContain('Analyst on leave')
    const exceptionId = /exceptions\/([0-9a-f-]{36})\/revoke/.exec(
      (await officer.get(`${base()}/rounds/${q2}`)).body,
    )?.[1]
    const revoked = await officer.submit(
      `${base()}/rounds/${q2}`,
      `${base()}/rounds/${q2}/exceptions/${exceptionId}/revoke`,
      {},
    )
    expect(revoked.statusCode).toBe(302)
    expect((await police.get(`${base()}/returns`)).body).not.toContain('Analyst on leave')
  })
})

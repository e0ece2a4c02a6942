import { expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { completeIndicators, seedStrategy } from './targets.fixtures.ts'

const idFrom = (location: string | undefined | string[]) => String(location).split('/').pop()!.split('#')[0]!

describeIntegration('agreement and target pages', (t) => {
  it('takes an officer from a new agreement to a target with a trajectory, then the GO agrees it and it is revised', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, [
      'performance_officer',
      'government_office',
    ])
    await completeIndicators(services, partnership.id, ['NI 19'], {
      polarity: 'lower',
      frequency: 'quarterly',
    })
    await seedStrategy(services, partnership.id, [2, 1])
    const officer = new Agent(app)
    await officer.signIn(users.performance_officer!.email, users.performance_officer!.password)

    const badAgreement = await officer.submit(`/p/${slug}/agreements/new`, `/p/${slug}/agreements`, {
      name: 'LAA2',
      start: '2010/11',
      end: '2008/09',
    })
    expect(badAgreement.statusCode).toBe(422)
    expect(badAgreement.body).toContain('The last year must not be before the first')
    const created = await officer.submit(`/p/${slug}/agreements/new`, `/p/${slug}/agreements`, {
      name: 'LAA2',
      start: '2008/09',
      end: '2010/11',
    })
    expect(created.statusCode).toBe(302)
    const agreementId = idFrom(created.headers.location)
    const agreementPage = await officer.get(`/p/${slug}/agreements/${agreementId}`)
    expect(agreementPage.body).toContain('2008/09 - 2010/11')
    expect(agreementPage.body).toContain('No targets yet')

    const newUrl = `/p/${slug}/agreements/${agreementId}/targets/new`
    const form = await officer.get(newUrl)
    expect(form.body).toContain('1.1 Outcome 1.1')
    const bad = await officer.submit(newUrl, `/p/${slug}/agreements/${agreementId}/targets`, {
      indicatorCode: 'NI 19',
      kind: 'reward',
      status: 'proposed',
      tolerancePercent: '-1',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('A reward target needs the maximum reward grant')
    expect(bad.body).toContain('The tolerance cannot be negative')
    const ok = await officer.submit(newUrl, `/p/${slug}/agreements/${agreementId}/targets`, {
      indicatorCode: 'NI 19',
      kind: 'reward',
      status: 'negotiating',
      outcomeRefs: ['1.2', '2.1'],
      baselinePeriod: '2007/08',
      baselineValue: '21.6',
      tolerancePercent: '5',
      withoutRewardValue: '20.52',
      stretchValue: '20.3',
      rewardGrant: '£423,000',
    })
    expect(ok.statusCode, ok.body).toBe(302)
    const targetId = idFrom(ok.headers.location)

    const trajUrl = `/p/${slug}/targets/${targetId}/trajectory`
    const badTraj = await officer.submit(trajUrl, trajUrl, { 't_fy2008-09': 'lots', 't_fy2009-10': '20.8' })
    expect(badTraj.statusCode).toBe(422)
    expect(badTraj.body).toContain('Enter the target for 2008/09 as a number')
    expect(badTraj.body).toContain('href="#t_fy2008-09"')
    const savedTraj = await officer.submit(trajUrl, trajUrl, {
      't_fy2008-09': '21.2',
      't_fy2008-09-q1': '21.4',
      't_fy2009-10': '20.8',
      't_fy2010-11': '20.3',
    })
    expect(savedTraj.statusCode).toBe(302)

    const page = await officer.get(`/p/${slug}/targets/${targetId}`)
    expect(page.body).toContain('role="img"')
    expect(page.body).toContain('<title id="trajectory-chart-title">NI 19 trajectory</title>')
    expect(page.body).toMatch(
      /Baseline 21.6% in 2007\/08\. Target 21.2% in 2008\/09, 20.3% in 2010\/11\. Lower is better/,
    )
    expect(page.body).toContain('£423,000')
    expect(page.body).toContain('1.2 Outcome 1.2')
    expect(page.body).toContain('2008/09 Q1')
    expect(page.body).not.toContain('data-qa="agree"')

    const go = new Agent(app)
    await go.signIn(users.government_office!.email, users.government_office!.password)
    const targetUrl = `/p/${slug}/targets/${targetId}`
    const emptyComment = await go.submit(targetUrl, `${targetUrl}/comments`, { body: '' })
    expect(emptyComment.statusCode).toBe(422)
    expect(emptyComment.body).toContain('Enter the comment')
    await go.submit(targetUrl, `${targetUrl}/comments`, {
      body: 'The stretch of 1% over the national 5% looks right.',
      evidenceUrl: 'https://example.org/yjb-targets',
    })
    const agreed = await go.submit(targetUrl, `${targetUrl}/agree`, { agreeComment: 'Agreed for GOEM.' })
    expect(agreed.statusCode).toBe(302)
    const afterAgree = await officer.get(targetUrl)
    expect(afterAgree.body).toContain('The stretch of 1% over the national 5% looks right.')
    expect(afterAgree.body).toContain('Agreed for GOEM.')
    expect(afterAgree.body).toContain('data-qa="revise-target"')
    expect(afterAgree.body).not.toContain('data-qa="change-target"')

    const reviseUrl = `${targetUrl}/revise`
    const noReason = await officer.submit(reviseUrl, reviseUrl, { kind: 'reward', tolerancePercent: '5' })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('Say why the target is being revised')
    const revised = await officer.submit(reviseUrl, reviseUrl, {
      reason: 'Refresh: 2008/09 outturn known',
      agreedBy: 'Julia Barnes, GOEM',
      agreedOn: '2009-03-31',
      kind: 'reward',
      outcomeRefs: ['1.2', '2.1'],
      baselinePeriod: '2007/08',
      baselineValue: '21.6',
      tolerancePercent: '7.5',
      withoutRewardValue: '20.52',
      stretchValue: '20.3',
      rewardGrant: '423000',
      't_fy2008-09': '21.2',
      't_fy2008-09-q1': '21.4',
      't_fy2009-10': '20.7',
      't_fy2010-11': '20.3',
    })
    expect(revised.statusCode, revised.body.slice(0, 3000)).toBe(302)
    const v = await services.targets.revisions(system, partnership.id, targetId)
    expect(v.map((r) => [r.version.version, r.version.tolerancePercent])).toEqual([
      [3, 7.5],
      [2, 5],
      [1, 5],
    ])
    expect(v[1]!.trajectory.find((r) => r.period === '2009/10')!.value).toBe(20.8)
    expect(v[0]!.trajectory.find((r) => r.period === '2009/10')!.value).toBe(20.7)
    const final = await officer.get(targetUrl)
    expect(final.body).toContain('Refresh: 2008/09 outturn known')
    const old = await officer.get(
      `${targetUrl}?asAt=${encodeURIComponent(v[1]!.version.recordedAt.toISOString())}`,
    )
    expect(old.body).toContain('data-qa="as-at"')
    expect(old.body).toContain('20.8%')
    expect(old.body).not.toContain('data-qa="revise-target"')

    const coverage = await officer.get(`/p/${slug}/coverage`)
    expect(coverage.statusCode).toBe(200)
    expect(coverage.body).toMatch(/data-qa="outcomes-covered">2 of 3</)
    expect(coverage.body).toContain('1.1 Outcome 1.1')
  })
})

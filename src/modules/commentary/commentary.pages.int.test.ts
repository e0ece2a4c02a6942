import { expect, it } from 'vitest'
import { Agent, describeIntegration, system } from '../../../test/helpers/app.ts'
import { commentaryWorld } from './commentary.fixtures.ts'

describeIntegration('commentary pages', (t) => {
  it('lets the outcome lead see what is asked of them and write it, without JavaScript', async () => {
    const s = await commentaryWorld(t())
    await s.services.commentary.requestForRound(system, s.pid, s.rounds['2008/09 Q1']!)
    const lead = new Agent(s.app)
    await lead.signIn(s.users.outcome_lead!.email, s.users.outcome_lead!.password)
    const asked = await lead.get(`/p/${s.slug}/commentary/asked`)
    expect(asked.statusCode).toBe(200)
    expect(asked.body).toContain('Write commentary')
    expect(asked.body).toContain('More older people are able to lead independent lives')
    const form = `/p/${s.slug}/commentary/targets/${s.target.id}?period=2008%2F09%20Q1`
    const page = await lead.get(form)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="commentary-form"')

    const bad = await lead.submit(form, `/p/${s.slug}/commentary/targets/${s.target.id}`, {
      period: '2008/09 Q5',
      commentary: '',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('Enter what is happening')

    const ok = await lead.submit(form, `/p/${s.slug}/commentary/targets/${s.target.id}`, {
      period: '2008/09 Q1',
      commentary: 'Reviews are on plan',
      actions: 'Weekly tracking',
      supportNeeded: '',
    })
    expect(ok.statusCode).toBe(302)
    const after = await lead.get(`/p/${s.slug}/commentary/asked`)
    expect(after.body).toContain('Nothing is waiting for your commentary')
    const index = await lead.get(`/p/${s.slug}/commentary?period=2008%2F09%20Q1`)
    expect(index.body).toContain('Reviews are on plan')
    expect(index.body).toContain('Written')

    // Not their target: the page reads, with no form; posting is refused.
    const other = await lead.get(`/p/${s.slug}/commentary/targets/${s.unled.id}?period=2008%2F09%20Q1`)
    expect(other.statusCode).toBe(200)
    expect(other.body).not.toContain('data-qa="commentary-form"')
    const refused = await lead.submit(
      `/p/${s.slug}/commentary/targets/${s.target.id}`,
      `/p/${s.slug}/commentary/targets/${s.unled.id}`,
      { period: '2008/09 Q1', commentary: 'x' },
    )
    expect(refused.statusCode).toBe(403)

    const progress = await lead.submit(
      `/p/${s.slug}/commentary/outcomes/${s.outcome.key}`,
      `/p/${s.slug}/commentary/outcomes/${s.outcome.key}`,
      { period: '2008/09 Q1', progress: 'Two schemes open', gaps: 'Melton' },
    )
    expect(progress.statusCode).toBe(302)
    expect((await lead.get(`/p/${s.slug}/commentary/outcomes`)).body).toContain('Two schemes open')
    expect((await lead.get(`/p/${s.slug}/commentary/requests`)).statusCode).toBe(403)
  })

  it('lets a performance officer ask for a closed round from the requests page', async () => {
    const s = await commentaryWorld(t())
    const po = new Agent(s.app)
    await po.signIn(s.users.performance_officer!.email, s.users.performance_officer!.password)
    const url = `/p/${s.slug}/commentary/requests`
    const none = await po.submit(url, url, { roundId: '' })
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Choose a collection round from the list')
    const r = await po.submit(url, url, { roundId: s.rounds['2008/09 Q3']! })
    expect(r.statusCode).toBe(302)
    const list = await po.get(url)
    expect(list.body).toContain('2008/09 Q3')
    expect(list.body).toContain('outcome_lead user')
    expect(list.body).toMatch(/Awaited|Overdue/)
  })
})

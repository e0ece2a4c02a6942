import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../test/helpers/app.ts'
import { loadDemo } from './demo.ts'
import { RESIDENT_COMMENTS } from './residents.ts'

describeIntegration('demo residents’ comments', (t) => {
  it('opens the current draft to the public with one published and one pending comment, idempotently', async () => {
    const { services, app } = t()
    await loadDemo(services, { password: 'demo-password-1' })
    await loadDemo(services, { password: 'demo-password-1' })
    const p = (await services.partnerships.findBySlug('leicestershire-together'))!
    const current = (await services.strategy.current(system, p.id))!
    const { comments, openToday } = await services.residents.list(system, p.id, current.number)
    expect(openToday).toBe(true)
    expect(comments.map((c) => [c.status, c.nodeRef])).toEqual([
      ['published', RESIDENT_COMMENTS.published.outcome],
      ['pending', null],
    ])
    const page = await app.inject({ url: '/public/leicestershire-together/have-your-say' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(RESIDENT_COMMENTS.published.response)
    expect(page.body).not.toContain(RESIDENT_COMMENTS.pending.body)
    expect(page.body).not.toContain('resident.example')
  })
})

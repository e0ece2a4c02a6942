import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../test/helpers/app.ts'
import { loadDemo } from './demo.ts'

describeIntegration('demo commentary', (t) => {
  it('loads commentary, outcome progress and the latest round’s requests, idempotently', async () => {
    const { services } = t()
    await loadDemo(services, { password: 'demo-password-1' })
    await loadDemo(services, { password: 'demo-password-1' })
    const p = (await services.partnerships.findBySlug('leicestershire-together'))!
    const rows = await services.commentary.list(system, p.id)
    expect(rows.map((r) => [r.indicatorCode, r.period]).sort()).toEqual([
      ['NI 135', '2009/10 Q3'],
      ['NI 19', '2009/10'],
      ['NI 40', '2009/10 Q3'],
    ])
    const ni135 = rows.find((r) => r.indicatorCode === 'NI 135')!
    expect(await services.commentary.history(system, p.id, ni135.targetId, '2009/10 Q3')).toHaveLength(1)
    expect(await services.commentary.progress(system, p.id)).toHaveLength(1)
    const requests = await services.commentary.requests(system, p.id)
    expect(requests.length).toBeGreaterThan(0)
    expect(
      requests.some(
        (r) => r.personEmail === 'tom.hughes@leicestershire-together.example' && r.target?.code === 'NI 135',
      ),
    ).toBe(true)
  })
})

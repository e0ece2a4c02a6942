import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../test/helpers/app.ts'
import { loadDemo } from './demo.ts'

describeIntegration('demo risks', (t) => {
  it('loads the re-offending, drugs and partnership risks, the appetite and the workshop, idempotently', async () => {
    const { services } = t()
    await loadDemo(services, { password: 'demo-password-1' })
    await loadDemo(services, { password: 'demo-password-1' })
    const p = (await services.partnerships.findBySlug('leicestershire-together'))!
    const risks = await services.risks.list(system, p.id)
    expect(risks.map((r) => [r.ref, r.level, r.score, r.trend, r.aboveAppetite])).toEqual([
      ['R-01', 'target', 16, 'falling', true],
      ['R-02', 'outcome', 12, 'new', true],
      ['R-03', 'target', 12, 'rising', false],
      ['R-04', 'partnership', 10, 'falling', false],
      ['R-05', 'partnership', 12, 'new', true],
    ])
    expect(risks[0]!.subjectLabel).toContain('NI 19')
    expect(risks[1]!.subjectLabel).toContain('4.4')
    expect(await services.risks.appetites(system, p.id)).toHaveLength(3)
    const [workshop, ...more] = await services.risks.workshops(system, p.id)
    expect(more).toEqual([])
    const w = await services.risks.workshop(system, p.id, workshop!.id)
    expect(w.sources).toHaveLength(3)
    expect(w.risks.map((r) => r.ref)).toEqual(['R-01', 'R-04', 'R-05'])
    expect((await services.risks.highRisks(system, p.id)).map((r) => r.ref)).toEqual(['R-01'])
  })
})

import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../test/helpers/app.ts'
import { loadDemo } from './demo.ts'
import { DEMO_AGREEMENT } from './agreement.data.ts'

describeIntegration('demo agreement', (t) => {
  it('loads an LAA with all four kinds, placeholders, a reward target and a refreshed one, idempotently', async () => {
    const { services } = t()
    await loadDemo(services, { password: 'demo-password-1' })
    await loadDemo(services, { password: 'demo-password-1' })
    const p = (await services.partnerships.findBySlug('leicestershire-together'))!
    const [agreement, ...others] = await services.agreements.list(system, p.id)
    expect(others).toEqual([])
    expect(agreement).toMatchObject({
      name: DEMO_AGREEMENT.name,
      status: 'signed',
      startYear: 2008,
      endYear: 2010,
    })
    const c = await services.targets.coverage(system, p.id, agreement!.id)
    expect(c.total).toBe(22)
    expect(c.byKind).toEqual({ designated: 18, mandatory: 1, local: 2, reward: 1 })
    expect(c.byStatus.placeholder).toBe(5)
    expect(c.targetsWithoutOutcome.map((x) => x.code)).toEqual(['NI 186'])
    expect(c.outcomes.total).toBeGreaterThan(0)
    expect(c.outcomes.withoutTargets.length).toBeGreaterThan(0)
    const list = await services.targets.list(system, p.id, agreement!.id)
    const ni19 = list.find((x) => x.indicator.code === 'NI 19')!
    expect(ni19.version).toMatchObject({ kind: 'reward', baselineValue: 21.6, stretchValue: 20.3 })
    expect((await services.targets.comments(system, p.id, ni19.target.id)).length).toBe(3)
    const ni32 = list.find((x) => x.indicator.code === 'NI 32')!
    const revs = await services.targets.revisions(system, p.id, ni32.target.id)
    expect(revs.map((r) => r.version.isRevision)).toEqual([true, false])
    const ni2 = await services.indicators.findByCode(system, p.id, 'NI 2')
    expect(ni2?.title).toBeNull()
  })
})

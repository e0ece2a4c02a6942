import { expect, it } from 'vitest'
import { describeIntegration, seedPartnership, system } from '../../test/helpers/app.ts'
import { loadEscalationsDemo } from './escalations.ts'
import { loadRequestsDemo } from './requests.ts'

describeIntegration('demo requests and escalations', (t) => {
  it('loads two submitted requests, one open and one decided escalation, and nothing more a second time', async () => {
    const { services } = t()
    const { partnership } = await seedPartnership(services, ['admin'])
    for (let i = 0; i < 2; i++) {
      await loadRequestsDemo(services, partnership.id)
      await loadEscalationsDemo(services, partnership.id)
    }
    const requests = await services.requests.list(system, partnership.id)
    expect(requests.map((r) => [r.ref, r.status])).toEqual([
      ['FF-01', 'submitted'],
      ['FF-02', 'submitted'],
    ])
    expect(requests[0]!.goComments).toContain('prioritising requests')
    const escalations = await services.escalations.list(system, partnership.id)
    expect(escalations.map((e) => e.status).sort()).toEqual(['decided', 'open'])
    expect(escalations.find((e) => e.status === 'open')!.subject?.label).toBe(
      'FF-01 Reduction in levels of PPO monitoring',
    )
  })
})

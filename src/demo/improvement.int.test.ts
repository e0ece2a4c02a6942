import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../test/helpers/app.ts'
import { loadDemo } from './demo.ts'

describeIntegration('demo improvement plans', (t) => {
  it('opens a plan for each target red two periods running, with a summary and review, idempotently', async () => {
    const { services } = t()
    await loadDemo(services, { password: 'demo-password-1' })
    const p = (await services.partnerships.findBySlug('leicestershire-together'))!
    const first = await services.improvement.list(system, p.id)
    await loadDemo(services, { password: 'demo-password-1' })
    const plans = await services.improvement.list(system, p.id)
    expect(plans.map((x) => x.plan.id).sort()).toEqual(first.map((x) => x.plan.id).sort())
    expect(plans.length).toBeGreaterThan(0)
    const flagged = await services.improvement.flaggedTargets(system, p.id)
    expect(new Set(plans.filter((x) => x.plan.status === 'open').map((x) => x.plan.targetId))).toEqual(
      flagged,
    )
    for (const x of plans) {
      expect(x.plan.summary).toBeTruthy()
      expect(x.plan.reviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(x.plan.openedReason).toMatch(/^Red in .+ \(.+ periods running\)$/)
    }
    const byCode = new Map(plans.map((x) => [x.indicatorCode, x]))
    // Re-offending by reprimanded young people (002 §5.4): red two years running.
    expect(byCode.get('NI 19')?.plan.summary).toContain('Youth Offending Service')
    // The demo's outcome lead owns the plan of a target of an outcome he leads.
    expect(byCode.get('NI 135')?.ownerName).toBe('Tom Hughes')
    expect(await services.improvement.overdueReviews(system, p.id)).toHaveLength(plans.length - 1)
  })
})

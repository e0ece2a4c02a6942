import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../test/helpers/app.ts'
import { financeKind } from '../modules/reports/kinds/finance.ts'
import { kindContext } from '../modules/reports/kinds/test-context.ts'
import type { SummaryBlock } from '../modules/reports/reports.model.ts'
import { loadDemo } from './demo.ts'
import { DEMO_SPEND_PERIOD } from './money.ts'

describeIntegration('demo money', (t) => {
  it('loads the streams, budgets, allocations, protocol, a quarter of spend and commissioning, idempotently', async () => {
    const { services } = t()
    await loadDemo(services, { password: 'demo-password-1' })
    await loadDemo(services, { password: 'demo-password-1' })
    const p = (await services.partnerships.findBySlug('leicestershire-together'))!
    const m = services.money
    const tree = await m.streamTree(system, p.id)
    expect(tree.map((s) => [s.ref, s.children.map((c) => c.ref)])).toEqual([
      ['ABG', ['ABG-CF', 'ABG-SP', 'ABG-SSCF', 'ABG-YPSM']],
      ['BSC', ['BSC-CAP']],
      ['PP', []],
      ['RG', []],
    ])
    const cap = tree[1]!.children[0]!
    expect(cap.spendType).toBe('capital')
    expect(cap.years.map((y) => [y.year, y.budget])).toEqual([
      ['2008/09', 6_490_000],
      ['2009/10', 6_620_000],
      ['2010/11', 6_752_000],
    ])

    const allocations = await m.listAllocations(system, p.id, { year: '2009/10' })
    expect(allocations).toHaveLength(9)
    expect(allocations.filter((a) => a.parentAllocationId).map((a) => a.ref)).toEqual(['AL-0909'])
    expect(allocations.every((a) => a.paysFor)).toBe(true)
    const unreleased = allocations.filter((a) => !a.parentAllocationId && !a.releasedAt)
    expect(unreleased.map((a) => [a.ref, a.recipientName])).toEqual([
      ['AL-0908', 'Councils for Voluntary Service in Leicestershire'],
    ])
    expect(await m.signatories(system, p.id)).toHaveLength(5)

    const spend = await m.listSpend(system, p.id, { period: DEMO_SPEND_PERIOD })
    expect(spend).toHaveLength(7)
    expect(spend.every((r) => r.status === 'approved')).toBe(true)
    const beyond = spend.filter((r) => r.variance.rag !== 'green')
    expect(beyond.map((r) => [r.fundingRef, r.variance.rag, r.variance.variancePercent])).toEqual([
      ['PP', 'amber', '-2.88'],
    ])
    expect(beyond[0]!.decidedWith).toMatch(/Tom Hughes/)
    const decisions = await m.commissionedServices(system, p.id)
    expect(decisions.map((d) => d.latest.decision).sort()).toEqual(['continue', 'notice'])

    // A stored finance report of the quarter, generated in the load (once).
    const stored = await services.reports.list(system, p.id, { kind: 'finance' })
    expect(stored.map((r) => [r.period, r.status])).toEqual([[DEMO_SPEND_PERIOD, 'done']])

    // The finance report of the quarter reconciles to the penny.
    const sections = await financeKind.build(
      await kindContext(services, p.id, { kind: 'finance', period: DEMO_SPEND_PERIOD }),
    )
    const items = Object.fromEntries(
      (sections[0]!.blocks[0] as SummaryBlock).items.map((i) => [i.label, i.value]),
    )
    expect(items).toMatchObject({
      'Total budget': '£7,851,040.00',
      Allocated: '£1,663,650.00',
      Unallocated: '£6,187,390.00',
      'Released to recipients': '£1,478,650.00',
      'Profiled budget to date': '£1,108,987.50',
      'Actual spend to date': '£1,103,873.22',
      'Variance to date': '-£5,114.28 (-0.46%)',
    })
  })
})

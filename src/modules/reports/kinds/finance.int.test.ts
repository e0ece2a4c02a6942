import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../../test/helpers/app.ts'
import { buildOutcome, moneySetup } from '../../money/money.spend.fixtures.ts'
import type { Cell, Section, SummaryBlock, TableBlock } from '../reports.model.ts'
import { financeKind, yearAndQuarter } from './finance.ts'
import { kindContext } from './test-context.ts'

const Q2 = '2008/09 Q2'
const tick = () => new Promise((r) => setTimeout(r, 20))
const section = (sections: Section[], id: string) => sections.find((s) => s.id === id)!
const tables = (s: Section) => s.blocks.filter((b): b is TableBlock => b.type === 'table')
const summary = (s: Section) =>
  Object.fromEntries(
    (s.blocks.find((b) => b.type === 'summary') as SummaryBlock).items.map((i) => [i.label, i.value]),
  )
const text = (c: Cell) => (c && typeof c === 'object' && 'text' in c ? c.text : c)

describeIntegration('the finance report kind', (t) => {
  /**
   * moneySetup: a stream with £100,000 for 2008/09, £40,000 to a recipient that signed the
   * protocol (released) and £10,000 to one that did not; here also a capital component stream of
   * £2,500.01 unallocated, a Q2 return £600.25 over the £20,000 profiled (3.00%: amber), explained
   * and decided, and a commissioning decision giving notice.
   */
  async function world() {
    const s = await moneySetup(t())
    const capital = await s.money.createStream(s.finance, s.pid, {
      ref: `${s.stream.ref}-CAP`,
      name: 'Capital works',
      source: 'Home Office',
      kind: 'grant',
      spendType: 'capital',
      parentId: s.stream.id,
    } as never)
    await s.money.setBudget(s.finance, s.pid, capital.id, { year: '2008/09', amount: '2500.01' })
    await s.money.releaseAllocation(s.finance, s.pid, s.allocation.id)
    const draft = await s.money.saveSpend(
      s.provider,
      s.pid,
      {
        streamId: s.stream.id,
        recipientId: s.signed.id,
        period: Q2,
        actual: '20600.25',
        forecast: '40000',
        explanation: 'Two extra youth workers started in August',
      },
      { submit: true },
    )
    const approved = await s.money.approveSpend(s.finance, s.pid, draft.id)
    const decided = await s.money.decideVariance(s.finance, s.pid, approved.id, {
      decision: 'Accepted: met from the year’s allocation',
      decidedWith: 'Sam Lead, Children’s Services',
      overspendResponsibility: 'Youth Offending Service',
    })
    const outcome = await buildOutcome(t(), s.pid)
    await s.money.recordCommissioningDecision(s.finance, s.pid, {
      service: 'Youth inclusion programme',
      reason: 'Outcomes met by the new family intervention project',
      outcomeKey: outcome.key,
      providerId: s.signed.id,
      streamId: s.stream.id,
      decision: 'notice',
      noticeMonths: '3',
      decidedOn: '2009-01-31',
    })
    return { ...s, capital, decided }
  }
  const build = async (pid: string, asAt?: string) =>
    financeKind.build(
      await kindContext(t().services, pid, { kind: 'finance', period: Q2, ...(asAt ? { asAt } : {}) }),
    )

  it('reads the year and the quarter to read spend to from the period', () => {
    expect(yearAndQuarter('2008/09 Q2')).toEqual({ year: '2008/09', quarter: '2008/09 Q2' })
    expect(yearAndQuarter('2008/09')).toEqual({ year: '2008/09', quarter: null })
    expect(yearAndQuarter('2009-01')).toEqual({ year: '2008/09', quarter: '2008/09 Q4' })
  })

  it('gives the budgets, allocations, spend and variance per stream and recipient, reconciling to the penny', async () => {
    const w = await world()
    const sections = await build(w.pid)
    expect(sections.map((s) => s.id)).toEqual([
      'summary',
      'streams',
      'recipients',
      'variances',
      'protocol',
      'commissioning',
    ])
    expect(summary(section(sections, 'summary'))).toMatchObject({
      'Financial year': '2008/09',
      'Spend to the end of': Q2,
      'Total budget': '£102,500.01',
      Allocated: '£50,000.00',
      Unallocated: '£52,500.01',
      'Released to recipients': '£40,000.00',
      'Profiled budget to date': '£20,000.00',
      'Actual spend to date': '£20,600.25',
      'Variance to date': '£600.25 (3.00%)',
      'Forecast outturn': '£40,000.00',
      'Forecast variance': '£0.00',
    })
    const chart = section(sections, 'summary').blocks.find((b) => b.type === 'chart')!
    if (chart.type !== 'chart' || chart.spec.chart !== 'status-bars') throw new Error('no chart')
    expect(chart.spec.bars).toEqual([{ label: w.stream.ref, counts: { amber: 1, 'no-data': 1 } }])
    expect(chart.table.rows.at(-1)).toEqual(['All streams', 0, 1, 0, 1])

    const [budgets, spend, particulars] = tables(section(sections, 'streams'))
    expect([budgets!.caption, spend!.caption]).toEqual([
      'Budget and allocations per stream',
      'Spend and forecast per stream',
    ])
    // One wide table, split in two to fit the page: joined again here.
    const streams = { rows: budgets!.rows.map((r, i) => [...r, ...spend!.rows[i]!.slice(1)]) }
    expect(streams.rows.map((r) => r.map(text))).toEqual([
      [
        `${w.stream.ref} Area Based Grant`,
        '£100,000.00',
        '£50,000.00',
        '£50,000.00',
        '£20,000.00',
        '£20,600.25',
        '£600.25 (3.00%)',
        '£40,000.00',
        '£0.00 (0.00%)',
        'Amber',
      ],
      [
        `${w.capital.ref} Capital works (part of ${w.stream.ref})`,
        '£2,500.01',
        '£0.00',
        '£2,500.01',
        null,
        null,
        null,
        null,
        null,
        'No return',
      ],
      [
        'Total',
        '£102,500.01',
        '£50,000.00',
        '£52,500.01',
        '£20,000.00',
        '£20,600.25',
        '£600.25 (3.00%)',
        '£40,000.00',
        '£0.00',
        'Amber',
      ],
    ])
    // Exact strings for the spreadsheet.
    expect(streams.rows[2]![3]).toEqual({ text: '£52,500.01', value: '52500.01' })
    expect(particulars!.rows[1]).toEqual([
      `${w.capital.ref} Capital works (part of ${w.stream.ref})`,
      'Home Office',
      'Grant',
      'No',
      'Capital',
      '',
    ])

    const [money, spent] = tables(section(sections, 'recipients'))
    const byName = new Map(money!.rows.map((r, i) => [r[0], [...r, ...spent!.rows[i]!.slice(1)].map(text)]))
    expect(byName.get(w.signed.name)).toEqual([
      w.signed.name,
      '£40,000.00',
      '£40,000.00',
      '£0.00',
      'Signed (version 1)',
      '£20,000.00',
      '£20,600.25',
      '£600.25 (3.00%)',
      '£40,000.00',
      'Amber',
    ])
    expect(byName.get(w.unsigned.name)).toEqual([
      w.unsigned.name,
      '£10,000.00',
      '£0.00',
      '£0.00',
      'Not signed',
      null,
      null,
      null,
      null,
      'No return',
    ])
    expect(byName.get('Total')!.slice(1, 3)).toEqual(['£50,000.00', '£40,000.00'])

    const [variances] = tables(section(sections, 'variances'))
    expect(variances!.rows.map((r) => r.map(text))).toEqual([
      [
        `${w.stream.ref}: ${w.signed.name}`,
        Q2,
        '£600.25 (3.00%)',
        '£0.00 (0.00%)',
        'Amber',
        'Two extra youth workers started in August',
        'Accepted: met from the year’s allocation',
        'Sam Lead, Children’s Services',
        'Youth Offending Service',
      ],
    ])

    const protocol = section(sections, 'protocol')
    expect(protocol.blocks[0]).toMatchObject({ type: 'text', text: expect.stringContaining('1 of the 2') })
    const [outstanding, signed] = tables(protocol)
    expect(outstanding!.rows.map((r) => r.map(text))).toEqual([[w.unsigned.name, '£10,000.00', '£10,000.00']])
    expect(signed!.rows.map((r) => r.slice(0, 2))).toEqual([[w.signed.name, 'Jo Treasurer']])

    const commissioning = section(sections, 'commissioning')
    expect(commissioning.blocks[0]).toMatchObject({
      text: 'Notice has been given to 1 service: Youth inclusion programme (ends 30 April 2009).',
    })
    expect(tables(commissioning)[0]!.rows[0]!.slice(0, 4)).toEqual([
      'Youth inclusion programme',
      'Give notice',
      '3 months, ending 30 April 2009',
      w.signed.name,
    ])
  })

  it('as at a moment before a later spend correction and a changed allocation, gives the figures then', async () => {
    const w = await world()
    await tick()
    const at = new Date().toISOString()
    await tick()
    // The finance officer corrects the return, submitted again: now £19,000.00 (5.00% under: amber).
    await w.money.saveSpend(
      w.finance,
      w.pid,
      {
        streamId: w.stream.id,
        recipientId: w.signed.id,
        period: Q2,
        actual: '19000',
        forecast: '40000',
        explanation: 'Corrected: a vacancy from September',
      },
      { submit: true },
    )
    await w.money.setBudget(w.finance, w.pid, w.capital.id, { year: '2008/09', amount: '3000' })
    // And the allocation to the recipient that has not signed is raised from £10,000 to £12,000.
    await w.money.updateAllocation(w.finance, w.pid, w.unsignedAllocation.id, {
      recipientId: w.unsigned.id,
      amount: '12000',
    })
    const now = await build(w.pid)
    expect(summary(section(now, 'summary'))).toMatchObject({
      'Total budget': '£103,000.00',
      Unallocated: '£51,000.00',
      'Actual spend to date': '£19,000.00',
      'Variance to date': '-£1,000.00 (-5.00%)',
    })
    expect(tables(section(now, 'variances'))[0]!.rows[0]![5]).toBe('Corrected: a vacancy from September')
    const then = await build(w.pid, at)
    expect(summary(section(then, 'summary'))).toMatchObject({
      'Total budget': '£102,500.01',
      Unallocated: '£52,500.01',
      'Actual spend to date': '£20,600.25',
      'Variance to date': '£600.25 (3.00%)',
    })
    expect(tables(section(then, 'variances'))[0]!.rows[0]![5]).toBe(
      'Two extra youth workers started in August',
    )
  })

  it('generates as HTML through the reports service, with scoped headers', async () => {
    const w = await world()
    const out = await t().services.reports.render(
      system,
      w.pid,
      { kind: 'finance', period: Q2, level: 'target' },
      'html',
    )
    const html = out.data.toString('utf8')
    expect(out.document.title).toBe(`Finance report: ${Q2}`)
    expect(html).toContain('Variances and decisions')
    expect(html).toContain('Two extra youth workers started in August')
    expect(html).toContain('£102,500.01')
    expect(html).toMatch(/<th[^>]*scope="col"[^>]*>\s*Unallocated/)
    expect(html).toMatch(/<th[^>]*scope="row"[^>]*>\s*Total/)
  })
})

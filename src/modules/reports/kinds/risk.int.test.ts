import { expect, it } from 'vitest'
import { reviewInput, riskInput } from '../../risks/risks.schema.ts'
import { targetCreate } from '../../targets/targets.schema.ts'
import { buildAgreement, buildIndicator } from '../../../../test/helpers/factories.ts'
import { describeIntegration, seedPartnership, system } from '../../../../test/helpers/app.ts'
import type { ChartBlock, Section, SummaryBlock, TableBlock } from '../reports.model.ts'
import { riskKind } from './risk.ts'
import { kindContext } from './test-context.ts'

const tableOf = (s: Section | undefined) => s?.blocks.find((b): b is TableBlock => b.type === 'table')
const summaryOf = (s: Section | undefined) =>
  Object.fromEntries(
    (s?.blocks.find((b): b is SummaryBlock => b.type === 'summary')?.items ?? []).map((i) => [
      i.label,
      i.value,
    ]),
  )
const byId = (sections: Section[], id: string) => sections.find((x) => x.id === id)
const refsOf = (table: TableBlock | undefined) => table?.rows.map((r) => (r[0] as string).split(' ')[0])
const pause = () => new Promise((r) => setTimeout(r, 25))

describeIntegration('risk report', (t) => {
  /**
   * Theme 1 (outcome 1.1) and theme 2 (outcome 2.1, served by a target). Open risks: R-01 of the
   * partnership (16, review overdue), R-02 of outcome 1.1 (15), R-03 of the target (4); R-04 closed.
   */
  async function setup() {
    const { services } = t()
    const seeded = await seedPartnership(services, ['admin', 'board_member'])
    const pid = seeded.partnership.id
    await services.strategy.startVersion(system, pid, { title: 'Strategy' })
    const theme1 = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Older People',
      tagIds: [],
    })
    const o11 = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'outcome',
      parentId: theme1.id,
      ref: '1.1',
      title: 'Older people live independently',
      tagIds: [],
    })
    const theme2 = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Safer Communities',
      tagIds: [],
    })
    await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'outcome',
      parentId: theme2.id,
      ref: '2.1',
      title: 'Re-offending falls',
      tagIds: [],
    })
    const agreement = await buildAgreement(services, pid)
    const indicator = await buildIndicator(services, pid, { title: 'Re-offending rate' })
    const target = await services.targets.create(
      system,
      pid,
      agreement.id,
      targetCreate.parse({
        indicatorCode: indicator.code,
        kind: 'designated',
        status: 'agreed',
        outcomeRefs: ['2.1'],
        trajectory: [{ period: '2008/09', value: 10 }],
      }),
    )
    const owner = (await services.people.list(system, pid)).find(
      (p) => p.email === seeded.users.board_member!.email,
    )!
    const risk = (input: Record<string, unknown>) =>
      services.risks.create(system, pid, riskInput.parse(input))
    const r1 = await risk({
      ref: 'R-01',
      title: 'Partners withdraw funding',
      category: 'Financial',
      ownerPersonId: owner.id,
      controls: 'Funding protocol signed by each partner',
      inherentLikelihood: 5,
      inherentImpact: 5,
      likelihood: 4,
      impact: 4,
      targetLikelihood: 2,
      targetImpact: 2,
      reviewOn: '2009-03-31',
    })
    const r2 = await risk({
      ref: 'R-02',
      title: 'Care places fall short',
      subject: `outcome:${(await services.strategy.currentNodes(system, pid)).find((n) => n.id === o11.id)!.key}`,
      likelihood: 3,
      impact: 5,
      reviewOn: '2099-03-31',
    })
    const r3 = await risk({
      ref: 'R-03',
      title: 'Data on re-offending arrives late',
      subject: `target:${target.target.id}`,
      likelihood: 2,
      impact: 2,
    })
    await risk({ ref: 'R-04', title: 'An old risk', likelihood: 5, impact: 5, status: 'closed' })
    const build = async (spec: { themeKey?: string; asAt?: string; level?: 'theme' | 'outcome' } = {}) =>
      riskKind.build(await kindContext(services, pid, { kind: 'risk', period: '2008/09 Q2', ...spec }))
    return { services, pid, owner, indicator, r1, r2, r3, build }
  }

  it('holds the heat map with its table, the risks scoring 15 or more, overdue reviews and the register', async () => {
    const s = await setup()
    const sections = await s.build()
    expect(sections.map((x) => x.id)).toEqual([
      'summary',
      'heat-map',
      'by-theme',
      'high-risks',
      'overdue-reviews',
      'register',
    ])
    expect(tableOf(byId(sections, 'by-theme'))!.rows).toEqual([
      ['1 Older People', 1, 1, 0],
      ['2 Safer Communities', 1, 0, 0],
      ['The partnership as a whole', 1, 1, 1],
    ])
    expect(summaryOf(sections[0])).toEqual({
      'Open risks': '3',
      'Scoring 15 or more': '2',
      'Reviews overdue': '1',
      'Above the board’s appetite': '0',
      'Closed risks': '1',
    })
    expect(tableOf(sections[0])!.rows).toEqual([
      ['Low', '1 to 4', 1],
      ['Moderate', '5 to 9', 0],
      ['Significant', '10 to 14', 0],
      ['High', '15 to 25', 2],
    ])

    const chart = byId(sections, 'heat-map')!.blocks[0] as ChartBlock
    expect(chart.type).toBe('chart')
    if (chart.spec.chart !== 'heatmap') throw new Error('not a heat map')
    expect(chart.spec.cells).toHaveLength(25)
    expect(chart.spec.cells.filter((c) => c.count > 0)).toEqual([
      { likelihood: 4, impact: 4, count: 1 },
      { likelihood: 3, impact: 5, count: 1 },
      { likelihood: 2, impact: 2, count: 1 },
    ])
    expect(chart.table.columns.map((c) => c.label)).toEqual([
      'Likelihood',
      '1 Insignificant',
      '2 Minor',
      '3 Moderate',
      '4 Major',
      '5 Catastrophic',
    ])
    expect(chart.table.rows).toEqual([
      ['5 Almost certain', 0, 0, 0, 0, 0],
      ['4 Likely', 0, 0, 0, 1, 0],
      ['3 Possible', 0, 0, 0, 0, 1],
      ['2 Unlikely', 0, 1, 0, 0, 0],
      ['1 Rare', 0, 0, 0, 0, 0],
    ])

    const high = tableOf(byId(sections, 'high-risks'))!
    expect(high.rows).toEqual([
      [
        'R-01 Partners withdraw funding',
        s.owner.name,
        'The partnership as a whole',
        { text: '4 Likely', value: 4 },
        { text: '4 Major', value: 4 },
        { text: '16 High', value: 16 },
        'New (no earlier review)',
        'Funding protocol signed by each partner',
      ],
      [
        'R-02 Care places fall short',
        'Not yet named',
        '1.1 Older people live independently',
        { text: '3 Possible', value: 3 },
        { text: '5 Catastrophic', value: 5 },
        { text: '15 High', value: 15 },
        'New (no earlier review)',
        'None recorded',
      ],
    ])
    expect(tableOf(byId(sections, 'overdue-reviews'))!.rows).toEqual([
      ['R-01 Partners withdraw funding', s.owner.name, '31 March 2009', { text: '16 High', value: 16 }],
    ])
    const register = tableOf(byId(sections, 'register'))!
    expect(refsOf(register)).toEqual(['R-01', 'R-02', 'R-03'])
    expect(register.rows[0]!.slice(4, 7)).toEqual([
      { text: '25 High', value: 25 },
      { text: '16 High', value: 16 },
      { text: '4 Low', value: 4 },
    ])
    expect(register.rows[2]![3]).toBe(`${s.indicator.code} Re-offending rate`)
  })

  it('cut to a theme: the risks of its outcomes and of the targets serving them', async () => {
    const s = await setup()
    const one = await s.build({ themeKey: '1' })
    expect(one.map((x) => x.id)).toEqual(['summary', 'heat-map', 'high-risks', 'overdue-reviews', 'register'])
    expect(refsOf(tableOf(byId(one, 'register')))).toEqual(['R-02'])
    expect(refsOf(tableOf(byId(one, 'high-risks')))).toEqual(['R-02'])
    expect(tableOf(byId(one, 'overdue-reviews'))!.rows).toEqual([])
    expect(tableOf(byId(one, 'overdue-reviews'))!.empty).toBeTruthy()
    const two = await s.build({ themeKey: '2' })
    expect(refsOf(tableOf(byId(two, 'register')))).toEqual(['R-03'])
    expect(tableOf(byId(two, 'high-risks'))!.rows).toEqual([])
    expect(summaryOf(two[0])['Open risks']).toBe('1')
  })

  it('at theme level: the overview without the full register', async () => {
    const s = await setup()
    const sections = await s.build({ level: 'theme' })
    expect(sections.map((x) => x.id)).toEqual([
      'summary',
      'heat-map',
      'by-theme',
      'high-risks',
      'overdue-reviews',
    ])
  })

  it('as at a moment: the risks and scores of then, after later reviews, archiving and new risks', async () => {
    const s = await setup()
    await pause()
    const then = new Date().toISOString()
    const before = await s.build({ asAt: then })
    await pause()
    await s.services.risks.review(
      system,
      s.pid,
      s.r2.id,
      // The same next review date: a risk keeps only its latest review date (no history), so a
      // report as at an earlier moment shows today's.
      reviewInput.parse({ likelihood: 1, impact: 1, note: 'Places commissioned', reviewOn: '2099-03-31' }),
    )
    await s.services.risks.archive(system, s.pid, s.r3.id)
    await s.services.risks.create(
      system,
      s.pid,
      riskInput.parse({ ref: 'R-05', title: 'New', likelihood: 5, impact: 4 }),
    )
    const now = await s.build()
    expect(refsOf(tableOf(byId(now, 'register')))).toEqual(['R-01', 'R-02', 'R-05'])
    expect(refsOf(tableOf(byId(now, 'high-risks')))).toEqual(['R-05', 'R-01'])
    expect(tableOf(byId(now, 'register'))!.rows[1]![7]).toBe('Falling')

    expect(await s.build({ asAt: then })).toEqual(before)
    expect(refsOf(tableOf(byId(before, 'register')))).toEqual(['R-01', 'R-02', 'R-03'])
    expect(refsOf(tableOf(byId(before, 'high-risks')))).toEqual(['R-01', 'R-02'])
  })

  it('judges a review overdue against the report’s date, not today', async () => {
    const s = await setup()
    const later = await s.build({ asAt: '2099-06-01T12:00:00.000Z' })
    expect(refsOf(tableOf(byId(later, 'overdue-reviews')))).toEqual(['R-01', 'R-02'])
    const early = await s.build({ asAt: '2000-01-01T00:00:00.000Z' })
    expect(tableOf(byId(early, 'register'))!.rows).toEqual([])
    expect(summaryOf(early[0])['Open risks']).toBe('0')
  })
})

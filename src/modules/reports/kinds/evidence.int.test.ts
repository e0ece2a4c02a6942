import { beforeAll, expect, it } from 'vitest'
import { describeIntegration, system } from '../../../../test/helpers/app.ts'
import type { Block, ChartBlock, Section, TableBlock } from '../reports.model.ts'
import { evidenceKind } from './evidence.ts'
import { threadWorld } from './exception.fixtures.ts'
import { kindContext } from './test-context.ts'

const charts = (s: Section) => s.blocks.filter((b): b is ChartBlock => b.type === 'chart')
const tables = (s: Section) => s.blocks.filter((b): b is TableBlock => b.type === 'table')
const headings = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.type === 'heading' ? [`${b.level} ${b.text}`] : []))

describeIntegration('evidence pack', (t) => {
  let w: Awaited<ReturnType<typeof threadWorld>>
  beforeAll(async () => {
    w = await threadWorld(t())
  })

  it('has, per outcome, a trend chart with its table for each target and the indicators’ sources', async () => {
    const ctx = await kindContext(t().services, w.pid, {
      kind: 'evidence',
      period: '2008/09 Q2',
      level: 'outcome',
    })
    const sections = await evidenceKind.build(ctx)
    expect(sections.map((s) => s.title)).toEqual([
      '1.1 Less waste',
      '2.1 Healthier lives',
      'Targets not linked to an outcome',
    ])
    const waste = sections[0]!
    const [red, green] = charts(waste)
    expect(charts(waste)).toHaveLength(2)
    expect(red!.title).toBe('Trend: L 09 Household waste')
    expect(red!.spec).toEqual({
      chart: 'trend',
      unit: 'count',
      points: [
        { period: '2008/09 Q1', actual: 1200, target: 1000 },
        { period: '2008/09 Q2', actual: 1250, target: 1000 },
      ],
    })
    expect(red!.table.rows).toEqual([
      ['2008/09 Q1', { text: '1,200', value: 1200 }, { text: '1,000', value: 1000 }, { status: 'red' }],
      ['2008/09 Q2', { text: '1,250', value: 1250 }, { text: '1,000', value: 1000 }, { status: 'red' }],
    ])
    expect(green!.title).toBe('Trend: L 10 Recycling sites')
    const sources = tables(waste).find((x) => x.caption.startsWith('Sources of the figures'))!
    expect(sources.rows[0]!.slice(0, 4)).toEqual([
      'L 09 Household waste',
      'Tonnes of household waste not recycled',
      'Waste data flow returns',
      'County Council',
    ])
    expect(
      tables(waste)
        .find((x) => x.caption.startsWith('Delivery actions'))!
        .rows.map((r) => r[0]),
    ).toEqual(['A-2', 'A-1'])
    expect(
      tables(waste)
        .find((x) => x.caption.startsWith('Risks'))!
        .rows.map((r) => r[0]),
    ).toEqual(['R-1'])
    const words = waste.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []))
    expect(words).toContain('Gaps: No food waste service in two districts.')
    expect(words).toContain('Waste rose again over the summer.')
  })

  it('groups outcomes under their theme at theme level, and is cut to one theme', async () => {
    const ctx = await kindContext(t().services, w.pid, {
      kind: 'evidence',
      period: '2008/09 Q2',
      level: 'theme',
    })
    const sections = await evidenceKind.build(ctx)
    expect(sections.map((s) => s.title)).toEqual([
      '1 Safer communities',
      '2 Healthier communities',
      'Targets not linked to an outcome',
    ])
    expect(headings(sections[1]!.blocks).slice(0, 2)).toEqual([
      '3 2.1 Healthier lives',
      '4 L 11 Health checks',
    ])
    const cut = await evidenceKind.build(
      await kindContext(t().services, w.pid, {
        kind: 'evidence',
        period: '2008/09 Q2',
        level: 'theme',
        themeKey: w.themes.safer.key,
      }),
    )
    expect(cut.map((s) => s.title)).toEqual(['1 Safer communities'])
  })

  it('renders as HTML and XLSX through the reports service', async () => {
    const input = { kind: 'evidence' as const, period: '2008/09 Q2', level: 'theme' as const, themeKey: null }
    const html = await t().services.reports.render(system, w.pid, input, 'html')
    expect(html.data.toString('utf8')).toContain('</html>')
    expect(html.data.toString('utf8')).toContain('<svg')
    expect(html.document.sections.length).toBeGreaterThan(0)
    const xlsx = await t().services.reports.render(system, w.pid, input, 'xlsx')
    expect(xlsx.data.subarray(0, 2).toString()).toBe('PK')
  })
})

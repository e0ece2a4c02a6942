import { beforeAll, expect, it } from 'vitest'
import { describeIntegration, system } from '../../../../test/helpers/app.ts'
import type { Block, Section, TableBlock } from '../reports.model.ts'
import { exceptionKind } from './exception.ts'
import { threadWorld } from './exception.fixtures.ts'
import { kindContext } from './test-context.ts'

const texts = (blocks: Block[]) =>
  blocks.map((b) =>
    b.type === 'heading' || b.type === 'text'
      ? `${b.type}:${b.text}`
      : b.type === 'table'
        ? `table:${b.caption}:${b.rows.map((r) => r.map((c) => (c && typeof c === 'object' ? ('text' in c ? c.text : c.status) : c)).join('|')).join(';')}`
        : b.type,
  )
const tables = (s: Section) => s.blocks.filter((b): b is TableBlock => b.type === 'table')

describeIntegration('exception report', (t) => {
  let w: Awaited<ReturnType<typeof threadWorld>>
  beforeAll(async () => {
    w = await threadWorld(t())
  })

  it('has the red and amber targets, each followed by its commentary, plan, actions, risks and escalations; no green', async () => {
    const ctx = await kindContext(t().services, w.pid, { kind: 'exception', period: '2008/09 Q2' })
    const sections = await exceptionKind.build(ctx)
    expect(sections.map((s) => s.title)).toEqual([
      'Red and amber targets',
      '1 Safer communities',
      '2 Healthier communities',
    ])
    const overview = tables(sections[0]!)[0]!
    expect(overview.rows.map((r) => [r[0], r[1]])).toEqual([
      ['L 09 Household waste', { status: 'red' }],
      ['L 11 Health checks', { status: 'amber' }],
    ])
    const safer = texts(sections[1]!.blocks)
    expect(safer.join('\n')).not.toContain('L 10')
    const at = (prefix: string) => safer.findIndex((x) => x.startsWith(prefix))
    expect(at('heading:L 09 Household waste')).toBe(0)
    expect(safer[1]).toBe('summary')
    expect(safer.slice(2, 5)).toEqual([
      'heading:Commentary',
      'text:Waste rose again over the summer.',
      'text:What is being done: Food waste collections start in October.',
    ])
    expect(safer[at('heading:Improvement plan') + 1]).toBe('summary')
    expect(safer[at('table:Improvement plan actions')]).toContain('A-1|Weekly food waste collections')
    expect(safer[at('table:Delivery plan actions')]).toContain(
      'A-2|Leaflet every household|Olive Lead|30 June 2008|Not started|0%|Overdue',
    )
    expect(safer[at('table:Risks')]).toContain('R-1|Contractor fails to start')
    expect(safer[at('heading:Support asked for') + 1]).toBe('text:Capital for caddies.')
    expect(safer[at('table:Escalated to the board')]).toContain('Fund food waste caddies')
    expect(ctx.notes.at(-1)?.fraction).toBeGreaterThan(0)
  })

  it('is cut to one theme', async () => {
    const ctx = await kindContext(t().services, w.pid, {
      kind: 'exception',
      period: '2008/09 Q2',
      themeKey: w.themes.healthier.key,
    })
    const sections = await exceptionKind.build(ctx)
    expect(sections.map((s) => s.title)).toEqual(['Red and amber targets', '2 Healthier communities'])
    expect(tables(sections[0]!)[0]!.rows.map((r) => r[0])).toEqual(['L 11 Health checks'])
    expect(texts(sections[1]!.blocks)).toContain('text:No commentary for this period.')
  })

  it('says so when nothing is red or amber (a period without figures)', async () => {
    const ctx = await kindContext(t().services, w.pid, {
      kind: 'exception',
      period: '2008/09 Q1',
      themeKey: w.themes.healthier.key,
    })
    const sections = await exceptionKind.build(ctx)
    expect(sections).toHaveLength(1)
    expect(tables(sections[0]!)[0]).toMatchObject({ rows: [], empty: 'No red or amber targets.' })
  })

  it('renders as HTML and XLSX through the reports service', async () => {
    const input = {
      kind: 'exception' as const,
      period: '2008/09 Q2',
      level: 'target' as const,
      themeKey: null,
    }
    const html = await t().services.reports.render(system, w.pid, input, 'html')
    expect(html.data.toString('utf8')).toContain('</html>')
    expect(html.document.sections.length).toBeGreaterThan(0)
    const xlsx = await t().services.reports.render(system, w.pid, input, 'xlsx')
    expect(xlsx.data.subarray(0, 2).toString()).toBe('PK')
  })
})

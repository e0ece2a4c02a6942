import { beforeAll, expect, it } from 'vitest'
import { describeIntegration, system } from '../../../../test/helpers/app.ts'
import type { Block, Section, TableBlock } from '../reports.model.ts'
import { threadWorld } from './exception.fixtures.ts'
import { progressKind } from './progress.ts'
import { kindContext } from './test-context.ts'

const cellText = (c: unknown) =>
  c && typeof c === 'object'
    ? 'text' in c
      ? (c as { text: string }).text
      : (c as { status: string }).status
    : c
const tables = (s: Section) => s.blocks.filter((b): b is TableBlock => b.type === 'table')
const texts = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.type === 'heading' || b.type === 'text' ? [b.text] : []))

describeIntegration('progress report', (t) => {
  let w: Awaited<ReturnType<typeof threadWorld>>
  beforeAll(async () => {
    w = await threadWorld(t())
  })

  it('groups outcomes, their targets, actions and reported gaps by outcome lead', async () => {
    const ctx = await kindContext(t().services, w.pid, { kind: 'progress', period: '2008/09 Q2' })
    const sections = await progressKind.build(ctx)
    expect(sections.map((s) => s.title)).toEqual(['Outcome leads', 'Hal Lead', 'Olive Lead'])
    const overview = tables(sections[0]!)[0]!
    // Lead, outcomes, targets, red, amber, green, actions overdue, progress reported.
    expect(overview.rows).toEqual([
      ['Hal Lead', 1, 1, 0, 1, 0, 0, 0],
      ['Olive Lead', 1, 2, 1, 0, 1, 1, 1],
    ])
    const olive = sections[2]!
    expect(texts(olive.blocks)).toEqual([
      '1.1 Less waste',
      'Progress and gaps',
      'Recycling is up; residual waste is not falling yet.',
      'Gaps: No food waste service in two districts.',
    ])
    const [targets, actions] = tables(olive)
    expect(targets!.rows.map((r) => [r[0], cellText(r[1])])).toEqual([
      ['L 09 Household waste', 'red'],
      ['L 10 Recycling sites', 'green'],
    ])
    expect(actions!.rows.map((r) => [r[0], r[2], r[4], r[6]])).toEqual([
      ['A-2', 'Waste reduction plan', '30 June 2008', 'Overdue'],
      ['A-1', 'Waste reduction plan', '31 March 2030', 'No'],
    ])
    const hal = sections[1]!
    expect(texts(hal.blocks)).toContain('No progress reported for 2008/09 Q2.')
    expect(tables(hal)[1]!.rows).toEqual([])
  })

  it('reads progress as it stood at the moment asked for', async () => {
    const before = await kindContext(t().services, w.pid, {
      kind: 'progress',
      period: '2008/09 Q2',
      asAt: w.plan.createdAt.toISOString(),
    })
    const sections = await progressKind.build(before)
    const olive = sections.find((s) => s.title === 'Olive Lead')!
    expect(texts(olive.blocks)).toContain('No progress reported for 2008/09 Q2.')
    expect(tables(olive)[1]!.rows).toEqual([])
  })

  it('renders as HTML and XLSX through the reports service', async () => {
    const input = {
      kind: 'progress' as const,
      period: '2008/09 Q2',
      level: 'outcome' as const,
      themeKey: null,
    }
    const html = await t().services.reports.render(system, w.pid, input, 'html')
    expect(html.data.toString('utf8')).toContain('</html>')
    expect(html.document.sections.length).toBeGreaterThan(0)
    const xlsx = await t().services.reports.render(system, w.pid, input, 'xlsx')
    expect(xlsx.data.subarray(0, 2).toString()).toBe('PK')
  })

  it('shows each action as it stood at the moment asked for', async () => {
    const before = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 5))
    await t().services.delivery.progress(system, w.pid, w.actions.fix.id, {
      status: 'at-risk',
      percentComplete: 40,
      notes: null,
    })
    const statusOf = async (asAt?: string) => {
      const ctx = await kindContext(t().services, w.pid, {
        kind: 'progress',
        period: '2008/09 Q2',
        ...(asAt ? { asAt } : {}),
      })
      const olive = (await progressKind.build(ctx)).find((s) => s.title === 'Olive Lead')!
      return tables(olive)[1]!.rows.find((r) => r[0] === 'A-1')![5]
    }
    expect(await statusOf(before)).toBe('Not started')
    expect(await statusOf()).toBe('At risk')
  })
})

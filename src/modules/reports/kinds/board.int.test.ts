import { beforeEach, expect, it } from 'vitest'
import { describeIntegration } from '../../../../test/helpers/app.ts'
import { system } from '../../../../test/helpers/factories.ts'
import type { Block, Section, TableBlock } from '../reports.model.ts'
import { boardKind } from './board.ts'
import { PERIOD, reportWorld, type ReportWorld } from './steering.fixtures.ts'
import { kindContext } from './test-context.ts'

const section = (sections: Section[], id: string) => {
  const s = sections.find((x) => x.id === id)
  if (!s) throw new Error(`no section ${id} in ${sections.map((x) => x.id).join(', ')}`)
  return s
}
const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === 'table')
const first = (c: unknown) => (typeof c === 'string' ? c : '')
const targetIndex = (blocks: Block[], code: string) =>
  blocks.findIndex(
    (b) => b.type === 'table' && b.rows.length === 1 && first(b.rows[0]![0]).startsWith(`${code} `),
  )
const pause = () => new Promise((r) => setTimeout(r, 20))

describeIntegration('the board report kind', (t) => {
  let w: ReportWorld
  beforeEach(async () => {
    w = await reportWorld(t().services)
  })
  const build = async (spec: {
    level?: 'target' | 'outcome' | 'theme' | 'place'
    themeKey?: string
    asAt?: string
  }) => boardKind.build(await kindContext(t().services, w.pid, { kind: 'board', period: PERIOD, ...spec }))
  const escalate = (title: string, subjectId: string) =>
    t().services.escalations.escalate(system, w.pid, {
      subjectType: 'target',
      subjectId,
      title,
      question: `Should the board ${title.toLowerCase()}?`,
    })

  it('puts theme and outcome summaries first, then targets with commentary, rewards and open escalations', async () => {
    const decided = await escalate('Fund more patrols', w.t.red.id)
    await t().services.escalations.decide(system, w.pid, decided.id, { decision: 'Yes', decidedOn: null })
    await escalate('Ask the PCT for help', w.t.amber.id)

    const sections = await build({ level: 'target' })
    expect(sections.map((s) => s.id)).toEqual([
      'summary',
      'by-theme',
      'by-outcome',
      'changes',
      `targets-${w.themes.safer.ref}`,
      `targets-${w.themes.healthier.ref}`,
      'reward',
      'escalations',
    ])
    const byTheme = tables(section(sections, 'by-theme').blocks)
    expect(byTheme[0]!.rows.map((r) => r[0])).toEqual([
      `${w.themes.safer.ref} Safer Communities`,
      `${w.themes.healthier.ref} Healthier Communities`,
      'All targets',
    ])
    expect(byTheme[1]!.rows.map((r) => first(r[0]))).toEqual([`${w.ind.red.code} People who feel safe`])
    expect(byTheme[2]!.rows.map((r) => first(r[0]))).toEqual([`${w.ind.amber.code} Adults who smoke less`])

    const byOutcome = tables(section(sections, 'by-outcome').blocks)
    expect(byOutcome[0]!.rows).toEqual([[`${w.themes.safer.ref}.1 Less crime`, 1, 0, 1, 0, 0, 0, 2]])

    const safer = section(sections, `targets-${w.themes.safer.ref}`).blocks
    expect(safer[targetIndex(safer, w.ind.red.code) + 1]).toMatchObject({
      type: 'text',
      text: 'Fear of crime rose after the summer incidents.',
    })

    const reward = tables(section(sections, 'reward').blocks)[0]!
    expect(reward.rows.at(-1)!.slice(6)).toEqual([
      { text: '£3,000.30', value: '3000.30' },
      { text: '£3,000.30', value: '3000.30' },
    ])

    const open = tables(section(sections, 'escalations').blocks)[0]!
    expect(open.rows.map((r) => r.slice(0, 3))).toEqual([
      [
        'Ask the PCT for help',
        `${w.ind.amber.code} Adults who smoke less`,
        'Should the board ask the pct for help?',
      ],
    ])
  })

  it('as at a moment, lists what awaited a decision then', async () => {
    const e = await escalate('Fund more patrols', w.t.red.id)
    await pause()
    const at = new Date().toISOString()
    await pause()
    await t().services.escalations.decide(system, w.pid, e.id, { decision: 'Yes', decidedOn: null })
    await escalate('Raised later', w.t.green.id)
    const then = tables(section(await build({ asAt: at }), 'escalations').blocks)[0]!
    expect(then.rows.map((r) => r[0])).toEqual(['Fund more patrols'])
    const now = tables(section(await build({}), 'escalations').blocks)[0]!
    expect(now.rows.map((r) => r[0])).toEqual(['Raised later'])
  })

  it('cut to a theme at theme level: its red and amber targets with commentary, none of the other theme', async () => {
    await escalate('Ask the PCT for help', w.t.amber.id)
    const sections = await build({ level: 'theme', themeKey: w.themes.safer.key })
    expect(sections.map((s) => s.id)).toEqual([
      'summary',
      'by-theme',
      'changes',
      'red-amber',
      'reward',
      'escalations',
    ])
    const ra = section(sections, 'red-amber').blocks
    expect(ra[targetIndex(ra, w.ind.red.code) + 1]).toMatchObject({
      text: 'Fear of crime rose after the summer incidents.',
    })
    expect(targetIndex(ra, w.ind.amber.code)).toBe(-1)
    expect(tables(section(sections, 'reward').blocks)[0]!.rows).toEqual([])
    expect(tables(section(sections, 'escalations').blocks)[0]!.rows).toEqual([])
  })
})

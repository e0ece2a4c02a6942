import { beforeEach, expect, it } from 'vitest'
import { describeIntegration } from '../../../../test/helpers/app.ts'
import { buildIndicator, system } from '../../../../test/helpers/factories.ts'
import { targetCreate } from '../../targets/targets.schema.ts'
import type { Block, Section, TableBlock, TextBlock } from '../reports.model.ts'
import { steeringKind } from './steering.ts'
import { PERIOD, reportWorld, type ReportWorld } from './steering.fixtures.ts'
import { kindContext } from './test-context.ts'

const section = (sections: Section[], id: string) => {
  const s = sections.find((x) => x.id === id)
  if (!s) throw new Error(`no section ${id} in ${sections.map((x) => x.id).join(', ')}`)
  return s
}
const tables = (blocks: Block[]) => blocks.filter((b): b is TableBlock => b.type === 'table')
const cellText = (c: unknown) =>
  typeof c === 'string' || typeof c === 'number'
    ? String(c)
    : c && typeof c === 'object' && 'text' in c
      ? String(c.text)
      : c && typeof c === 'object' && 'status' in c
        ? String(c.status)
        : ''
/** The index of the one-target table of this code, in the section's blocks. */
const targetIndex = (blocks: Block[], code: string) =>
  blocks.findIndex(
    (b) => b.type === 'table' && b.rows.length === 1 && cellText(b.rows[0]![0]).startsWith(`${code} `),
  )

describeIntegration('the steering report kind', (t) => {
  let w: ReportWorld
  // Tests run in a random order: each has its own partnership.
  beforeEach(async () => {
    w = await reportWorld(t().services)
  })
  const build = async (spec: {
    level?: 'target' | 'outcome' | 'theme' | 'place'
    themeKey?: string
    asAt?: string
  }) => {
    const ctx = await kindContext(t().services, w.pid, { kind: 'steering', period: PERIOD, ...spec })
    return { sections: await steeringKind.build(ctx), ctx }
  }

  it('builds the summary, what changed, every target with its commentary directly after its row, and overdue returns', async () => {
    const { sections, ctx } = await build({})
    expect(sections.map((s) => s.id)).toEqual([
      'summary',
      'changes',
      `targets-${w.themes.safer.ref}`,
      `targets-${w.themes.healthier.ref}`,
      'overdue-returns',
    ])
    expect(ctx.notes.length).toBeGreaterThanOrEqual(3)

    const chart = section(sections, 'summary').blocks[0]!
    expect(chart.type).toBe('chart')
    if (chart.type !== 'chart' || chart.spec.chart !== 'status-bars') throw new Error('no status bars')
    expect(chart.spec.bars.map((b) => b.counts)).toEqual([
      { green: 1, red: 1 },
      { green: 2, amber: 1, 'no-data': 1 },
    ])
    expect(chart.table.rows.at(-1)).toEqual(['All targets', 3, 1, 1, 1, 0, 0, 6])

    const changes = tables(section(sections, 'changes').blocks)
    expect(changes[0]!.caption).toBe('Slipped')
    expect(changes[0]!.rows.map((r) => cellText(r[0]))).toEqual([`${w.ind.red.code} People who feel safe`])

    const safer = section(sections, `targets-${w.themes.safer.ref}`).blocks
    const i = targetIndex(safer, w.ind.red.code)
    expect(i).toBeGreaterThanOrEqual(0)
    const row = (safer[i] as TableBlock).rows[0]!
    expect(row.slice(1, 6)).toEqual([
      PERIOD,
      { status: 'red' },
      'Worsening',
      { text: '40.0% (provisional)', value: 40 },
      { text: '60.0%', value: 60 },
    ])
    const next = safer[i + 1] as TextBlock
    expect(next).toMatchObject({ type: 'text', text: 'Fear of crime rose after the summer incidents.' })
    expect(next.attribution).toMatch(/^test, \d+ \w+ \d{4}$/)
    // A trend of Q1 and Q2 follows, as a chart with its table.
    expect(safer[i + 2]).toMatchObject({
      type: 'chart',
      spec: {
        chart: 'trend',
        points: [
          { period: '2008/09 Q1', actual: 70 },
          { period: PERIOD, actual: 40 },
        ],
      },
    })
    // Only the Safer theme's targets are in its section.
    expect(targetIndex(safer, w.ind.amber.code)).toBe(-1)
    const healthier = section(sections, `targets-${w.themes.healthier.ref}`).blocks
    expect(healthier[targetIndex(healthier, w.ind.amber.code) + 1]).toMatchObject({
      type: 'text',
      text: 'No commentary for this period.',
    })

    const overdue = tables(section(sections, 'overdue-returns').blocks)[0]!
    expect(overdue.rows).toEqual([
      ['County Council', `${w.ind.missing.code} Nobody returned this`, w.area.name, 'Not started'],
    ])
  })

  it('cut to a theme, leaves out the other themes’ targets', async () => {
    const { sections } = await build({ themeKey: w.themes.safer.key })
    expect(sections.map((s) => s.id)).toEqual([
      'summary',
      'changes',
      `targets-${w.themes.safer.ref}`,
      'overdue-returns',
    ])
    const codes = sections
      .flatMap((s) => tables(s.blocks))
      .flatMap((tb) => tb.rows.map((r) => cellText(r[0])))
    expect(codes.some((c) => c.startsWith(w.ind.amber.code))).toBe(false)
    expect(codes.some((c) => c.startsWith(w.ind.missing.code))).toBe(false)
    expect(codes.some((c) => c.startsWith(w.ind.red.code))).toBe(true)
  })

  it('builds the outcome, theme and place levels', async () => {
    const outcome = (await build({ level: 'outcome' })).sections
    const o = section(outcome, `outcomes-${w.themes.safer.ref}`).blocks
    expect(o[0]).toMatchObject({ type: 'heading', text: `${w.themes.safer.ref}.1 Less crime` })
    expect((o[1] as TableBlock).rows).toEqual([[`${w.themes.safer.ref}.1 Less crime`, 1, 0, 1, 0, 0, 0, 2]])

    const theme = section((await build({ level: 'theme' })).sections, 'themes').blocks
    const redAt = targetIndex(theme, w.ind.red.code)
    expect(theme[redAt + 1]).toMatchObject({ text: 'Fear of crime rose after the summer incidents.' })
    expect(targetIndex(theme, w.ind.green.code)).toBe(-1)

    const place = (await build({ level: 'place' })).sections
    const p = section(place, `place-${w.area.gss.toLowerCase()}`)
    expect(tables(p.blocks)[0]!.rows).toHaveLength(6)
  })

  it('as at a moment, ignores a value corrected, commentary changed and a return made after it', async () => {
    const before = await build({})
    await new Promise((r) => setTimeout(r, 20))
    const at = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 20))
    const again = await build({ asAt: at })
    await w.save(w.ind.red.id, PERIOD, 75, w.redValue.version)
    await w.comment(w.t.red.id, 'Corrected: all is well.')
    // The overdue return comes in late: as at the moment it was still owed.
    await w.save(w.ind.missing.id, PERIOD, 65)
    const later = await build({ asAt: at })
    expect(later.sections).toEqual(again.sections)
    expect(again.sections).toEqual(before.sections)
    const now = await build({})
    const safer = section(now.sections, `targets-${w.themes.safer.ref}`).blocks
    expect(safer[targetIndex(safer, w.ind.red.code) + 1]).toMatchObject({ text: 'Corrected: all is well.' })
    expect(tables(section(now.sections, 'overdue-returns').blocks)[0]!.rows).toEqual([])
    expect(tables(section(later.sections, 'overdue-returns').blocks)[0]!.rows).toHaveLength(1)
  })

  it('builds 61 targets from batched reads', async () => {
    const s = t().services
    const agreement = (await s.agreements.list(system, w.pid))[0]!
    for (let n = 0; n < 55; n++) {
      const ind = await buildIndicator(s, w.pid, { unit: 'percent', combine: 'none' })
      await s.targets.create(
        system,
        w.pid,
        agreement.id,
        targetCreate.parse({
          indicatorCode: ind.code,
          // Local targets: an agreement holds at most 35 designated ones.
          kind: 'local',
          status: 'agreed',
          outcomeRefs: [`${w.themes.healthier.ref}.1`],
          trajectory: [{ period: '2008/09', value: 60 }],
        }),
      )
    }
    const { sections } = await build({})
    const rows = sections
      .filter((x) => x.id.startsWith('targets-'))
      .flatMap((x) => tables(x.blocks))
      .filter((tb) => tb.rows.length === 1)
    expect(rows).toHaveLength(61)
  }, 120_000)
})

import { beforeEach, expect, it } from 'vitest'
import { describeIntegration } from '../../../../test/helpers/app.ts'
import type { TableBlock } from '../reports.model.ts'
import { rewardKind } from './reward.ts'
import { PERIOD, reportWorld, type ReportWorld } from './steering.fixtures.ts'
import { kindContext } from './test-context.ts'

describeIntegration('the reward report kind', (t) => {
  let w: ReportWorld
  beforeEach(async () => {
    w = await reportWorld(t().services)
  })
  const build = async (asAt?: string) =>
    rewardKind.build(
      await kindContext(t().services, w.pid, { kind: 'reward', period: PERIOD, ...(asAt ? { asAt } : {}) }),
    )

  it('lists the reward targets with their terms, share and grant payable, and the exact total', async () => {
    const sections = await build()
    expect(sections.map((s) => s.id)).toEqual(['reward'])
    const table = sections[0]!.blocks.find((b): b is TableBlock => b.type === 'table')!
    expect(table.rows).toHaveLength(3)
    expect(table.rows[0]).toEqual([
      `${w.ind.rewardA.code} Reward A`,
      PERIOD,
      { text: '50.0%', value: 50 },
      { text: '60.0%', value: 60 },
      { text: '60.0% (provisional)', value: 60 },
      { text: '100%', value: 1 },
      { text: '£1,000.10', value: '1000.10' },
      { text: '£1,000.10', value: '1000.10' },
    ])
    expect(table.rows[1]!.slice(5)).toEqual([
      { text: '110%', value: 1.1 },
      { text: '£2,000.20', value: '2000.20' },
      { text: '£2,000.20', value: '2000.20' },
    ])
    // 1000.1 + 2000.2 is 3000.3000000000003 in binary floating point: the total is exact.
    expect(table.rows[2]).toEqual([
      'Total',
      '',
      null,
      null,
      null,
      null,
      { text: '£3,000.30', value: '3000.30' },
      { text: '£3,000.30', value: '3000.30' },
    ])
    expect(sections[0]!.blocks[0]).toMatchObject({
      type: 'summary',
      items: [
        { label: 'Reward targets', value: '2' },
        { label: 'Grant payable', value: '£3,000.30' },
        { label: 'Maximum grant', value: '£3,000.30' },
      ],
    })
  })

  it('as at a moment, pays on the value then, not on a later correction', async () => {
    await new Promise((r) => setTimeout(r, 20))
    const at = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 20))
    // 55 is half way to the stretch: below 60%, nothing is payable now.
    await w.save(w.ind.rewardA.id, PERIOD, 55, w.rewardAValue.version)
    const now = (await build())[0]!.blocks[1] as TableBlock
    expect(now.rows[2]![6]).toEqual({ text: '£2,000.20', value: '2000.20' })
    const then = (await build(at))[0]!.blocks[1] as TableBlock
    expect(then.rows[2]![6]).toEqual({ text: '£3,000.30', value: '3000.30' })
  })
})

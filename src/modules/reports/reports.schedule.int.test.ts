import { expect, it } from 'vitest'
import { describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { ukDate } from '../../lib/clock.ts'
import { addDays } from '../rounds/rounds.rules.ts'
import { seedValuesWorld } from '../values/values.fixtures.ts'
import { quickRenderers, reportsOn, settled, tinyKind } from './reports.fixtures.ts'
import { addWorkingDays } from './reports.schedule.ts'
import { definitionInput } from './reports.schema.ts'

const DAY = 86_400_000

it('counts working days Monday to Friday', () => {
  expect(addWorkingDays('2026-12-04', 0)).toBe('2026-12-04') // a Friday
  expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07') // the Monday after
  expect(addWorkingDays('2026-12-04', 5)).toBe('2026-12-11')
  expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07') // from a Saturday
  expect(addWorkingDays('2008-10-31', 5)).toBe('2008-11-07')
})

describeIntegration('scheduled reports: after a round closes, once, mailed as a link', (t) => {
  async function setup() {
    const s = t().services
    const w = await seedValuesWorld(s, unique('sched'))
    const today = ukDate(new Date())
    // Q1 closed ten days ago (five working days have passed); Q2 closed yesterday (they have not).
    await s.rounds.updateWindow(system, w.partnershipId, w.rounds['2008/09 Q1']!, {
      opensOn: addDays(today, -60),
      dueOn: addDays(today, -10),
    })
    await s.rounds.updateWindow(system, w.partnershipId, w.rounds['2008/09 Q2']!, {
      opensOn: addDays(today, -40),
      dueOn: addDays(today, -1),
    })
    // Saved a month ago: Q3 and Q4 keep their 2008 dates, closed long before it, and never run.
    const monthAgo = new Date(Date.now() - 30 * DAY)
    const saved = reportsOn(t().database.db, s, { kinds: [tinyKind], clock: () => monthAgo })
    const def = await saved.definitions.create(
      system,
      w.partnershipId,
      definitionInput.parse({
        name: 'Quarterly steering',
        kind: 'steering',
        schedule: { trigger: 'round-closed', workingDays: 5 },
        distribution: ['chair@example.org', 'clerk@example.org'],
      }),
    )
    // Not scheduled: never runs.
    await saved.definitions.create(
      system,
      w.partnershipId,
      definitionInput.parse({ name: 'By hand', kind: 'steering', distribution: ['chair@example.org'] }),
    )
    const server = () => reportsOn(t().database.db, s, { kinds: [tinyKind], renderers: quickRenderers })
    return { ...w, pid: w.partnershipId, def, server }
  }

  it('requests the report five working days after each round closes, once, and mails the link', async () => {
    const w = await setup()
    const a = w.server()
    const b = w.server()
    const now = new Date()
    // Two servers run the schedule at once: the report is requested once.
    const runs = await Promise.all([a.runSchedules(now), b.runSchedules(now)])
    expect(runs.reduce((n, r) => n + r.requested, 0)).toBe(1)
    expect((await a.runSchedules(now)).requested).toBe(0)

    const [report, ...others] = await a.list(system, w.pid)
    expect(others).toEqual([])
    expect(report).toMatchObject({
      kind: 'steering',
      period: '2008/09 Q1',
      requestedBy: 'schedule: Quarterly steering',
      definitionId: w.def.id,
    })
    expect(report!.asAt.getTime()).toBe(now.getTime())
    expect(await settled(a, system, w.pid, report!.id)).toMatchObject({ status: 'done' })

    const mail = (await t().services.outbox.list(system, w.pid)).filter((m) => m.kind === 'report')
    expect(mail.map((m) => m.toAddress).sort()).toEqual(['chair@example.org', 'clerk@example.org'])
    for (const m of mail) {
      expect(m.subject).toBe(`Tiny report: 2008/09 Q1 for Partnership ${w.slug}`)
      expect(m.body).toContain(`http://localhost:3000/p/${w.slug}/reports/${report!.id}`)
    }

    // A week on, Q2's turn comes; an archived definition runs no more.
    const later = new Date(now.getTime() + 8 * DAY)
    expect((await a.runSchedules(later)).requested).toBe(1)
    const q2 = (await a.list(system, w.pid)).find((r) => r.period === '2008/09 Q2')!
    await settled(a, system, w.pid, q2.id)
    await a.definitions.archive(system, w.pid, w.def.id)
    await t().services.rounds.updateWindow(system, w.pid, w.rounds['2008/09 Q3']!, {
      opensOn: addDays(ukDate(now), -20),
      dueOn: addDays(ukDate(now), -1),
    })
    expect((await a.runSchedules(later)).requested).toBe(0)
  })
})

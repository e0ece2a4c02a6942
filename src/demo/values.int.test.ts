import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../test/helpers/app.ts'
import { loadDemo } from './demo.ts'

describeIntegration('demo values and rounds', (t) => {
  it(
    'loads two years of returns with late, returned, amber and red values, and work owed by the police',
    { timeout: 240_000 },
    async () => {
      const { services: s } = t()
      await loadDemo(s, { password: 'demo-password-1' })
      const p = (await s.partnerships.findBySlug('leicestershire-together'))!
      const rounds = await s.rounds.list(system, p.id)
      expect(rounds.map((r) => r.period)).toEqual([
        '2009/10 Q4',
        '2009/10 Q3',
        '2009/10 Q2',
        '2009/10 Q1',
        '2009/10',
        '2008/09 Q4',
        '2008/09 Q3',
        '2008/09 Q2',
        '2008/09 Q1',
        '2008/09',
      ])
      const statuses = new Map<string, number>()
      const rag = new Map<string, number>()
      let late = 0
      let returnedOnce = 0
      for (const round of rounds) {
        const { rows } = await s.rounds.items(p.id, round.period)
        for (const row of rows) {
          if (!row.value) continue
          const v = await s.values.get(system, p.id, row.value.id)
          statuses.set(v.value.status, (statuses.get(v.value.status) ?? 0) + 1)
          if (v.target) rag.set(v.target.status, (rag.get(v.target.status) ?? 0) + 1)
          if (v.value.late) late++
          if (v.history.some((h) => h.action === 'returned')) returnedOnce++
          expect(v.history.at(-1)!.version).toBe(v.value.version)
        }
      }
      expect(statuses.get('approved')).toBeGreaterThan(50)
      expect(statuses.get('returned')).toBeGreaterThanOrEqual(1)
      expect(statuses.get('submitted')).toBeGreaterThanOrEqual(1)
      expect(late).toBeGreaterThanOrEqual(1)
      expect(returnedOnce).toBeGreaterThan(1)
      expect(rag.get('amber')).toBeGreaterThan(3)
      expect(rag.get('red')).toBeGreaterThan(3)
      expect(rag.get('green')).toBeGreaterThan(rag.get('red')!)

      // The demo data provider has the latest quarter's police figures to enter, under an exception.
      const sarah = (await s.users.findByEmail('sarah.okafor@leicestershire-together.example'))!
      const actor = (await s.auth.actorForUser(sarah.id))!
      const owed = await s.rounds.returns(actor, p.id)
      const q4 = owed.rounds.find((r) => r.round.period === '2009/10 Q4')!
      expect(q4.exception).not.toBeNull()
      expect(q4.items.map((i) => `${i.code} ${i.placeName} ${i.value?.status ?? 'missing'}`)).toEqual([
        'NI 16 Leicestershire missing',
        'NI 16 Blaby missing',
        'NI 16 Charnwood missing',
        'NI 20 Leicestershire missing',
      ])

      // NI 16 (a rate per 1,000, cumulative) is rated on its year to date against its quarterly
      // profile of year-to-date targets: Q2's figure is Q1's and Q2's added up, against 7.3.
      const stored = (await s.assessments.list(system, p.id)).filter(
        (r) => r.code === 'NI 16' && r.placeGss === 'E10000018',
      )
      const row = (period: string) => stored.find((r) => r.row.period === period)!.row
      const ni16 = (await s.indicators.findByCode(system, p.id, 'NI 16'))!
      const entered = async (period: string) => {
        const key = { indicatorId: ni16.id, placeId: stored[0]!.row.placeId, period }
        const id = await s.values.findByKey(system, p.id, key)
        return (await s.values.get(system, p.id, id)).value.value!
      }
      const q1 = await entered('2008/09 Q1')
      const q2 = await entered('2008/09 Q2')
      expect(row('2008/09 Q1')).toMatchObject({ value: q1, targetValue: 3.7 })
      expect(row('2008/09 Q2').value).toBeCloseTo(q1 + q2, 9)
      expect(row('2008/09 Q2').targetValue).toBe(7.3)
      // 2009/10 is not profiled: 13.9 × 2/4.
      expect(row('2009/10 Q2').targetValue).toBe(6.95)
      expect(['green', 'amber', 'red']).toContain(row('2008/09 Q2').status)
      // A count of people at a moment (NI 40) stands on its own.
      const ni40 = (await s.indicators.findByCode(system, p.id, 'NI 40'))!
      expect(ni40.accumulation).toBe('snapshot')

      // Loading again changes nothing.
      const before = (await s.rounds.completeness(system, p.id, rounds[1]!.id)).totals
      await loadDemo(s, { password: 'demo-password-1' })
      expect((await s.rounds.completeness(system, p.id, rounds[1]!.id)).totals).toEqual(before)
      expect((await s.rounds.list(system, p.id)).length).toBe(10)
    },
  )
})

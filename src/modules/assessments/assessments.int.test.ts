import { eq } from 'drizzle-orm'
import { beforeEach, expect, it } from 'vitest'
import { describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { partnerships } from '../../db/schema/index.ts'
import type { Services } from '../../services.ts'
import { indicatorInput } from '../indicators/indicators.schema.ts'
import { seedStrategy } from '../targets/targets.fixtures.ts'
import { targetCreate, targetRevision } from '../targets/targets.schema.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'

const tick = () => new Promise((r) => setTimeout(r, 5))

describeIntegration('stored assessments', (t) => {
  let w: ValuesWorld
  let s: Services
  let rewardId: string
  const save = async (
    indicatorId: string,
    placeId: string,
    period: string,
    figures: { value?: number; numerator?: number; denominator?: number },
    submit = true,
  ) => {
    const key = { indicatorId, placeId, period }
    const current = await currentVersion(key)
    return s.values.save(system, w.partnershipId, key, {
      value: figures.value ?? null,
      numerator: figures.numerator ?? null,
      denominator: figures.denominator ?? null,
      commentary: null,
      version: current,
      submit,
    })
  }
  const currentVersion = async (key: { indicatorId: string; placeId: string; period: string }) => {
    const { findValueByKey } = await import('../values/values.queries.ts')
    return (await findValueByKey(t().database.db, w.partnershipId, key))?.version ?? 0
  }
  const rows = async (opts: { at?: Date; code?: string; place?: string } = {}) =>
    (await s.assessments.list(system, w.partnershipId, { at: opts.at }))
      .filter((r) => (!opts.code || r.code === opts.code) && (!opts.place || r.row.placeId === opts.place))
      .map((r) => r.row)
  const at = (list: Awaited<ReturnType<typeof rows>>, period: string, placeId = w.area.id) =>
    list.find((r) => r.period === period && r.placeId === placeId)

  // Each test has its own partnership: L 01, L 02 (rated quarter by quarter) and the reward L 03.
  beforeEach(async () => {
    s = t().services
    w = await seedValuesWorld(s, unique('assess'))
    // The system enters and approves the values here; the second-person rule has its own tests.
    await t()
      .database.db.update(partnerships)
      .set({ allowSelfApproval: true })
      .where(eq(partnerships.id, w.partnershipId))
    // L 02's quarters are each rated on their own against the annual figure here (the
    // cumulative rules have their own tests in assessments.cumulative.int.test.ts).
    const waste = await s.indicators.get(system, w.partnershipId, w.waste.id)
    await s.indicators.update(system, w.partnershipId, w.waste.id, {
      ...indicatorInput.parse({ ...waste, accumulation: 'snapshot' }),
    })
    await s.assessments.reassess(system, w.partnershipId)
    const ind = await s.indicators.create(system, w.partnershipId, {
      code: 'L 03',
      title: 'Re-offending',
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit: 'percent',
      ratePer: null,
      polarity: 'lower',
      frequency: 'annual',
      combine: 'none',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: null,
    })
    const agreements = await s.agreements.list(system, w.partnershipId)
    const created = await s.targets.create(
      system,
      w.partnershipId,
      agreements[0]!.id,
      targetCreate.parse({
        indicatorCode: ind.code,
        kind: 'reward',
        status: 'agreed',
        withoutRewardValue: 20,
        stretchValue: 15,
        rewardGrant: 100000,
        baselinePeriod: '2007/08',
        baselineValue: 21.6,
        trajectory: [
          { period: '2008/09', value: 18 },
          { period: '2009/10', value: 0 },
        ],
      }),
    )
    rewardId = created.target.id
  })

  it('stores a no-data row for every period and place as soon as a target exists', async () => {
    const waste = await rows({ code: 'L 02' })
    expect(waste.filter((r) => r.placeId === w.area.id)).toHaveLength(12)
    expect(at(waste, '2008/09 Q1')).toMatchObject({ status: 'no-data', targetValue: 1000, value: null })
    expect(at(waste, '2009/10 Q1')).toMatchObject({ status: 'no-target' })
  })

  it('takes every status path through real values (lower is better, tolerance 5%)', async () => {
    // Entered out of order in time: Q4 and Q2 before Q1 and Q3.
    await save(w.waste.id, w.area.id, '2008/09 Q4', { value: 1200 })
    await save(w.waste.id, w.area.id, '2008/09 Q2', { value: 1030 })
    await save(w.waste.id, w.area.id, '2008/09 Q1', { value: 950 })
    await save(w.waste.id, w.area.id, '2008/09 Q3', { value: 1100 })
    const list = await rows({ code: 'L 02' })
    expect(at(list, '2008/09 Q1')).toMatchObject({ status: 'green', direction: 'n/a', needsPlan: false })
    expect(at(list, '2008/09 Q2')).toMatchObject({
      status: 'amber',
      direction: 'worsening',
      needsPlan: false,
    })
    expect(at(list, '2008/09 Q3')).toMatchObject({ status: 'red', needsPlan: false, provisional: true })
    expect(at(list, '2008/09 Q4')).toMatchObject({ status: 'red', needsPlan: true, direction: 'worsening' })
    // Least squares through 950, 1030, 1100, 1200 at Q4 is 1193 (slope 82).
    expect(at(list, '2008/09 Q4')!.forecastValue).toBeCloseTo(1193, 6)
    expect(at(list, '2008/09 Q4')!.forecastStatus).toBe('red')
    expect(at(list, '2008/09 Q1')!.forecastValue).toBeNull()
  })

  it('ignores drafts, and counts a value once submitted (provisional) and approved', async () => {
    await save(w.waste.id, w.area.id, '2009/10 Q1', { value: 900 }, false)
    expect(at(await rows({ code: 'L 02' }), '2009/10 Q1')).toMatchObject({ value: null, status: 'no-target' })
    const { value } = await save(w.waste.id, w.area.id, '2009/10 Q1', { value: 900 }, true)
    expect(at(await rows({ code: 'L 02' }), '2009/10 Q1')).toMatchObject({ value: 900, provisional: true })
    await s.values.approve(system, w.partnershipId, value.id)
    expect(at(await rows({ code: 'L 02' }), '2009/10 Q1')).toMatchObject({ value: 900, provisional: false })
  })

  it('derives the area from every child place by summing numerators and denominators, never averaging', async () => {
    await save(w.crime.id, w.districts[0]!.id, '2008/09 Q1', { numerator: 30, denominator: 50 })
    await save(w.crime.id, w.districts[1]!.id, '2008/09 Q1', { numerator: 10, denominator: 50 })
    // One child place without a value: nothing is derived.
    let list = await rows({ code: 'L 01' })
    expect(at(list, '2008/09 Q1')).toMatchObject({ value: null, status: 'no-data', valueSource: null })
    expect(at(list, '2008/09 Q1', w.districts[0]!.id)).toMatchObject({
      value: 60,
      status: 'green',
      targetValue: 58,
    })
    expect(at(list, '2008/09 Q1', w.districts[1]!.id)).toMatchObject({ value: 20, status: 'red' })
    expect(at(list, '2008/09 Q1', w.elsewhere.id)).toMatchObject({ status: 'no-target', value: null })
    await save(w.crime.id, w.elsewhere.id, '2008/09 Q1', { numerator: 20, denominator: 100 })
    list = await rows({ code: 'L 01' })
    // 60 / 200 = 30%, not the mean of 60, 20 and 20.
    expect(at(list, '2008/09 Q1')).toMatchObject({ value: 30, valueSource: 'derived', status: 'red' })
  })

  it('computes the reward share and grant, and rates a zero target with zero tolerance', async () => {
    const ind = (await s.indicators.list(system, w.partnershipId)).find((i) => i.code === 'L 03')!
    await save(ind.id, w.area.id, '2008/09', { value: 16.5 })
    await save(ind.id, w.area.id, '2009/10', { value: 0.1 })
    const list = (await rows({ code: 'L 03' })).filter(
      (r) => r.placeId === w.area.id && r.targetId === rewardId,
    )
    // (16.5 − 20) / (15 − 20) = 0.7 → 70% of £100,000.
    expect(at(list, '2008/09')).toMatchObject({ status: 'green', directionBaseline: 'improving' })
    expect(at(list, '2008/09')!.rewardShare).toBeCloseTo(0.7, 9)
    expect(at(list, '2008/09')!.rewardPayable).toBeCloseTo(70000, 6)
    // Target 0, lower is better: 0.1 is worse by more than 5% of 0.
    expect(at(list, '2009/10')).toMatchObject({ status: 'red', targetValue: 0, rewardPayable: 100000 })
  })

  it('reads as at a date: later changes to a value and a target leave it unchanged', async () => {
    await save(w.waste.id, w.area.id, '2008/09 Q4', { value: 1200 })
    await save(w.waste.id, w.area.id, '2008/09 Q2', { value: 1030 })
    await save(w.waste.id, w.area.id, '2008/09 Q1', { value: 950 })
    await save(w.waste.id, w.area.id, '2008/09 Q3', { value: 1100 })
    const before = await rows({ code: 'L 02' })
    await tick()
    const reportDate = new Date()
    await tick()
    const { value } = await save(w.waste.id, w.area.id, '2008/09 Q2', { value: 990 })
    const v = (
      await s.targets.list(system, w.partnershipId, (await s.agreements.list(system, w.partnershipId))[0]!.id)
    ).find((x) => x.indicator.code === 'L 02')!
    await s.targets.revise(
      system,
      w.partnershipId,
      v.target.id,
      targetRevision.parse({
        kind: 'designated',
        // An agreed target stays complete: the revision gives the baseline and outcome it lacked.
        baselinePeriod: '2007/08',
        baselineValue: 1000,
        outcomeRefs: (await seedStrategy(s, w.partnershipId, [1]))[0],
        tolerancePercent: 15,
        reason: 'Refresh',
        agreedBy: 'GO',
        agreedOn: '2009-03-31',
      }),
    )
    const then = await rows({ code: 'L 02', at: reportDate })
    const now = await rows({ code: 'L 02' })
    const strip = (l: typeof before) => l.map(({ validTo: _v, ...r }) => r)
    expect(strip(then)).toEqual(strip(before))
    expect(at(then, '2008/09 Q2')).toMatchObject({ value: 1030, status: 'amber' })
    expect(at(now, '2008/09 Q2')).toMatchObject({ value: 990, status: 'green' })
    // Tolerance 15%: 1100 is now amber.
    expect(at(now, '2008/09 Q3')).toMatchObject({ status: 'amber' })
    expect(at(now, '2008/09 Q4')!.needsPlan).toBe(false)
    // The stored history is a faithful cache: recomputing as at the date gives the same rows.
    const recomputed = await s.assessments.recompute(system, w.partnershipId, v.target.id, reportDate)
    for (const r of recomputed) {
      const stored = at(then, r.period, r.placeId)!
      expect(stored.status, r.period).toBe(r.status)
      expect(stored.value, r.period).toBe(r.value)
    }
    expect(value.value).toBe(990)
  })

  it('rebuilds every row on reassess without changing what is already right', async () => {
    const result = await s.assessments.reassess(system, w.partnershipId)
    expect(result.changed).toBe(0)
    expect(result.targets).toBe(3)
  })

  it('refuses an as-at date before the partnership existed or in the future', async () => {
    await expect(s.assessments.asAt(w.partnershipId, '2001-01-01')).rejects.toThrow(/problem/)
    await expect(s.assessments.asAt(w.partnershipId, '2001-01-01')).rejects.toMatchObject({
      fields: { 'as-at': expect.stringMatching(/before the partnership was set up/) },
    })
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`
    await expect(s.assessments.asAt(w.partnershipId, nextYear)).rejects.toMatchObject({
      fields: { 'as-at': expect.stringMatching(/in the future/) },
    })
    await expect(s.assessments.asAt(w.partnershipId, 'yesterday')).rejects.toMatchObject({
      fields: { 'as-at': expect.stringMatching(/not a date/) },
    })
    expect(await s.assessments.asAt(w.partnershipId, '')).toBeUndefined()
  })
})

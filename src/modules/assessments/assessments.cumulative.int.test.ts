import { beforeEach, expect, it } from 'vitest'
import { describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import type { Services } from '../../services.ts'
import { indicatorInput } from '../indicators/indicators.schema.ts'
import { targetCreate } from '../targets/targets.schema.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'
import { assessTargetsNow } from './assessments.batch.ts'

/**
 * Cumulative indicators (assessment.md, "Snapshot or cumulative"): a period is rated on its year
 * to date, against the year's target × the share of the year elapsed, compared with the same
 * point of the year before, and forecast at its run rate. Stored rows carry the year-to-date
 * figures, and the batched and one-target recomputes agree.
 */
describeIntegration('cumulative indicators', (t) => {
  let w: ValuesWorld
  let s: Services
  const targetOf: Record<string, string> = {}
  const ind: Record<string, string> = {}

  const save = async (indicatorId: string, period: string, value: number) => {
    const key = { indicatorId, placeId: w.area.id, period }
    // The version the saver read: 0 for a value not there yet.
    const id = await s.values.findByKey(system, w.partnershipId, key).catch(() => undefined)
    const version = id ? (await s.values.get(system, w.partnershipId, id)).value.version : 0
    return s.values.save(system, w.partnershipId, key, {
      value,
      numerator: null,
      denominator: null,
      commentary: null,
      version,
      submit: true,
    })
  }
  const rows = async (code: string) =>
    (await s.assessments.list(system, w.partnershipId))
      .filter((r) => r.code === code && r.row.placeId === w.area.id)
      .map((r) => r.row)
  const at = (list: Awaited<ReturnType<typeof rows>>, period: string) => list.find((r) => r.period === period)

  const create = async (
    code: string,
    unit: 'count' | 'rate',
    frequency: 'monthly' | 'quarterly',
    annual: number,
    baselineValue: number,
  ) => {
    const agreement = (await s.agreements.list(system, w.partnershipId))[0]!
    const created = await s.indicators.create(system, w.partnershipId, {
      code,
      title: `Indicator ${code}`,
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit,
      ratePer: unit === 'rate' ? 1000 : null,
      polarity: 'lower',
      frequency,
      combine: 'none',
      // Not stated: counts and rates are cumulative by default.
      accumulation: null,
      decimals: null,
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: null,
    })
    ind[code] = created.id
    const target = await s.targets.create(
      system,
      w.partnershipId,
      agreement.id,
      targetCreate.parse({
        indicatorCode: code,
        kind: 'designated',
        status: 'agreed',
        baselinePeriod: '2007/08',
        baselineValue,
        trajectory: [{ period: '2008/09', value: annual }],
      }),
    )
    targetOf[code] = target.target.id
  }

  // Each test has its own partnership, with the cumulative L 20 (monthly) and L 21 (quarterly).
  beforeEach(async () => {
    s = t().services
    w = await seedValuesWorld(s, unique('cumul'))
    await create('L 20', 'count', 'monthly', 1300, 1250)
    await create('L 21', 'rate', 'quarterly', 13.4, 13)
  })

  it('rates a monthly count of 95 against an annual 1,300 on its year to date', async () => {
    await save(ind['L 20']!, '2008-04', 95)
    let list = await rows('L 20')
    // 1,300 × 1/12 = 108.33…: 95 is better (lower is better).
    expect(at(list, '2008-04')).toMatchObject({ value: 95, status: 'green' })
    expect(at(list, '2008-04')!.targetValue).toBeCloseTo(108.333333333333, 9)
    // Run on at its rate: 95 × 12 = 1,140, under the 1,300.
    expect(at(list, '2008-04')).toMatchObject({ forecastValue: 1140, forecastStatus: 'green' })
    expect(at(list, '2008-04')!.directionBaseline).toBe('improving')

    await save(ind['L 20']!, '2008-05', 130)
    await save(ind['L 20']!, '2008-07', 100)
    list = await rows('L 20')
    // 95 + 130 = 225 against 1,300 × 2/12 = 216.67: worse by 8.33, within 5% (10.83).
    expect(at(list, '2008-05')).toMatchObject({ value: 225, status: 'amber', forecastValue: 1350 })
    // June is missing, so July's year to date cannot be known.
    expect(at(list, '2008-07')).toMatchObject({ value: null, status: 'no-data', valueSource: null })
    await save(ind['L 20']!, '2008-06', 90)
    list = await rows('L 20')
    // July is the year's fourth month: 1,300 × 4/12 = 433.33.
    expect(at(list, '2008-07')).toMatchObject({ value: 415, valueSource: 'entered', status: 'green' })
    expect(at(list, '2008-07')!.targetValue).toBeCloseTo(433.333333333333, 9)
  })

  it('rates a quarterly rate per 1,000 of 3.4 against an annual 13.4, and compares the same point last year', async () => {
    await save(ind['L 21']!, '2008/09 Q1', 3.4)
    await save(ind['L 21']!, '2007/08 Q1', 3.6)
    const list = await rows('L 21')
    // 13.4 × 1/4 = 3.35; 3.4 is worse by 0.05, within 5% of 3.35.
    expect(at(list, '2008/09 Q1')).toMatchObject({ value: 3.4, targetValue: 3.35, status: 'amber' })
    // 3.4 × 4 = 13.6: over the 13.4 by less than 5%, and worse than the 13.0 baseline.
    expect(at(list, '2008/09 Q1')).toMatchObject({
      forecastValue: 13.6,
      forecastStatus: 'amber',
      directionBaseline: 'worsening',
    })
    // Against 2007/08 Q1's 3.6: lower is better.
    expect(at(list, '2008/09 Q1')!.direction).toBe('improving')
    await save(ind['L 21']!, '2008/09 Q2', 3.3)
    const q2 = at(await rows('L 21'), '2008/09 Q2')!
    // 3.4 + 3.3 = 6.7 (not 6.699999999999999) against 13.4 × 2/4 = 6.7: on target.
    expect(q2).toMatchObject({ value: 6.7, targetValue: 6.7, status: 'green', forecastValue: 13.4 })
    // 2007/08 had only Q1: its year to date at Q2 is unknown.
    expect(q2.direction).toBe('n/a')
  })

  it('the batched and one-target recomputes agree, as now and as at a date', async () => {
    for (const [month, value] of [
      ['2008-04', 95],
      ['2008-05', 130],
      ['2008-07', 100],
      ['2008-06', 90],
    ] as const)
      await save(ind['L 20']!, month, value)
    const before = new Date()
    await new Promise((r) => setTimeout(r, 5))
    await save(ind['L 20']!, '2008-08', 400)
    for (const code of ['L 20', 'L 21']) {
      const [batched] = await assessTargetsNow(t().database.db, [targetOf[code]!])
      const single = await s.assessments.recompute(system, w.partnershipId, targetOf[code]!)
      const key = (r: { placeId: string; period: string }) => `${r.placeId}|${r.period}`
      const sorted = <T extends { placeId: string; period: string }>(l: T[]) =>
        [...l].sort((a, b) => key(a).localeCompare(key(b)))
      expect(sorted(batched!.rows)).toEqual(sorted(single))
    }
    const then = await s.assessments.recompute(system, w.partnershipId, targetOf['L 20']!, before)
    expect(then.find((r) => r.period === '2008-08' && r.placeId === w.area.id)).toMatchObject({
      value: null,
      status: 'no-data',
    })
    const now = at(await rows('L 20'), '2008-08')!
    expect(now).toMatchObject({ value: 815, status: 'red' })
    expect((await s.assessments.reassess(system, w.partnershipId)).changed).toBe(0)
  })

  it('recomputes stored rows when an indicator is switched between cumulative and snapshot', async () => {
    await create('L 22', 'count', 'quarterly', 100, 100)
    await save(ind['L 22']!, '2008/09 Q1', 20)
    await save(ind['L 22']!, '2008/09 Q2', 30)
    expect(at(await rows('L 22'), '2008/09 Q2')).toMatchObject({ value: 50, targetValue: 50 })
    const indicator = await s.indicators.get(system, w.partnershipId, ind['L 22']!)
    await s.indicators.update(
      system,
      w.partnershipId,
      indicator.id,
      indicatorInput.parse({ ...indicator, accumulation: 'snapshot' }),
    )
    // Snapshot: Q2 stands on its own, against the year's 100.
    expect(at(await rows('L 22'), '2008/09 Q2')).toMatchObject({ value: 30, targetValue: 100 })
  })
})

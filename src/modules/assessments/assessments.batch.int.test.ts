import { eq } from 'drizzle-orm'
import { beforeEach, expect, it } from 'vitest'
import { describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { partnerships } from '../../db/schema/index.ts'
import type { Services } from '../../services.ts'
import { targetCreate } from '../targets/targets.schema.ts'
import { seedValuesWorld, type ValuesWorld } from '../values/values.fixtures.ts'
import { assessTargetsNow, storeTargetsNow } from './assessments.batch.ts'
import type { ComputedRow } from './assessments.compute.ts'
import { targetIdsOfPartnership } from './assessments.queries.ts'
import { assessTarget, computeTarget } from './assessments.refresh.ts'

let next = 30_000_000 + Math.floor(Math.random() * 9_000_000)
const gss = () => `E${String(next++).padStart(8, '0')}`
const byKey = (rows: ComputedRow[]) =>
  [...rows].sort((a, b) => `${a.placeId}|${a.period}`.localeCompare(`${b.placeId}|${b.period}`))

/**
 * The batched recompute (many targets in a handful of queries, current values from
 * `data_values`) against the one-target path (several queries per target, values from their
 * history): same rows, and nothing to change after either has stored them.
 */
describeIntegration('batched reassessment', (t) => {
  let w: ValuesWorld
  let s: Services
  let ids: string[]
  /** Every partnership this file's tests have built (the database is the file's own). */
  const built: string[] = []
  const save = async (
    indicatorId: string,
    placeId: string,
    period: string,
    figures: { value?: number; numerator?: number; denominator?: number },
    submit = true,
  ) => {
    const key = { indicatorId, placeId, period }
    // The version the saver read: 0 for a value not there yet.
    const id = await s.values.findByKey(system, w.partnershipId, key).catch(() => undefined)
    const version = id ? (await s.values.get(system, w.partnershipId, id)).value.version : 0
    return s.values.save(system, w.partnershipId, key, {
      value: figures.value ?? null,
      numerator: figures.numerator ?? null,
      denominator: figures.denominator ?? null,
      commentary: null,
      version,
      submit,
    })
  }
  const indicator = (code: string, unit: 'count' | 'score', frequency: 'quarterly' | 'annual') =>
    s.indicators.create(system, w.partnershipId, {
      code,
      title: `Indicator ${code}`,
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit,
      ratePer: null,
      polarity: unit === 'score' ? 'neither' : 'higher',
      frequency,
      combine: unit === 'score' ? 'none' : 'sum',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: null,
    })

  // Each test has its own partnership, with a place archived since its rows were stored.
  beforeEach(async () => {
    s = t().services
    w = await seedValuesWorld(s, unique('batch'))
    const pid = w.partnershipId
    built.push(pid)
    // The system enters and approves the values here; the second-person rule has its own tests.
    await t()
      .database.db.update(partnerships)
      .set({ allowSelfApproval: true })
      .where(eq(partnerships.id, pid))
    const [north, south] = w.districts
    // A neighbourhood below a district (a two-level roll-up), and a district later archived.
    const hood = await s.places.create(system, pid, {
      gssCode: gss(),
      name: 'Hood',
      type: 'neighbourhood',
      parentId: north!.id,
      priority: false,
    })
    const closed = await s.places.create(system, pid, {
      gssCode: gss(),
      name: 'Closed',
      type: 'district',
      parentId: w.area.id,
      priority: false,
    })
    const agreement = (await s.agreements.list(system, pid))[0]!
    const reward = await indicator('L 03', 'count', 'annual')
    const local = await indicator('L 04', 'count', 'quarterly')
    const score = await indicator('L 05', 'score', 'quarterly')
    const create = (input: Record<string, unknown>) =>
      s.targets.create(system, pid, agreement.id, targetCreate.parse({ status: 'agreed', ...input }))
    await create({
      indicatorCode: 'L 03',
      kind: 'reward',
      withoutRewardValue: 20,
      stretchValue: 30,
      rewardGrant: 50000,
      baselinePeriod: '2007/08',
      baselineValue: 18,
      trajectory: [{ period: '2008/09', value: 25 }],
    })
    // A district's own target: its subtree is the district and the neighbourhood.
    await create({
      indicatorCode: 'L 04',
      kind: 'local',
      placeGss: north!.gss,
      tolerancePercent: 10,
      trajectory: [
        { period: '2008/09', value: 100 },
        { period: '2008/09 Q2', value: 90 },
      ],
    })
    const archived = await create({ indicatorCode: 'L 05', kind: 'local', trajectory: [] })

    await save(w.crime.id, north!.id, '2008/09 Q1', { numerator: 30, denominator: 50 })
    await save(w.crime.id, south!.id, '2008/09 Q1', { numerator: 10, denominator: 40 })
    await save(w.crime.id, w.elsewhere.id, '2008/09 Q1', { numerator: 7, denominator: 30 })
    await save(w.crime.id, closed.id, '2008/09 Q1', { numerator: 1, denominator: 3 })
    await save(w.crime.id, north!.id, '2008/09 Q2', { numerator: 31, denominator: 50 }, false)
    await save(w.waste.id, w.area.id, '2008/09 Q1', { value: 950 })
    await save(w.waste.id, north!.id, '2008/09 Q1', { value: 400 })
    await save(w.waste.id, w.area.id, '2008/09 Q2', { value: 1031 })
    const approved = await save(w.waste.id, w.area.id, '2008/09 Q3', { value: 1100 })
    await s.values.approve(system, pid, approved.value.id)
    const returned = await save(w.waste.id, w.area.id, '2008/09 Q4', { value: 1300 })
    await s.values.returnValue(system, pid, returned.value.id, { reason: 'Check the figure' })
    await save(reward.id, w.area.id, '2008/09', { value: 27 })
    await save(reward.id, w.area.id, '2009/10', { value: 19 })
    for (const [period, v] of [
      ['2008/09 Q1', 60],
      ['2008/09 Q2', 70],
      ['2008/09 Q3', 96],
    ] as const) {
      await save(local.id, north!.id, period, { value: v })
      await save(local.id, hood.id, period, { value: v / 2 })
    }
    await save(score.id, w.area.id, '2008/09 Q1', { value: 3.25 })
    await s.places.archive(system, pid, closed.id)
    await s.targets.archive(system, pid, archived.target.id)
    ids = await targetIdsOfPartnership(t().database.db, pid)
  })

  it('computes every target, archived ones too, as the one-target path does', async () => {
    expect(ids).toHaveLength(5)
    const batch = await assessTargetsNow(t().database.db, ids)
    expect(batch.map((r) => r.targetId).sort()).toEqual([...ids].sort())
    for (const result of batch) {
      const one = await assessTarget(t().database.db, result.targetId)
      expect(byKey(result.rows), result.targetId).toEqual(byKey(one.rows))
    }
    // The archived target has no rows; every other one has a row per place and period.
    expect(batch.filter((r) => r.rows.length === 0)).toHaveLength(1)
    const derived = batch.flatMap((r) => r.rows).filter((r) => r.valueSource === 'derived')
    expect(derived.length).toBeGreaterThan(0)
  })

  it('stores what the one-target path stores: nothing left to change by either', async () => {
    // Archiving a place leaves its stored rows (and the roll-up it fed) until a reassess: the
    // first one closes the archived district's 27 rows (L 01 and L 02 quarterly, L 03 yearly)
    // and re-derives the area's L 01 for 2008/09 Q1 without it (closed and inserted anew).
    const first = await s.assessments.reassess(system, w.partnershipId)
    expect(first).toMatchObject({ targets: 5, changed: 1, closed: 28 })
    expect(await s.assessments.reassess(system, w.partnershipId)).toMatchObject({ changed: 0, closed: 0 })
    for (const id of ids) expect(await computeTarget(t().database.db, id)).toEqual({ changed: 0, closed: 0 })
    // Every stored row prints as its recomputed row: no target needs a row-by-row comparison.
    expect(await storeTargetsNow(t().database.db, ids)).toMatchObject({ changed: 0, closed: 0, compared: 0 })
  })

  it('keeps the stored rows current after one value changes, in its transaction', async () => {
    await s.assessments.reassess(system, w.partnershipId)
    await save(w.waste.id, w.districts[1]!.id, '2008/09 Q1', { value: 555 })
    await save(w.crime.id, w.districts[0]!.id, '2008/09 Q2', { numerator: 32, denominator: 50 })
    for (const id of ids) expect(await computeTarget(t().database.db, id)).toEqual({ changed: 0, closed: 0 })
    const rows = await s.assessments.list(system, w.partnershipId, { period: '2008/09 Q1' })
    const south = rows.find((r) => r.code === 'L 02' && r.row.placeId === w.districts[1]!.id)!
    expect(south.row).toMatchObject({ value: 555, valueSource: 'entered', provisional: true })
  })

  it('reassesses every partnership, changing nothing that is right', async () => {
    // Stored rows made right by each partnership's reassess, then kept current by a change.
    for (const pid of built) await s.assessments.reassess(system, pid)
    await save(w.waste.id, w.districts[1]!.id, '2008/09 Q1', { value: 555 })
    const result = await s.assessments.reassessAll(system)
    expect(result.partnerships).toBeGreaterThanOrEqual(1)
    expect(result).toMatchObject({ changed: 0, closed: 0 })
  })
})

import { and, asc, count, eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { auditEvents, dataValues, dataValueVersions } from '../../db/schema/index.ts'
import type { Actor } from '../auth/actor.ts'
import {
  csvFile,
  importFailure,
  roundFor,
  seedValuesWorld,
  valuesCsv,
  type ValuesWorld,
} from './values.bulk.fixtures.ts'
import { setImportStepHook } from './values.import.ts'

describeIntegration('bulk import of values', (t) => {
  let w: ValuesWorld
  // Each test imports into its own partnership.
  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('vimp'))
  })
  afterEach(() => setImportStepHook(undefined))

  const db = () => t().database.db
  const run = (actor: Actor, text: string, opts: { approve?: boolean } = {}) =>
    t().services.workbook.import(actor, w.partnershipId, csvFile('Values.csv', text), opts)
  const stored = () =>
    db()
      .select()
      .from(dataValues)
      .where(eq(dataValues.partnershipId, w.partnershipId))
      .orderBy(asc(dataValues.period), asc(dataValues.value))
  const versions = async () =>
    (
      await db()
        .select({ n: count() })
        .from(dataValueVersions)
        .innerJoin(dataValues, eq(dataValues.id, dataValueVersions.valueId))
        .where(eq(dataValues.partnershipId, w.partnershipId))
    )[0]!.n
  const imports = async () =>
    (
      await db()
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.partnershipId, w.partnershipId), eq(auditEvents.entityType, 'import')))
    )[0]!.n
  /** Stage tables left behind on any connection would show here. */
  const stages = async () => {
    const r = (await db().execute(
      sql`select count(*)::int as n from pg_class where relname like 'values_import_%'`,
    )) as { rows: { n: number }[] }
    return r.rows[0]!.n
  }

  it('writes nothing when any row is bad, naming every bad cell and both rows of a duplicate', async () => {
    const [d1] = w.districts
    const err = await importFailure(
      run(
        w.actors.admin,
        valuesCsv(
          `L P01,,2008/09 Q1,45,,,fine`,
          `L P01,${d1!.gss},2008/09 Q1,,70,60,`,
          `NI 999,E99999999,2008/09 Q5,12,,,`,
          `L C01,,2008/09,2.5,,,`,
          `L P01,,2008/09 q1,46,,,again`,
          `L M01,X1,2008/09,lots,,,`,
          `L P01,${d1!.gss},2008/09 Q2,,1,0,`,
        ),
      ),
    )
    expect(err.id).toBe('import_failed')
    expect(err.message).toBe('The file has 10 problems; nothing was imported')
    expect(err.details).toEqual([
      'Values!3 numerator: the numerator must not be more than the denominator for a percentage',
      'Values!4 indicator_code: no indicator with code NI 999 in this partnership',
      'Values!4 place_gss: no place with GSS code E99999999',
      'Values!4 period: 2008/09 Q5 is not a quarter: quarters are Q1 to Q4',
      'Values!5 period: this indicator is quarterly: the period must be a quarter, like 2008/09 Q2',
      'Values!5 value: a count must be a whole number, 0 or more',
      `Values!6: L P01 at ${w.area.gss} for 2008/09 Q1 is also on row 2: keep one of them`,
      'Values!7 place_gss: must be a GSS code: a letter (E, W, S, N or K) and 8 digits, like E10000018 (found "X1")',
      'Values!7 value: must be a number, like 1,234.5 or 45% (found "lots")',
      'Values!8 denominator: the denominator must be more than 0',
    ])
    expect(await stored()).toEqual([])
    expect(await imports()).toBe(0)
    expect(await stages()).toBe(0)
  })

  it('derives values from numerator and denominator, takes a blank place as the area, and records who', async () => {
    const [d1, d2] = w.districts
    const result = await run(
      w.actors.admin,
      valuesCsv(
        `L P01,${d1!.gss},2008/09 Q1,,1,3,`,
        `L P01,${d2!.gss},2008/09 Q1,25,1,4,"Survey, wave 1"`,
        `L R01,,2008-04,,5,2000,`,
        `L C01,,2008/09 Q1,"1,204",,,`,
      ),
    )
    expect(result).toEqual({ sheets: { Values: { created: 4, updated: 0, unchanged: 0 } }, warnings: [] })
    const rows = await stored()
    const byPlace = (placeId: string, period: string) =>
      rows.find((r) => r.placeId === placeId && r.period === period)!
    expect(byPlace(d1!.id, '2008/09 Q1')).toMatchObject({
      numerator: 1,
      denominator: 3,
      status: 'submitted',
      version: 1,
    })
    expect(byPlace(d1!.id, '2008/09 Q1').value).toBeCloseTo(33.3333333, 6)
    expect(byPlace(d2!.id, '2008/09 Q1')).toMatchObject({
      value: 25,
      commentary: 'Survey, wave 1',
      organisationId: w.police.id,
    })
    expect(byPlace(w.area.id, '2008-04')).toMatchObject({
      value: 2.5,
      periodType: 'month',
      organisationId: null,
    })
    expect(rows.find((r) => r.value === 1204)).toMatchObject({
      placeId: w.area.id,
      organisationId: w.council.id,
    })
    const history = await db()
      .select()
      .from(dataValueVersions)
      .where(eq(dataValueVersions.valueId, byPlace(d1!.id, '2008/09 Q1').id))
    expect(history).toMatchObject([
      {
        version: 1,
        action: 'imported',
        status: 'submitted',
        reason: 'Imported from Values.csv',
        recordedBy: w.actors.admin.label,
      },
    ])
    expect(await imports()).toBe(1)
  })

  it('adds no version for rows that change nothing, and a version for each that does', async () => {
    const [d1, d2] = w.districts
    await run(
      w.actors.admin,
      valuesCsv(
        `L P01,${d1!.gss},2008/09 Q1,,1,3,`,
        `L P01,${d2!.gss},2008/09 Q1,25,1,4,"Survey, wave 1"`,
        `L R01,,2008-04,,5,2000,`,
        `L C01,,2008/09 Q1,"1,204",,,`,
      ),
    )
    const before = await versions()
    const same = await run(
      w.actors.admin,
      valuesCsv(
        `L P01,${d1!.gss},2008/09 Q1,33.33,1,3,`,
        `L P01,${d2!.gss},2008/09 Q1,,1,4,"Survey, wave 1"`,
      ),
    )
    expect(same.sheets.Values).toEqual({ created: 0, updated: 0, unchanged: 2 })
    expect(await versions()).toBe(before)

    const changed = await run(
      w.actors.admin,
      valuesCsv(
        `L P01,${d1!.gss},2008/09 Q1,,1,3,now with commentary`,
        `L P01,${d2!.gss},2008/09 Q1,,1,4,"Survey, wave 1"`,
        `L P01,${d2!.gss},2008/09 Q2,50,,,`,
      ),
    )
    expect(changed.sheets.Values).toEqual({ created: 1, updated: 1, unchanged: 1 })
    expect(await versions()).toBe(before + 2)
    const row = (await stored()).find((r) => r.placeId === d1!.id && r.period === '2008/09 Q1')!
    expect(row).toMatchObject({
      version: 2,
      commentary: 'now with commentary',
      updatedByUserId: w.actors.admin.userId,
    })
    const history = await db()
      .select()
      .from(dataValueVersions)
      .where(eq(dataValueVersions.valueId, row.id))
      .orderBy(asc(dataValueVersions.version))
    expect(history.map((h) => [h.version, h.commentary])).toEqual([
      [1, null],
      [2, 'now with commentary'],
    ])
  })

  it('approves on request, then refuses to change an approved value (an unchanged row is fine)', async () => {
    const [d1] = w.districts
    const approved = await run(w.actors.officer, valuesCsv(`L P01,${d1!.gss},2008/09 Q3,40,,,`), {
      approve: true,
    })
    expect(approved.sheets.Values!.created).toBe(1)
    const row = (await stored()).find((r) => r.period === '2008/09 Q3')!
    expect(row.status).toBe('approved')

    const err = await importFailure(
      run(
        w.actors.admin,
        valuesCsv(`L P01,${d1!.gss},2008/09 Q4,41,,,`, `L P01,${d1!.gss},2008/09 Q3,41,,,`),
      ),
    )
    expect(err.details).toEqual(['Values!3 value: approved: ask an officer to reopen it'])
    const same = await run(w.actors.admin, valuesCsv(`L P01,${d1!.gss},2008/09 Q3,40,,,`))
    expect(same.sheets.Values).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect((await stored()).find((r) => r.period === '2008/09 Q3')).toMatchObject({
      status: 'approved',
      version: 1,
    })
    // Approving is for managers only.
    expect(
      (
        await importFailure(
          run(w.actors.policeProvider, valuesCsv(`L P01,,2008/09 Q4,41,,,`), { approve: true }),
        )
      ).status,
    ).toBe(403)
  })

  it('lets a data provider import only its organisation’s values, where a target asks, in an open round', async () => {
    const [, d2] = w.districts
    const { services } = t()
    await roundFor(services, w.partnershipId, '2009/10 Q1', 'open')
    await roundFor(services, w.partnershipId, '2009/10', 'open')
    const closed = await roundFor(services, w.partnershipId, '2009/10 Q2', 'closed')
    const err = await importFailure(
      run(
        w.actors.policeProvider,
        valuesCsv(`L P01,,2009/10 Q1,50,,,`, `L C01,,2009/10 Q1,7,,,`, `L M01,,2009/10,100,,,`),
      ),
    )
    expect(err.details).toEqual([
      'Values!3 indicator_code: not your organisation’s indicator: L C01 is reported by County Council',
      'Values!4 indicator_code: not your organisation’s indicator: L M01 is reported by County Council',
      'Values!4 place_gss: no target asks for L M01 at the partnership’s area in 2009/10: only an administrator can import it',
    ])
    expect(
      (await run(w.actors.policeProvider, valuesCsv(`L P01,,2009/10 Q1,50,,,`))).sheets.Values!.created,
    ).toBe(1)
    const late = await importFailure(run(w.actors.policeProvider, valuesCsv(`L P01,,2009/10 Q2,50,,,`)))
    expect(late.details).toEqual([
      `Values!2 period: the 2009/10 Q2 round closed on ${closed.dueOn}: late entry needs an exception from your performance officer`,
    ])
    // No target for a district value: an officer may not import it either; an administrator may.
    const offTarget = valuesCsv(`L P01,${d2!.gss},2009/10 Q1,50,,,`)
    for (const actor of [w.actors.policeProvider, w.actors.officer])
      expect((await importFailure(run(actor, offTarget))).details).toEqual([
        `Values!2 place_gss: no target asks for L P01 at ${d2!.gss} in 2009/10 Q1: only an administrator can import it`,
      ])
    expect((await run(w.actors.admin, offTarget)).sheets.Values!.created).toBe(1)
    // A provider may not send other sheets.
    const places = await importFailure(
      t().services.workbook.import(w.actors.policeProvider, w.partnershipId, {
        kind: 'json',
        sheets: { Organisations: [{ name: 'X', type: 'vcs' }] },
      }),
    )
    expect(places.details).toEqual([
      'Organisations: you cannot import this sheet: ask an administrator or performance officer',
    ])
  })

  it('leaves nothing written when the import dies half-way, while staging or after writing values', async () => {
    const places = ['', ...w.districts.map((d) => d.gss)]
    const month = (i: number) => `${1950 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
    const rows = Array.from(
      { length: 9_000 },
      (_, i) => `L R01,${places[i % 3]},${month(Math.floor(i / 3))},${i % 100},,,`,
    )
    const before = { values: (await stored()).length, versions: await versions(), imports: await imports() }
    let batches = 0
    setImportStepHook((step) => {
      if (step === 'staged-batch' && ++batches === 2) throw new Error('killed while staging')
    })
    await expect(run(w.actors.admin, valuesCsv(...rows))).rejects.toThrow('killed while staging')
    setImportStepHook((step) => {
      if (step === 'inserted') throw new Error('killed after writing')
    })
    await expect(run(w.actors.admin, valuesCsv(...rows))).rejects.toThrow('killed after writing')
    expect({ values: (await stored()).length, versions: await versions(), imports: await imports() }).toEqual(
      before,
    )
    expect(await stages()).toBe(0)
    setImportStepHook(undefined)
    const done = (await run(w.actors.admin, valuesCsv(...rows))).sheets.Values!
    expect(done.created + done.updated + done.unchanged).toBe(9_000)
    expect((await stored()).length).toBe(before.values + done.created)
  })

  it('takes values of indicators and targets defined earlier in the same workbook, checking them after those', async () => {
    const { services: s } = t()
    const indicators = [
      {
        code: 'L N01',
        title: 'New one',
        set: 'local',
        unit: 'percent',
        polarity: 'higher',
        frequency: 'quarterly',
      },
    ]
    const result = await s.workbook.import(w.actors.officer, w.partnershipId, {
      kind: 'json',
      sheets: {
        Indicators: indicators,
        Targets: [{ indicator_code: 'L N01', kind: 'local', status: 'agreed' }],
        Values: [
          { indicator_code: 'L N01', period: '2010/11 Q1', numerator: 3, denominator: 4 },
          { indicator_code: 'L P01', place_gss: w.districts[0]!.gss, period: '2010/11 Q1', value: 20 },
        ],
      },
    })
    expect(result.sheets.Values).toEqual({ created: 2, updated: 0, unchanged: 0 })
    expect((await stored()).find((r) => r.period === '2010/11 Q1' && r.value === 75)).toMatchObject({
      placeId: w.area.id,
    })
    // Checked after the sheets before it, its problems are listed with theirs, and nothing is written.
    const err = await importFailure(
      s.workbook.import(w.actors.officer, w.partnershipId, {
        kind: 'json',
        sheets: {
          Indicators: [{ ...indicators[0], code: 'L N02' }],
          Values: [
            { indicator_code: 'L N02', period: '2010/11 Q1', value: 101 },
            { indicator_code: 'L N02', period: '2010/11 Q2', value: 1 },
            { indicator_code: 'L N09', period: '2010/11 Q1', value: 1 },
          ],
        },
      }),
    )
    const noTarget = (q: string) =>
      `no target asks for L N02 at the partnership’s area in 2010/11 ${q}: only an administrator can import it`
    expect(err.details).toEqual([
      'Values!2 value: a percentage must be between 0 and 100',
      `Values!2 place_gss: ${noTarget('Q1')}`,
      `Values!3 place_gss: ${noTarget('Q2')}`,
      'Values!4 indicator_code: no indicator with code L N09 in this partnership',
    ])
    expect(await s.indicators.findByCode(system, w.partnershipId, 'L N02')).toBeUndefined()
    expect(await stages()).toBe(0)
  })
})

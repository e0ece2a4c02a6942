/**
 * A Values file exported and imported again changes nothing: derived values go out to six
 * places and read back as the value their numerator and denominator give; a value beside them
 * that matches at the precision shown is the same value; an unchanged row leaves a draft or a
 * returned value as it is.
 */
import { and, asc, count, eq } from 'drizzle-orm'
import { buffer } from 'node:stream/consumers'
import { beforeEach, expect, it } from 'vitest'
import { describeIntegration, unique } from '../../../test/helpers/app.ts'
import { dataValues, dataValueVersions } from '../../db/schema/index.ts'
import type { Actor } from '../auth/actor.ts'
import {
  csvFile,
  importFailure,
  seedValuesWorld,
  valuesCsv,
  type ValuesWorld,
} from './values.bulk.fixtures.ts'

describeIntegration('values exported and imported again', (t) => {
  let w: ValuesWorld
  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('vsame'))
  })

  const db = () => t().database.db
  const run = (actor: Actor, text: string, opts: { approve?: boolean } = {}) =>
    t().services.workbook.import(actor, w.partnershipId, csvFile('Values.csv', text), opts)
  const exported = async (indicator: string) =>
    (
      await buffer(
        (await t().services.workbook.export(w.actors.admin, w.partnershipId, 'Values', 'csv', { indicator }))
          .stream,
      )
    )
      .toString('utf8')
      .replace(/^\uFEFF/, '')
  const stored = async (period: string) =>
    (
      await db()
        .select()
        .from(dataValues)
        .where(and(eq(dataValues.partnershipId, w.partnershipId), eq(dataValues.period, period)))
        .orderBy(asc(dataValues.period))
    )[0]!
  const versions = async () =>
    (
      await db()
        .select({ n: count() })
        .from(dataValueVersions)
        .innerJoin(dataValues, eq(dataValues.id, dataValueVersions.valueId))
        .where(eq(dataValues.partnershipId, w.partnershipId))
    )[0]!.n

  it('exports a derived value to six places and an entered one exactly, and reads both back unchanged', async () => {
    const area = w.area.gss
    await run(
      w.actors.admin,
      valuesCsv(`L R01,${area},2008-04,,22931,640000,`, `L R01,${area},2008-05,12.3456789,,,`),
      { approve: true },
    )
    expect((await stored('2008-04')).value).toBe(35.8296875)
    const csv = await exported('L R01')
    expect(csv.split(/\r?\n/).slice(1, 3)).toEqual([
      `L R01,${area},2008-04,35.829688,22931,640000,`,
      `L R01,${area},2008-05,12.3456789,,,`,
    ])
    const before = await versions()
    const again = await run(w.actors.admin, csv)
    expect(again.sheets.Values).toEqual({ created: 0, updated: 0, unchanged: 2 })
    expect(await versions()).toBe(before)
    expect(await exported('L R01')).toBe(csv)
  })

  it('takes a value beside its numerator and denominator at the precision shown as the same value, even for an approved value kept at another precision', async () => {
    const area = w.area.gss
    await run(
      w.actors.admin,
      valuesCsv(`L R01,${area},2008-04,,22931,640000,`, `L R01,${area},2008-05,12.3456789,,,`),
      { approve: true },
    )
    // As the demo keeps them: the value rounded as published, beside its numerator and denominator.
    await db()
      .update(dataValues)
      .set({ value: 35.83 })
      .where(and(eq(dataValues.partnershipId, w.partnershipId), eq(dataValues.period, '2008-04')))
    expect((await exported('L R01')).split(/\r?\n/)[1]).toBe(`L R01,${area},2008-04,35.83,22931,640000,`)
    const before = await versions()
    for (const value of ['35.83', '35.8', '35.829688', ''])
      expect(
        (await run(w.actors.admin, valuesCsv(`L R01,${area},2008-04,${value},22931,640000,`))).sheets.Values,
      ).toEqual({
        created: 0,
        updated: 0,
        unchanged: 1,
      })
    expect(await versions()).toBe(before)
    expect(await stored('2008-04')).toMatchObject({ value: 35.83, status: 'approved', version: 1 })

    // A value that does not match, or other parts, is a change: refused, as the value is approved.
    expect(
      (await importFailure(run(w.actors.admin, valuesCsv(`L R01,${area},2008-04,35.9,22931,640000,`))))
        .details,
    ).toEqual([
      'Values!2 value: the value does not match the numerator and denominator (35.83): leave it blank',
    ])
    expect(
      (await importFailure(run(w.actors.admin, valuesCsv(`L R01,${area},2008-04,,22932,640000,`)))).details,
    ).toEqual(['Values!2 value: approved: ask an officer to reopen it'])
  })

  it('leaves a returned value as it is when the row is unchanged, and approves it when asked', async () => {
    const area = w.area.gss
    await run(w.actors.admin, valuesCsv(`L R01,${area},2008-06,,47,2000,`))
    await db()
      .update(dataValues)
      .set({ status: 'returned', statusReason: 'Check the denominator' })
      .where(and(eq(dataValues.partnershipId, w.partnershipId), eq(dataValues.period, '2008-06')))
    const before = await versions()
    const same = await run(w.actors.admin, valuesCsv(`L R01,${area},2008-06,23.5,47,2000,`))
    expect(same.sheets.Values).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(await versions()).toBe(before)
    expect(await stored('2008-06')).toMatchObject({ status: 'returned', version: 1 })

    const approved = await run(w.actors.admin, valuesCsv(`L R01,${area},2008-06,23.5,47,2000,`), {
      approve: true,
    })
    expect(approved.sheets.Values).toEqual({ created: 0, updated: 1, unchanged: 0 })
    expect(await stored('2008-06')).toMatchObject({ status: 'approved', version: 2 })
  })
})

import { buffer } from 'node:stream/consumers'
import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../test/helpers/app.ts'
import { csvSource } from '../../../test/helpers/workbook.ts'
import type { AppError } from '../../errors.ts'
import { commentaryWorld } from './commentary.fixtures.ts'

describeIntegration('Commentary sheet', (t) => {
  async function setup() {
    const s = await commentaryWorld(t())
    const run = (text: string) => s.services.workbook.import(system, s.pid, csvSource('Commentary.csv', text))
    const exported = async () =>
      (await buffer((await s.services.workbook.export(system, s.pid, 'Commentary', 'csv')).stream))
        .toString('utf8')
        .replace(/^\uFEFF/, '')
    return { ...s, run, exported }
  }
  const header = 'indicator_code,place_gss,period,commentary,actions,support_needed'

  it('imports commentary, exports it, and reads the export back unchanged', async () => {
    const s = await setup()
    const code = s.ind.code.toLowerCase().replace(/-/g, '- ')
    const first = await s.run(
      [
        header,
        `${s.ind.code},,2008/09 Q1,"Behind plan, recovering",Extra assessors,`,
        `${code},,2008/09 q2,On track,,Funding for a third assessor`,
        `${s.other.code},,2008/09,=Rising,,`,
      ].join('\n'),
    )
    expect(first.sheets.Commentary).toEqual({ created: 3, updated: 0, unchanged: 0 })
    const rows = await s.services.commentary.forTarget(system, s.pid, s.target.id)
    expect(rows.map((r) => [r.period, r.commentary, r.actions, r.supportNeeded])).toEqual([
      ['2008/09 Q2', 'On track', null, 'Funding for a third assessor'],
      ['2008/09 Q1', 'Behind plan, recovering', 'Extra assessors', null],
    ])
    const out = await s.exported()
    expect(out).toContain(`${s.ind.code},,2008/09 Q1,"Behind plan, recovering",Extra assessors,`)
    const again = await s.run(out)
    expect(again.sheets.Commentary).toEqual({ created: 0, updated: 0, unchanged: 3 })
    expect(await s.exported()).toBe(out)
    const changed = await s.run(`${header}\n${s.ind.code},,2008/09 Q1,Recovered,,`)
    expect(changed.sheets.Commentary).toEqual({ created: 0, updated: 1, unchanged: 0 })
    expect(await s.services.commentary.history(system, s.pid, s.target.id, '2008/09 Q1')).toHaveLength(2)
  })

  it('refuses the whole file when a row is wrong, naming the row and column', async () => {
    const s = await setup()
    const csv = [
      header,
      `${s.ind.code},,2008/09 Q1,Fine,,`,
      `${s.ind.code},,2008/09 Q5,Bad period,,`,
      `${s.ind.code},,2008/09 Q2,,,`,
      `${s.ind.code},,2008/09 Q1,Twice,,`,
    ].join('\n')
    const e = (await s.run(csv).catch((x: unknown) => x)) as AppError
    expect(e.id).toBe('import_failed')
    const details = (e.details ?? []).join('\n')
    expect(details).toContain('Commentary!3 period')
    expect(details).toContain('Commentary!4 commentary')
    expect(details).toContain('Commentary!5 period')
    expect(await s.services.commentary.forTarget(system, s.pid, s.target.id)).toHaveLength(0)
    const e2 = (await s
      .run(
        [
          header,
          `${s.ind.code},,2008/09 Q1,Fine,,`,
          'NI 999,,2008/09 Q1,Nobody,,',
          `${s.ind.code},E99999999,2008/09 Q2,Where,,`,
          `${s.ind.code},,2012/13,Later,,`,
        ].join('\n'),
      )
      .catch((x: unknown) => x)) as AppError
    const d2 = (e2.details ?? []).join('\n')
    expect(d2).toContain('Commentary!3 indicator_code')
    expect(d2).toContain('Commentary!4 place_gss')
    expect(d2).toContain('Commentary!5 period')
    expect(await s.services.commentary.forTarget(system, s.pid, s.target.id)).toHaveLength(0)
  })

  it('takes an optional published column: yes or no, blank keeps what the commentary has', async () => {
    const s = await setup()
    const withPublished = `${header},published`
    const published = async () =>
      (await s.services.commentary.forTarget(system, s.pid, s.target.id)).map((r) => [r.period, r.published])
    await s.run(
      `${withPublished}\n${s.ind.code},,2008/09 Q1,For everyone,,,yes\n${s.ind.code},,2008/09 Q2,Inside,,,`,
    )
    expect(await published()).toEqual([
      ['2008/09 Q2', false],
      ['2008/09 Q1', true],
    ])
    // Without the column (or blank), the choice stands; no takes it off.
    const again = await s.run(`${header}\n${s.ind.code},,2008/09 Q1,For everyone,,`)
    expect(again.sheets.Commentary).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(await s.exported()).toContain(`${s.ind.code},,2008/09 Q1,For everyone,,,yes`)
    await s.run(`${withPublished}\n${s.ind.code},,2008/09 Q1,For everyone,,,no`)
    expect(await published()).toEqual([
      ['2008/09 Q2', false],
      ['2008/09 Q1', false],
    ])
    const e = (await s
      .run(`${withPublished}\n${s.ind.code},,2008/09 Q1,For everyone,,,perhaps`)
      .catch((x: unknown) => x)) as AppError
    expect((e.details ?? []).join('\n')).toContain('Commentary!2 published')
  })
})

import { buffer } from 'node:stream/consumers'
import { expect, it } from 'vitest'
import { describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { buildAgreement, buildIndicator, buildPlace, buildTarget } from '../../../test/helpers/factories.ts'
import { csvSource } from '../../../test/helpers/workbook.ts'
import type { AppError } from '../../errors.ts'

describeIntegration('Risks sheet', (t) => {
  async function setup() {
    const { services } = t()
    const seeded = await seedPartnership(services, ['admin', 'outcome_lead'])
    const pid = seeded.partnership.id
    const place = await buildPlace(services, pid)
    const indicator = await buildIndicator(services, pid, {
      code: 'LR 19',
      title: 'Re-offending by young offenders',
    })
    const agreement = await buildAgreement(services, pid)
    await buildTarget(services, pid, agreement.id, {
      indicatorCode: indicator.code,
      trajectory: [{ period: '2008/09', placeGss: place.gss, value: 10 }],
    })
    const [admin] = (await services.people.list(system, pid)).filter(
      (p) => p.email === seeded.users.admin!.email,
    )
    const run = (text: string, actor = system) =>
      services.workbook.import(actor, pid, csvSource('Risks.csv', text))
    const exported = async () =>
      (await buffer((await services.workbook.export(system, pid, 'Risks', 'csv')).stream))
        .toString('utf8')
        .replace(/^\uFEFF/, '')
    return { ...seeded, services, pid, admin: admin!, run, exported }
  }

  const header =
    'ref,title,description,target_code,outcome_ref,category,owner,inherent_likelihood,inherent_impact,likelihood,impact,target_likelihood,target_impact,controls,review_date,status'

  it('imports risks at partnership and target level, exports them and reads the export back unchanged', async () => {
    const s = await setup()
    const csv = [
      header,
      `R-01,Re-offending does not fall,Rate rose to 32.9%,lr19,,Performance,${s.admin.name},5,4,4,4,2,3,YOS early intervention,2009-03-31,open`,
      'R-02,Drug treatment budget stays ring-fenced,,,,Financial,,,,2,3,,,,,',
    ].join('\n')
    const first = await s.run(csv)
    expect(first.sheets.Risks).toMatchObject({ created: 2 })
    const list = await s.services.risks.list(system, s.pid)
    expect(list.map((r) => [r.ref, r.level, r.score, r.ownerName])).toEqual([
      ['R-01', 'target', 16, s.admin.name],
      ['R-02', 'partnership', 6, null],
    ])
    const out = await s.exported()
    expect(out).toContain('R-01,Re-offending does not fall')
    expect(out).toContain('LR 19')
    const again = await s.run(out)
    expect(again.sheets.Risks).toEqual({ created: 0, updated: 0, unchanged: 2 })
    expect((await s.services.risks.get(system, s.pid, list[0]!.id)).reviews).toHaveLength(1)
  })

  it('refuses the whole file when a row is wrong, naming the row and column', async () => {
    const s = await setup()
    const csv = [
      header,
      'R-01,Fine,,,,,,,,2,2,,,,,',
      'R-02,Bad score,,,,,,,,6,2,,,,,',
      'R-03,Unknown target,,NI 999,,,,,,2,2,,,,,',
      'R-04,Unknown owner,,,,,Nobody Here,,,2,2,,,,,',
      'R-05,Half inherent,,,,,,3,,2,2,,,,2009-02-30,',
      'r-01,Twice,,,,,,,,1,1,,,,,',
    ].join('\n')
    const e = (await s.run(csv).catch((x: unknown) => x)) as AppError
    expect(e.id).toBe('import_failed')
    const details = (e.details ?? []).join('\n')
    expect(details).toContain('Risks!3 likelihood')
    expect(details).toContain('Risks!7 ref')
    expect(details).toContain('Risks!6 inherent_impact')
    expect(details).toContain('Risks!6 review_date')
    // Rows needing the database are checked only when the file reads cleanly; nothing is written.
    expect(await s.services.risks.list(system, s.pid)).toHaveLength(0)
    const e2 = (await s
      .run(
        [
          header,
          'R-03,Unknown target,,NI 999,,,,,,2,2,,,,,',
          'R-04,Unknown owner,,,,,Nobody Here,,,2,2,,,,,',
        ].join('\n'),
      )
      .catch((x: unknown) => x)) as AppError
    const d2 = (e2.details ?? []).join('\n')
    expect(d2).toContain('Risks!2 target_code')
    expect(d2).toContain('Risks!3 owner')
    expect(await s.services.risks.list(system, s.pid)).toHaveLength(0)
  })
})

/**
 * The workbook contract (workbook.md) for a partnership set up from its own files: the area a
 * Places file brings, placeholders without `placeholder_elements`, and the first trajectory of
 * an agreed target, whether loaded one CSV at a time or entered on the web form.
 */
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { csvSource, gss } from '../../../test/helpers/workbook.ts'
import type { Actor } from '../auth/actor.ts'
import { trajectoryGrid } from '../targets/targets.forms.ts'
import { localIndicators, seedAgreement } from '../targets/targets.fixtures.ts'

/** The partnership's administrator, as the services see them. */
const adminOf = (s: Awaited<ReturnType<typeof seedPartnership>>): Actor => ({
  kind: 'user',
  userId: s.users.admin!.userId,
  label: 'admin user',
  isSystemAdmin: false,
  roles: new Map([[s.partnership.id, 'admin']]),
})

describeIntegration('the workbook contract for a new partnership', (t) => {
  const importCsv = (actor: Actor, partnershipId: string, name: string, text: string) =>
    t().services.workbook.import(actor, partnershipId, csvSource(name, text))
  const problemsOf = (p: Promise<unknown>) =>
    p.then(
      () => [] as string[],
      (e: { details?: string[]; toString(): string }) => e.details ?? [String(e)],
    )

  it('a Places file with one area place makes it the partnership’s area (audited); later rows default to it', async () => {
    const { services } = t()
    const s = await seedPartnership(services, ['admin'])
    const admin = adminOf(s)
    const [area, district] = [gss(), gss()]
    await importCsv(
      admin,
      s.partnership.id,
      'Places.csv',
      `gss_code,name,type,parent_gss_code\n${area},Shire,area,\n${district},Vale,district,${area}\n`,
    )
    const areaPlace = await services.places.findByGss(area)
    expect((await services.partnerships.findBySlug(s.slug))!.areaPlaceId).toBe(areaPlace!.id)
    const { rows } = await services.audit.list(system, s.partnership.id, {
      entityType: 'partnership',
      limit: 10,
      offset: 0,
    })
    expect(rows[0]!.event).toMatchObject({ action: 'update', after: { areaPlaceId: areaPlace!.id } })

    // A Values row without place_gss is for the area now.
    const [code] = await localIndicators(services, s.partnership.id, 1)
    const values = await importCsv(
      admin,
      s.partnership.id,
      'Values.csv',
      `indicator_code,period,value\n${code},2008/09,12\n`,
    )
    expect(values.sheets.Values).toMatchObject({ created: 1 })

    // Another area later does not replace it.
    await importCsv(admin, s.partnership.id, 'Places.csv', `gss_code,name,type\n${gss()},Other Shire,area\n`)
    expect((await services.partnerships.findBySlug(s.slug))!.areaPlaceId).toBe(areaPlace!.id)
  })

  it('accepts a placeholder without placeholder_elements: Targets.csv, the API and the web form', async () => {
    const { app, services } = t()
    const s = await seedPartnership(services, ['admin'])
    const codes = await localIndicators(services, s.partnership.id, 3)
    const agreement = await seedAgreement(services, s.partnership.id)

    const res = await importCsv(
      adminOf(s),
      s.partnership.id,
      'Targets.csv',
      `indicator_code,kind,status\n${codes[0]},local,placeholder\n`,
    )
    expect(res.sheets.Targets).toEqual({ created: 1, updated: 0, unchanged: 0 })

    const api = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${s.slug}/agreements/${agreement.id}/targets`,
      headers: bearer(s.users.admin!.token),
      payload: { indicatorCode: codes[1], kind: 'local', status: 'placeholder' },
    })
    expect(api.statusCode, api.body).toBe(201)

    const agent = new Agent(app)
    await agent.signIn(s.users.admin!.email, s.users.admin!.password)
    const newUrl = `/p/${s.slug}/agreements/${agreement.id}/targets/new`
    const form = await agent.submit(newUrl, `/p/${s.slug}/agreements/${agreement.id}/targets`, {
      indicatorCode: codes[2]!,
      kind: 'local',
      status: 'placeholder',
      tolerancePercent: '5',
    })
    expect(form.statusCode, form.body.slice(0, 500)).toBe(302)
    const list = await services.targets.list(system, s.partnership.id, agreement.id)
    expect(list.map((x) => x.version.status)).toEqual(['placeholder', 'placeholder', 'placeholder'])
  })

  it('loads an agreed target’s first trajectory from Trajectories.csv; changing it after is a revision', async () => {
    const { services } = t()
    const s = await seedPartnership(services, ['admin'])
    const admin = adminOf(s)
    const [code] = await localIndicators(services, s.partnership.id, 1)
    await seedAgreement(services, s.partnership.id)
    await importCsv(
      admin,
      s.partnership.id,
      'Targets.csv',
      `indicator_code,kind,status\n${code},local,agreed\n`,
    )

    const header = 'indicator_code,period,target_value\n'
    const first = `${header}${code},2008/09,40\n${code},2009/10,42\n${code},2010/11,44\n`
    const res = await importCsv(admin, s.partnership.id, 'Trajectories.csv', first)
    expect(res.sheets.Trajectories).toEqual({ created: 3, updated: 0, unchanged: 0 })
    // The same file again changes nothing; a changed value is a revision, and the import says so.
    const again = await importCsv(admin, s.partnership.id, 'Trajectories.csv', first)
    expect(again.sheets.Trajectories).toEqual({ created: 0, updated: 0, unchanged: 3 })
    const changed = await problemsOf(
      importCsv(admin, s.partnership.id, 'Trajectories.csv', `${header}${code},2010/11,45\n`),
    )
    expect(changed).toEqual([
      `Trajectories!2: ${code} is agreed and already has a trajectory: change it by revising the target (the refresh), with the reason and the government office’s agreement`,
    ])
  })

  it('sets an agreed target’s first trajectory on the web form; after that it is revised', async () => {
    const { app, services } = t()
    const s = await seedPartnership(services, ['admin'])
    const [code] = await localIndicators(services, s.partnership.id, 1)
    const agreement = await seedAgreement(services, s.partnership.id)
    const agent = new Agent(app)
    await agent.signIn(s.users.admin!.email, s.users.admin!.password)
    const created = await agent.submit(
      `/p/${s.slug}/agreements/${agreement.id}/targets/new`,
      `/p/${s.slug}/agreements/${agreement.id}/targets`,
      { indicatorCode: code!, kind: 'local', status: 'agreed', tolerancePercent: '5' },
    )
    expect(created.statusCode, created.body.slice(0, 500)).toBe(302)
    const url = String(created.headers.location)
    expect((await agent.get(url)).body).toContain('data-qa="set-trajectory"')

    const grid = trajectoryGrid('annual', 2008, 2010)
    const fields = Object.fromEntries(grid.map((g, i) => [g.name, String(40 + i)]))
    const saved = await agent.submit(`${url}/trajectory`, `${url}/trajectory`, fields)
    expect(saved.statusCode, saved.body.slice(0, 800)).toBe(302)
    const id = url.split('/').pop()!
    const d = await services.targets.get(system, s.partnership.id, id)
    expect(d.trajectory.map((r) => [r.period, r.value])).toEqual([
      ['2008/09', 40],
      ['2009/10', 41],
      ['2010/11', 42],
    ])

    // Now it has one: the page offers a revision instead, and a direct post is refused.
    const page = (await agent.get(url)).body
    expect(page).not.toContain('data-qa="set-trajectory"')
    expect(page).toContain('data-qa="revise-target"')
    const refused = await agent.submit(`${url}/trajectory`, `${url}/trajectory`, {
      ...fields,
      [grid[2]!.name]: '50',
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('is agreed and already has a trajectory')
  })

  it('keeps a new code as written (X1 stays X1) and matches codes ignoring case and spaces', async () => {
    const { services } = t()
    const s = await seedPartnership(services, ['admin'])
    const admin = adminOf(s)
    await importCsv(admin, s.partnership.id, 'Places.csv', `gss_code,name,type\n${gss()},Shire,area\n`)
    const header = 'code,title,set,unit,polarity,frequency\n'
    const created = await importCsv(
      admin,
      s.partnership.id,
      'Indicators.csv',
      `${header}X1,Crimes recorded,local,count,lower,annual\n`,
    )
    expect(created.sheets.Indicators).toMatchObject({ created: 1 })
    const codeOf = async () =>
      (await services.indicators.list(system, s.partnership.id, {})).filter((i) => /^x ?1$/i.test(i.code))
    expect((await codeOf()).map((i) => i.code)).toEqual(['X1'])

    // `x 1` finds X1: the same entry, not re-spelt, and nothing new.
    const again = await importCsv(
      admin,
      s.partnership.id,
      'Indicators.csv',
      `${header}x 1,Crimes recorded,local,count,lower,annual\n`,
    )
    expect(again.sheets.Indicators).toMatchObject({ created: 0, updated: 0 })
    expect((await codeOf()).map((i) => i.code)).toEqual(['X1'])

    await seedAgreement(services, s.partnership.id)
    const targets = await importCsv(
      admin,
      s.partnership.id,
      'Targets.csv',
      `indicator_code,kind,status\nx 1,local,proposed\n`,
    )
    expect(targets.sheets.Targets).toMatchObject({ created: 1 })
    const trajectories = await importCsv(
      admin,
      s.partnership.id,
      'Trajectories.csv',
      `indicator_code,period,target_value\nX 1,2008/09,40\n`,
    )
    expect(trajectories.sheets.Trajectories).toMatchObject({ created: 1 })
    const values = await importCsv(
      admin,
      s.partnership.id,
      'Values.csv',
      `indicator_code,period,value\nx1,2008/09,38\n`,
    )
    expect(values.sheets.Values).toMatchObject({ created: 1 })
    expect((await codeOf()).map((i) => i.code)).toEqual(['X1'])
  })
})

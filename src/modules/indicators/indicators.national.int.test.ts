import { and, eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { auditEvents, users as usersTable } from '../../db/schema/index.ts'
import {
  Agent,
  bearer,
  describeIntegration,
  seedPartnership,
  system,
  unique,
} from '../../../test/helpers/app.ts'
import { targetCreate } from '../targets/targets.schema.ts'
import { seedValuesWorld, setWindow } from '../values/values.fixtures.ts'
import { seedNational } from './indicators.seed.ts'

const definition = {
  code: 'NI 8',
  title: 'Adult participation in sport',
  set: 'nis',
  theme: null,
  definition: null,
  numerator: null,
  denominator: null,
  unit: 'percent',
  ratePer: null,
  polarity: 'higher',
  frequency: 'quarterly',
  combine: 'none',
  dataSource: null,
} as const

describeIntegration('national indicators', (t) => {
  it('are one row every partnership sees; a local one stays its partnership’s', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['admin'])
    const list = async (p: typeof a) =>
      (
        await app.inject({
          url: `/api/v1/partnerships/${p.slug}/indicators`,
          headers: bearer(p.users.admin!.token),
        })
      ).json().data as { id: string; code: string; national: boolean }[]
    const ni135 = (await list(a)).find((i) => i.code === 'NI 135')!
    expect(ni135.national).toBe(true)
    expect((await list(b)).find((i) => i.code === 'NI 135')!.id).toBe(ni135.id)
    expect((await list(a)).filter((i) => i.national)).toHaveLength(199)
    const local = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${a.slug}/indicators`,
      headers: bearer(a.users.admin!.token),
      payload: { code: 'L 77', title: 'Local only', set: 'local' },
    })
    expect(local.statusCode, local.body).toBe(201)
    expect((await list(a)).map((i) => i.code)).toContain('L 77')
    expect((await list(b)).map((i) => i.code)).not.toContain('L 77')
    // Seeding again (every start-up) adds nothing.
    expect(await t().database.db.transaction((tx) => seedNational(tx))).toBe(0)
  })

  it('a partnership records who reports one, not its definition; its data provider then enters values', async () => {
    const { app, services } = t()
    const w = await seedValuesWorld(services, unique('nat'))
    const h = bearer(w.users.admin.token)
    const ni8 = (await services.indicators.findByCode(system, w.partnershipId, 'NI 8'))!
    // A system administrator (here the system actor) records the definition for everyone.
    await services.indicators.updateNational(system, ni8.id, {
      ...definition,
      lagMonths: null,
      responsibleOrganisationId: null,
    })
    const url = `/api/v1/partnerships/${w.slug}/indicators/${ni8.id}`
    const changed = await app.inject({
      method: 'PUT',
      url,
      headers: h,
      payload: { ...definition, title: 'Mine' },
    })
    expect(changed.statusCode).toBe(422)
    expect(changed.json().error.fields._form).toMatch(/NI 8 is a national indicator/)
    expect((await services.indicators.getNational(system, ni8.id)).title).toBe(definition.title)
    const archived = await app.inject({ method: 'DELETE', url, headers: h })
    expect(archived.statusCode).toBe(422)
    // Nor from a workbook: the row is named, nothing is written.
    const imported = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${w.slug}/imports`,
      headers: h,
      payload: {
        sheets: {
          Indicators: [
            {
              code: 'ni8',
              set: 'NIS',
              title: 'Mine',
              unit: 'percent',
              polarity: 'higher',
              frequency: 'quarterly',
            },
          ],
        },
      },
    })
    expect(imported.statusCode).toBe(422)
    expect(imported.json().error.details).toEqual([
      'Indicators!2: NI 8 is a national indicator: only a system administrator changes its definition; you may set its responsible organisation and lag',
    ])

    const agreement = (await services.agreements.list(system, w.partnershipId))[0]!
    await services.targets.create(
      system,
      w.partnershipId,
      agreement.id,
      targetCreate.parse({
        indicatorCode: 'NI 8',
        kind: 'designated',
        status: 'agreed',
        trajectory: [{ period: '2008/09', value: 20 }],
      }),
    )
    await setWindow(services, w, '2008/09 Q1', 'open')
    const enter = (version: number) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/partnerships/${w.slug}/values`,
        headers: bearer(w.users.police.token),
        payload: { indicatorId: ni8.id, placeId: w.area.id, period: '2008/09 Q1', value: 21, version },
      })
    expect((await enter(0)).statusCode).toBe(403)
    const overlay = await app.inject({
      method: 'PUT',
      url,
      headers: h,
      payload: { ...definition, responsibleOrganisationId: w.police.id, lagMonths: 2 },
    })
    expect(overlay.statusCode, overlay.body).toBe(200)
    expect(overlay.json().data).toMatchObject({ responsibleOrganisationId: w.police.id, lagMonths: 2 })
    const entered = await enter(0)
    expect(entered.statusCode, entered.body).toBe(200)

    // Another partnership sees the same definition, with nobody responsible.
    const other = await seedPartnership(services, ['admin'])
    expect(await services.indicators.get(system, other.partnership.id, ni8.id)).toMatchObject({
      title: definition.title,
      responsibleOrganisationId: null,
      lagMonths: null,
    })
    const { rows } = await services.audit.list(system, w.partnershipId, {
      entityType: 'partnership_indicator',
      limit: 10,
      offset: 0,
    })
    expect(rows.map((r) => r.event.action)).toEqual(['update'])
  })

  it('the pages: a partnership admin sets the overlay only; a system administrator changes the definition', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const ni2 = (await services.indicators.findByCode(system, partnership.id, 'NI 2'))!
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const form = await agent.get(`/p/${slug}/indicators/${ni2.id}/edit`)
    expect(form.body).toContain('data-qa="national-definition"')
    expect(form.body).not.toContain('name="title"')
    // A definition field slipped into the form changes nothing.
    const saved = await agent.submit(
      `/p/${slug}/indicators/${ni2.id}/edit`,
      `/p/${slug}/indicators/${ni2.id}`,
      {
        title: 'Smuggled',
        lagMonths: '3',
      },
    )
    expect(saved.statusCode, saved.body).toBe(302)
    expect(await services.indicators.get(system, partnership.id, ni2.id)).toMatchObject({
      title: null,
      lagMonths: 3,
    })
    expect((await agent.get('/admin/indicators')).statusCode).toBe(403)
    // A source that is not an address is shown as text; a national indicator is not archived here.
    const ni1 = (await services.indicators.findByCode(system, partnership.id, 'NI 1'))!
    const show = await agent.get(`/p/${slug}/indicators/${ni1.id}`)
    expect(show.statusCode).toBe(200)
    expect(show.body).toContain('GitHub datagovuk/ckanext-dgu')
    expect(show.body).not.toContain('href="GitHub')
    expect(show.body).not.toContain('/archive"')

    await t()
      .database.db.update(usersTable)
      .set({ isSystemAdmin: true })
      .where(eq(usersTable.id, users.admin!.userId))
    const admin = new Agent(app)
    await admin.signIn(users.admin!.email, users.admin!.password)
    expect((await admin.get('/admin/indicators')).body).toContain('NI 199')
    const ok = await admin.submit(`/admin/indicators/${ni2.id}/edit`, `/admin/indicators/${ni2.id}`, {
      code: 'NI 2',
      title: 'A title a system administrator found',
      set: 'nis',
      unit: 'percent',
      polarity: 'higher',
      frequency: 'annual',
      combine: 'ratio',
    })
    expect(ok.statusCode, ok.body).toBe(302)
    expect(await services.indicators.getNational(system, ni2.id)).toMatchObject({
      title: 'A title a system administrator found',
      incomplete: false,
      partnershipId: null,
    })
    // The partnership's own lag stays its own.
    expect((await services.indicators.get(system, partnership.id, ni2.id)).lagMonths).toBe(3)
    const api = await app.inject({
      url: '/api/v1/indicators',
      headers: bearer(users.admin!.token),
    })
    expect(api.statusCode).toBe(200)
    expect(api.json().data).toHaveLength(199)
    const events = await t()
      .database.db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'indicator'), eq(auditEvents.entityId, ni2.id)))
    expect(events.map((e) => [e.action, e.partnershipId, e.actorUserId])).toEqual([
      ['update', null, users.admin!.userId],
    ])
  })
})

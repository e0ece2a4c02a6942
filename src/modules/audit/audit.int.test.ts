import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { insertAuditEvents } from './audit.queries.ts'

describeIntegration('audit trail', (t) => {
  it('shows administrators who changed what, with only the changed keys', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const h = bearer(users.admin!.token)
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/organisations`,
      headers: h,
      payload: { name: 'Melton Borough Council', type: 'council', dutyToCooperate: true },
    })
    const id = created.json().data.id as string
    await app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${slug}/organisations/${id}`,
      headers: h,
      payload: { name: 'Melton BC', type: 'council', dutyToCooperate: true },
    })

    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const page = await agent.get(`/p/${slug}/audit?entityType=organisation`)
    expect(page.statusCode).toBe(200)
    const rows = page.body.split('data-qa="audit-event"').slice(1)
    expect(rows).toHaveLength(2)
    const [update, create] = rows as [string, string]
    expect(update).toContain('admin user')
    expect(update).toContain('>update<')
    // The record is named, not shown by its id.
    expect(update).toMatch(/data-qa="record">Melton BC</)
    expect(update).toContain('govuk-details')
    expect(update).toContain('Before: Melton Borough Council')
    expect(update).toContain('After: Melton BC')
    // Unchanged keys are left out of the difference.
    expect(update).not.toContain('>type<')
    expect(update).not.toContain('>dutyToCooperate<')
    expect(create).toContain('>type<')
    expect(create).toContain('Value: council')
    expect(create).not.toContain('Before:')
    expect(page.body).toContain('Changes 1 to 2 of 2')
    // The filter offers the partnership's members and the types seen.
    expect(page.body).toMatch(/<option value="organisation" selected>/)
    expect(page.body).toContain(`value="${users.admin!.userId}"`)

    const api = await app.inject({
      url: `/api/v1/partnerships/${slug}/audit?entityType=organisation&entityId=${id}`,
      headers: h,
    })
    expect(api.statusCode).toBe(200)
    const body = api.json()
    expect(body.total).toBe(2)
    expect(body.data.map((e: { action: string }) => e.action)).toEqual(['update', 'create'])
    expect(body.data[0].actor).toEqual({
      userId: users.admin!.userId,
      label: 'admin user',
      email: users.admin!.email,
    })
    expect(body.data[0].changes.map((c: { key: string }) => c.key)).toEqual(['name', 'updatedAt'])
    expect(body.data[0].before.name).toBe('Melton Borough Council')
  })

  it('is for administrators only', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin', 'performance_officer'])
    const api = await app.inject({
      url: `/api/v1/partnerships/${slug}/audit`,
      headers: bearer(users.performance_officer!.token),
    })
    expect(api.statusCode).toBe(403)
    expect(api.json().error.id).toBe('forbidden')
    const agent = new Agent(app)
    await agent.signIn(users.performance_officer!.email, users.performance_officer!.password)
    const page = await agent.get(`/p/${slug}/audit`)
    expect(page.statusCode).toBe(403)
    expect(page.body).toContain('You do not have permission')
    const anonymous = await app.inject({ url: `/api/v1/partnerships/${slug}/audit` })
    expect(anonymous.statusCode).toBe(401)
  })

  it('filters by person and UK dates, and pages 50 at a time', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin', 'board_member'])
    const admin = users.admin!
    const board = users.board_member!
    const at = (iso: string) => new Date(iso)
    const event = (actorUserId: string | null, when: Date, entityId: string) => ({
      actorUserId,
      actorLabel: actorUserId ? 'someone' : 'cli',
      partnershipId: partnership.id,
      entityType: 'indicator',
      entityId,
      action: 'update',
      before: { value: 1 },
      after: { value: 2 },
      at: when,
    })
    await insertAuditEvents(t().database.db, [
      // 30 June 23:59 and 1 July 00:30 in London (BST), and 1 July 23:30 BST.
      event(board.userId, at('2024-06-30T22:59:00Z'), 'june'),
      event(board.userId, at('2024-06-30T23:30:00Z'), 'july-early'),
      event(admin.userId, at('2024-07-01T22:30:00Z'), 'july-late'),
      ...Array.from({ length: 55 }, (_, i) => event(null, at('2024-01-01T12:00:00Z'), `bulk-${i}`)),
    ])
    const h = bearer(admin.token)
    const list = async (qs: string) =>
      (
        await app.inject({ url: `/api/v1/partnerships/${slug}/audit?entityType=indicator&${qs}`, headers: h })
      ).json()

    const july = await list('from=2024-07-01&to=2024-07-01')
    expect(july.data.map((e: { entityId: string }) => e.entityId).sort()).toEqual(['july-early', 'july-late'])
    const byBoard = await list(`actorUserId=${board.userId}`)
    expect(byBoard.data.map((e: { entityId: string }) => e.entityId).sort()).toEqual(['july-early', 'june'])
    const paged = await list('limit=10&offset=50')
    expect(paged.total).toBe(58)
    expect(paged.data).toHaveLength(8)

    const bad = await app.inject({ url: `/api/v1/partnerships/${slug}/audit?from=2024-02-30`, headers: h })
    expect(bad.statusCode).toBe(422)
    expect(Object.keys(bad.json().error.fields)).toEqual(['from'])

    const agent = new Agent(app)
    await agent.signIn(admin.email, admin.password)
    const first = await agent.get(`/p/${slug}/audit?entityType=indicator`)
    expect(first.body.split('data-qa="audit-event"')).toHaveLength(51)
    expect(first.body).toContain('govuk-pagination')
    expect(first.body).toContain(`href="/p/${slug}/audit?entityType=indicator&amp;page=2"`)
    const second = await agent.get(`/p/${slug}/audit?entityType=indicator&page=2`)
    expect(second.body.split('data-qa="audit-event"')).toHaveLength(9)
    expect(second.body).toContain('Changes 51 to 58 of 58')

    const summer = await agent.get(`/p/${slug}/audit?entityType=indicator&from=2024-07-01&to=2024-07-01`)
    expect(summer.body.split('data-qa="audit-event"')).toHaveLength(3)
    // UK time: 1 July 2024 00:30 BST, not 30 June 23:30.
    expect(summer.body).toContain('1 Jul 2024, 00:30')

    const wrong = await agent.get(`/p/${slug}/audit?from=2024-02-30&to=2024-01-01`)
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('govuk-error-summary')
    expect(wrong.body).toContain('href="#from"')
    expect(wrong.body).toContain('Date from must be a real date')
    expect(wrong.body).toContain('value="2024-02-30"')

    const none = await agent.get(`/p/${slug}/audit?entityType=nothing`)
    expect(none.body).toContain('No changes match the filter.')
  })

  it('never shows another partnership’s trail', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['admin'])
    await services.organisations.create(system, a.partnership.id, {
      name: 'Only in A',
      type: 'council',
      dutyToCooperate: false,
    })
    const res = await app.inject({
      url: `/api/v1/partnerships/${b.slug}/audit?entityType=organisation`,
      headers: bearer(b.users.admin!.token),
    })
    expect(res.json().data).toEqual([])
    const cross = await app.inject({
      url: `/api/v1/partnerships/${a.slug}/audit`,
      headers: bearer(b.users.admin!.token),
    })
    expect(cross.statusCode).toBe(404)
  })
})

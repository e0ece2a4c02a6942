import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership } from '../../../test/helpers/app.ts'

describeIntegration('organisations', (t) => {
  it('creates, lists, updates and archives through the API, auditing each change', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const h = bearer(users.admin!.token)
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/organisations`,
      headers: h,
      payload: { name: 'Leicestershire Constabulary', type: 'police', dutyToCooperate: true },
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().data.id as string

    const list = await app.inject({ url: `/api/v1/partnerships/${slug}/organisations`, headers: h })
    expect(list.json().data.map((o: { name: string }) => o.name)).toEqual(['Leicestershire Constabulary'])

    const updated = await app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${slug}/organisations/${id}`,
      headers: h,
      payload: { name: 'Leicestershire Police', type: 'police', dutyToCooperate: true },
    })
    expect(updated.json().data.name).toBe('Leicestershire Police')

    const archived = await app.inject({
      method: 'DELETE',
      url: `/api/v1/partnerships/${slug}/organisations/${id}`,
      headers: h,
    })
    expect(archived.json().data.archivedAt).not.toBeNull()
    const after = await app.inject({ url: `/api/v1/partnerships/${slug}/organisations`, headers: h })
    expect(after.json().data).toEqual([])

    const { rows } = await services.audit.list(
      { kind: 'system', userId: null, label: 't', isSystemAdmin: true, roles: new Map() },
      partnership.id,
      { entityType: 'organisation', limit: 10, offset: 0 },
    )
    expect(rows.map((r) => r.event.action)).toEqual(['archive', 'update', 'create'])
    expect(rows[1]!.event.before).toMatchObject({ name: 'Leicestershire Constabulary' })
    expect(rows[1]!.event.after).toMatchObject({ name: 'Leicestershire Police' })
  })

  it('rejects bad input with field errors and writes nothing', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/organisations`,
      headers: bearer(users.admin!.token),
      payload: { name: '', type: 'spaceship' },
    })
    expect(res.statusCode).toBe(422)
    const body = res.json()
    expect(body.error.id).toBe('validation_failed')
    expect(Object.keys(body.error.fields).sort()).toEqual(['name', 'type'])
    const list = await app.inject({
      url: `/api/v1/partnerships/${slug}/organisations`,
      headers: bearer(users.admin!.token),
    })
    expect(list.json().data).toEqual([])
  })

  it('refuses a duplicate name and hides another partnership’s organisation (404)', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['admin'])
    const mk = (slug: string, token: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${slug}/organisations`,
        headers: bearer(token),
        payload: { name: 'Age Concern', type: 'vcs' },
      })
    const first = await mk(a.slug, a.users.admin!.token)
    expect((await mk(a.slug, a.users.admin!.token)).statusCode).toBe(422)
    const id = first.json().data.id
    // b's admin asks for a's organisation through b's partnership: not found.
    const cross = await app.inject({
      url: `/api/v1/partnerships/${b.slug}/organisations/${id}`,
      headers: bearer(b.users.admin!.token),
    })
    expect(cross.statusCode).toBe(404)
    // b's admin asks for a's partnership itself: not found either.
    const other = await app.inject({
      url: `/api/v1/partnerships/${a.slug}/organisations`,
      headers: bearer(b.users.admin!.token),
    })
    expect(other.statusCode).toBe(404)
  })

  it('works in GOV.UK pages: error summary first, then saved', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['performance_officer'])
    const agent = new Agent(app)
    await agent.signIn(users.performance_officer!.email, users.performance_officer!.password)
    const bad = await agent.submit(`/p/${slug}/organisations/new`, `/p/${slug}/organisations`, {
      name: '',
      type: '',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('Enter the organisation name')
    const ok = await agent.submit(`/p/${slug}/organisations/new`, `/p/${slug}/organisations`, {
      name: 'Melton Borough Council',
      type: 'council',
      dutyToCooperate: 'yes',
    })
    expect(ok.statusCode).toBe(302)
    const page = await agent.get(`/p/${slug}/organisations`)
    expect(page.body).toContain('Melton Borough Council')
  })

  it('refuses a form post without a CSRF token', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const res = await agent.request({
      method: 'POST',
      url: `/p/${slug}/organisations`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=X&type=council',
    })
    expect(res.statusCode).toBe(403)
  })
})

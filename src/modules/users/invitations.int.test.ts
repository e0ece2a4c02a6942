import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

describeIntegration('invitations', (t) => {
  it('invites an existing account without revealing it; the role takes effect only on accepting', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['outcome_lead'])
    const admin = bearer(a.users.admin!.token)
    const url = `/api/v1/partnerships/${a.slug}/invitations`
    const invite = (email: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: admin,
        payload: { email, name: 'Someone Else', role: 'scrutiny', password: 'another-password-entirely' },
      })
    const existing = await invite(b.users.outcome_lead!.email.toUpperCase())
    const fresh = await invite('nobody.yet@example.org')
    expect(existing.statusCode).toBe(201)
    expect(fresh.statusCode).toBe(201)
    // The same answer for both: no name, nothing that says whether an account exists.
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort()
    expect(shape(existing.json().data)).toEqual(shape(fresh.json().data))
    expect(existing.body).not.toContain('outcome_lead user')
    expect(existing.json().data).toMatchObject({
      email: b.users.outcome_lead!.email,
      role: 'scrutiny',
      status: 'pending',
      invitedByName: 'admin user',
    })
    const page = new Agent(app)
    await page.signIn(a.users.admin!.email, a.users.admin!.password)
    const list = await page.get(`/p/${a.slug}/users`)
    expect(list.body).not.toContain('outcome_lead user')
    expect(list.body).toContain(b.users.outcome_lead!.email)
    expect(list.body).toContain('nobody.yet@example.org')
    // Not a member, and the existing account's name and password are untouched.
    const members = await services.users.listMembers(system, a.partnership.id)
    expect(members.map((m) => m.email)).toEqual([a.users.admin!.email])
    const pending = (await app.inject({ url, headers: admin })).json().data
    expect(pending).toHaveLength(2)

    // The invited person sees it when they sign in, by API too, and accepts.
    const them = new Agent(app)
    const signIn = await them.signIn(b.users.outcome_lead!.email, b.users.outcome_lead!.password)
    expect(signIn.headers.location).toBe('/invitations')
    expect((await them.get(`/p/${a.slug}`)).statusCode).toBe(404)
    const mine = await app.inject({
      url: '/api/v1/invitations',
      headers: bearer(b.users.outcome_lead!.token),
    })
    expect(mine.json().data).toEqual([
      expect.objectContaining({ id: existing.json().data.id, partnershipSlug: a.slug, role: 'scrutiny' }),
    ])
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${existing.json().data.id}/accept`,
      headers: bearer(b.users.outcome_lead!.token),
    })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json().data.status).toBe('accepted')
    expect((await them.get(`/p/${a.slug}`)).statusCode).toBe(200)
    const after = await services.users.listMembers(system, a.partnership.id)
    expect(after.find((m) => m.userId === b.users.outcome_lead!.userId)).toMatchObject({
      name: 'outcome_lead user',
      role: 'scrutiny',
    })
    // Only once.
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${existing.json().data.id}/accept`,
      headers: bearer(b.users.outcome_lead!.token),
    })
    expect(again.statusCode).toBe(404)

    const trail = (
      await services.audit.list(system, a.partnership.id, {
        entityType: 'invitation',
        limit: 100,
        offset: 0,
      })
    ).rows.map((r) => r.event.action)
    expect(trail.sort()).toEqual(['accept', 'create', 'create'])
  })

  it('lets only the invited address answer; declining and withdrawing close it, audited', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['board_member', 'scrutiny'])
    const inv = await services.invitations.invite(system, a.partnership.id, {
      email: b.users.board_member!.email,
      name: 'x',
      role: 'admin',
      organisationId: null,
      password: undefined,
    })
    // Someone else cannot see, accept or decline it (404, as for no invitation at all).
    const other = new Agent(app)
    await other.signIn(b.users.scrutiny!.email, b.users.scrutiny!.password)
    expect((await other.get('/invitations')).body).toContain('You have no invitations waiting')
    const stolen = await other.submit('/invitations', `/invitations/${inv.id}/accept`, {})
    expect(stolen.statusCode).toBe(404)
    expect(await services.users.listMembers(system, a.partnership.id)).toHaveLength(1)
    // Anonymous: sign in first.
    expect((await app.inject({ method: 'GET', url: '/invitations' })).statusCode).toBe(302)

    const them = new Agent(app)
    await them.signIn(b.users.board_member!.email, b.users.board_member!.password)
    const declined = await them.submit('/invitations', `/invitations/${inv.id}/decline`, {})
    expect(declined.statusCode).toBe(302)
    expect((await them.get('/invitations')).body).toContain('You have no invitations waiting')
    expect(await services.users.listMembers(system, a.partnership.id)).toHaveLength(1)

    // Withdrawn from the Users page: the person no longer sees it.
    const second = await services.invitations.invite(system, a.partnership.id, {
      email: b.users.board_member!.email,
      name: 'x',
      role: 'scrutiny',
      organisationId: null,
      password: undefined,
    })
    expect((await them.get('/invitations')).body).toContain('as Scrutiny')
    const admin = new Agent(app)
    await admin.signIn(a.users.admin!.email, a.users.admin!.password)
    const withdrawn = await admin.submit(
      `/p/${a.slug}/users`,
      `/p/${a.slug}/users/invitations/${second.id}/withdraw`,
      {},
    )
    expect(withdrawn.statusCode).toBe(302)
    expect((await them.get('/invitations')).body).toContain('You have no invitations waiting')
    const trail = (
      await services.audit.list(system, a.partnership.id, { entityType: 'invitation', limit: 100, offset: 0 })
    ).rows.map((r) => r.event.action)
    expect(trail).toEqual(['archive', 'create', 'decline', 'create'])
  })

  it('a People import gives an existing account a pending invitation, not a role', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['outcome_lead'])
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${a.slug}/imports`,
      headers: bearer(a.users.admin!.token),
      payload: {
        sheets: {
          People: [
            { name: 'Renamed by them', email: b.users.outcome_lead!.email, role: 'board_member' },
            { name: 'New Person', email: 'new.person@example.org', role: 'scrutiny' },
          ],
        },
      },
    })
    expect(res.statusCode, res.body).toBe(200)
    const members = await services.users.listMembers(system, a.partnership.id)
    expect(members.map((m) => m.email).sort()).toEqual([a.users.admin!.email, 'new.person@example.org'])
    const pending = await services.invitations.listPending(system, a.partnership.id)
    expect(pending).toEqual([
      expect.objectContaining({ email: b.users.outcome_lead!.email, role: 'board_member' }),
    ])
    // Administrators cannot add someone directly any more (only the system can).
    await expect(
      services.users.addMember((await services.auth.actorForUser(a.users.admin!.userId))!, a.partnership.id, {
        email: 'z@example.org',
        name: 'Z',
        role: 'scrutiny',
        organisationId: null,
      }),
    ).rejects.toThrow()
  })
})

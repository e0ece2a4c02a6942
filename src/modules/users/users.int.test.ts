import type { FastifyInstance } from 'fastify'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import type { Services } from '../../services.ts'

const auditOf = async (services: Services, partnershipId: string, entityType = 'membership') =>
  (await services.audit.list(system, partnershipId, { entityType, limit: 100, offset: 0 })).rows

function api(app: FastifyInstance, slug: string, token: string) {
  const url = `/api/v1/partnerships/${slug}/users`
  const headers = bearer(token)
  return {
    list: () => app.inject({ url, headers }),
    get: (id: string) => app.inject({ url: `${url}/${id}`, headers }),
    create: (payload: object) => app.inject({ method: 'POST', url, headers, payload }),
    update: (id: string, payload: object) =>
      app.inject({ method: 'PUT', url: `${url}/${id}`, headers, payload }),
    remove: (id: string) => app.inject({ method: 'DELETE', url: `${url}/${id}`, headers }),
  }
}

describeIntegration('users', (t) => {
  it('adds, changes and removes a user through the API, auditing each change', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const org = await services.organisations.create(system, partnership.id, {
      name: 'Leicestershire Fire and Rescue',
      type: 'fire',
      dutyToCooperate: true,
    })
    const members = api(app, slug, users.admin!.token)
    const auditBefore = (await auditOf(services, partnership.id)).length

    const created = await members.create({
      email: 'Kit.Jones@Example.org',
      name: 'Kit Jones',
      role: 'data_provider',
      organisationId: org.id,
      password: 'a-long-enough-password',
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().data).toMatchObject({
      email: 'kit.jones@example.org',
      role: 'data_provider',
      status: 'pending',
    })
    // Not a member until they sign in and accept.
    expect((await members.list()).json().data).toHaveLength(1)

    // The initial password works; the invitation is shown first and accepting gives the role.
    const agent = new Agent(app)
    const signedIn = await agent.signIn('kit.jones@example.org', 'a-long-enough-password')
    expect(signedIn.headers.location).toBe('/invitations')
    expect((await agent.get(`/p/${slug}`)).statusCode).toBe(404)
    const page = await agent.get('/invitations')
    expect(page.body).toContain(
      `admin user invited you to join <strong>Partnership ${slug}</strong> as Data provider`,
    )
    const invitationId = created.json().data.id
    const accepted = await agent.submit('/invitations', `/invitations/${invitationId}/accept`, {})
    expect(accepted.statusCode).toBe(302)
    expect((await agent.get(`/p/${slug}`)).statusCode).toBe(200)
    const kit = (await members.list()).json().data.find((m: { name: string }) => m.name === 'Kit Jones')
    expect(kit).toMatchObject({
      email: 'kit.jones@example.org',
      role: 'data_provider',
      roleLabel: 'Data provider',
      organisationName: 'Leicestershire Fire and Rescue',
      archivedAt: null,
    })
    const person = (await services.people.list(system, partnership.id)).find((p) => p.name === 'Kit Jones')
    expect(person).toMatchObject({ canSignIn: true, organisationId: org.id })
    const listed = (await members.list()).json().data
    expect(listed.map((m: { name: string }) => m.name)).toEqual(['admin user', 'Kit Jones'])
    expect(listed[1].lastSignedInAt).not.toBeNull()

    const changed = await members.update(kit.id, { role: 'board_member', organisationId: null })
    expect(changed.statusCode).toBe(200)
    expect(changed.json().data).toMatchObject({ role: 'board_member', organisationId: null })

    const removed = await members.remove(kit.id)
    expect(removed.statusCode).toBe(200)
    expect(removed.json().data.archivedAt).not.toBeNull()
    expect((await members.list()).json().data).toHaveLength(1)
    expect((await members.get(kit.id)).statusCode).toBe(404)
    // Their session no longer reaches the partnership.
    expect((await agent.get(`/p/${slug}`)).statusCode).toBe(404)

    const rows = (await auditOf(services, partnership.id)).slice(0, -auditBefore || undefined)
    expect(rows.map((r) => r.event.action)).toEqual(['archive', 'update', 'create'])
    expect(rows[1]!.event.before).toMatchObject({ role: 'data_provider' })
    expect(rows[1]!.event.after).toMatchObject({ role: 'board_member' })
    // The new account itself is audited without a partnership; its person row with this one.
    const personRows = await auditOf(services, partnership.id, 'person')
    expect(personRows[0]!.event.after).toMatchObject({ email: 'kit.jones@example.org' })
  })

  it('rejects bad input with field errors and writes nothing', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin', 'board_member'])
    const b = await seedPartnership(services, ['admin'])
    const foreignOrg = await services.organisations.create(system, b.partnership.id, {
      name: 'Not ours',
      type: 'vcs',
      dutyToCooperate: false,
    })
    const members = api(app, a.slug, a.users.admin!.token)
    const count = async () => (await members.list()).json().data.length
    const before = await count()
    const auditBefore = (await auditOf(services, a.partnership.id)).length

    const shape = await members.create({ email: 'not an email', name: '', role: 'wizard', password: 'short' })
    expect(shape.statusCode).toBe(422)
    const fields = shape.json().error.fields
    expect(Object.keys(fields).sort()).toEqual(['email', 'name', 'password', 'role'])
    expect(fields.role).toContain('admin, performance_officer, outcome_lead, data_provider')
    expect(fields.password).toBe('Password must be 10 characters or more')

    const already = await members.create({
      email: a.users.board_member!.email.toUpperCase(),
      name: 'Again',
      role: 'scrutiny',
      organisationId: foreignOrg.id,
    })
    expect(already.statusCode).toBe(422)
    expect(already.json().error.fields).toEqual({
      email: `${a.users.board_member!.email} already has a role in this partnership`,
      organisationId: 'Choose an organisation from the list',
    })

    const memberId = (await members.list())
      .json()
      .data.find((m: { role: string }) => m.role === 'board_member').id
    const badRole = await members.update(memberId, { role: 'emperor' })
    expect(badRole.statusCode).toBe(422)
    expect(badRole.json().error.fields.role).toContain('Select a role: one of admin')

    expect(await count()).toBe(before)
    expect((await auditOf(services, a.partnership.id)).length).toBe(auditBefore)
    expect(await services.users.findByEmail('not an email')).toBeUndefined()
  })

  it('stops administrators removing or demoting themselves', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const members = api(app, slug, users.admin!.token)
    const me = (await members.list()).json().data[0]
    const removal = await members.remove(me.id)
    expect(removal.statusCode).toBe(422)
    expect(removal.json().error.fields._form).toBe('You cannot remove your own access')
    const demotion = await members.update(me.id, { role: 'board_member' })
    expect(demotion.statusCode).toBe(422)
    expect(demotion.json().error.fields.role).toBe('You cannot remove your own administrator role')
    expect((await members.get(me.id)).json().data).toMatchObject({ role: 'admin', archivedAt: null })
  })

  it('hides another partnership’s memberships (404) and is for administrators only (403)', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin', 'performance_officer', 'board_member'])
    const b = await seedPartnership(services, ['admin'])
    const aMembers = (await api(app, a.slug, a.users.admin!.token).list()).json().data
    const target = aMembers.find((m: { role: string }) => m.role === 'board_member').id

    const viaB = api(app, b.slug, b.users.admin!.token)
    expect((await viaB.get(target)).statusCode).toBe(404)
    expect((await viaB.update(target, { role: 'admin' })).statusCode).toBe(404)
    expect((await viaB.remove(target)).statusCode).toBe(404)
    expect((await api(app, a.slug, b.users.admin!.token).list()).statusCode).toBe(404)

    const newUser = { email: 'x@example.org', name: 'X', role: 'admin' }
    for (const role of ['performance_officer', 'board_member'] as const) {
      const other = api(app, a.slug, a.users[role]!.token)
      expect((await other.list()).statusCode).toBe(403)
      expect((await other.create(newUser)).statusCode).toBe(403)
      expect((await other.update(target, { role: 'admin' })).statusCode).toBe(403)
      expect((await other.remove(target)).statusCode).toBe(403)
    }
    const agent = new Agent(app)
    await agent.signIn(a.users.performance_officer!.email, a.users.performance_officer!.password)
    expect((await agent.get(`/p/${a.slug}/users`)).statusCode).toBe(403)
    expect((await agent.get(`/p/${a.slug}/users/new`)).statusCode).toBe(403)
    expect(await services.users.findByEmail('x@example.org')).toBeUndefined()
  })

  it('works in GOV.UK pages: list, add with errors, change role, remove access', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const org = await services.organisations.create(system, partnership.id, {
      name: 'Voluntary Action Leicestershire',
      type: 'vcs',
      dutyToCooperate: false,
    })
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const base = `/p/${slug}/users`

    const list = await agent.get(base)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Administrator')
    expect(list.body).toContain('(you)')

    const form = await agent.get(`${base}/new`)
    // Role radios carry what each role may do.
    expect(form.body).toContain('Read-only challenge of targets and performance')
    expect(form.body).toContain('Voluntary Action Leicestershire')

    const bad = await agent.submit(`${base}/new`, base, {
      email: 'nope',
      name: 'Robin Ward',
      role: 'wizard',
      password: 'short',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('govuk-error-summary')
    for (const field of ['email', 'role', 'password']) expect(bad.body).toContain(`href="#${field}"`)
    expect(bad.body).toContain('Select a role: one of admin')
    expect(bad.body).toContain('value="Robin Ward"')

    const dup = await agent.submit(`${base}/new`, base, {
      email: users.admin!.email,
      name: 'Me',
      role: 'scrutiny',
    })
    expect(dup.statusCode).toBe(422)
    expect(dup.body).toContain('already has a role in this partnership')

    const ok = await agent.submit(`${base}/new`, base, {
      email: 'robin@example.org',
      name: 'Robin Ward',
      role: 'data_provider',
      organisationId: org.id,
      password: 'robins-own-password',
    })
    expect(ok.statusCode).toBe(302)
    const after = await agent.get(base)
    expect(after.body).toContain('robin@example.org has been invited to join as Data provider')
    expect(after.body).toContain('Invitations waiting for an answer')
    const robinAgent = new Agent(app)
    await robinAgent.signIn('robin@example.org', 'robins-own-password')
    const [inv] = await services.invitations.listPending(system, partnership.id)
    await robinAgent.submit('/invitations', `/invitations/${inv!.id}/accept`, {})
    const robin = (await services.users.listMembers(system, partnership.id)).find(
      (m) => m.name === 'Robin Ward',
    )!
    expect(robin).toMatchObject({ role: 'data_provider', organisationId: org.id })
    expect((await agent.get(base)).body).not.toContain('Invitations waiting for an answer')

    const show = await agent.get(`${base}/${robin.id}`)
    expect(show.body).toContain('Voluntary Action Leicestershire')
    expect(show.body).toContain('Remove access')

    const changed = await agent.submit(`${base}/${robin.id}/edit`, `${base}/${robin.id}`, {
      role: 'outcome_lead',
      organisationId: '',
    })
    expect(changed.statusCode).toBe(302)
    expect((await services.users.getMember(system, partnership.id, robin.id)).role).toBe('outcome_lead')

    // Your own page offers no removal, and posting it anyway is refused with a message.
    const me = (await services.users.listMembers(system, partnership.id)).find(
      (m) => m.email === users.admin!.email,
    )!
    const mine = await agent.get(`${base}/${me.id}`)
    expect(mine.body).not.toContain('Remove access')
    const selfRemove = await agent.submit(`${base}/${me.id}`, `${base}/${me.id}/remove`, {})
    expect(selfRemove.statusCode).toBe(422)
    expect(selfRemove.body).toContain('You cannot remove your own access')

    const removed = await agent.submit(`${base}/${robin.id}`, `${base}/${robin.id}/remove`, {})
    expect(removed.statusCode).toBe(302)
    expect((await agent.get(base)).body).not.toContain(`/users/${robin.id}"`)
    expect((await agent.get(`${base}/${robin.id}`)).statusCode).toBe(404)
  })
})

import type { FastifyInstance } from 'fastify'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import type { Services } from '../../services.ts'

const auditOf = async (services: Services, partnershipId: string) =>
  (await services.audit.list(system, partnershipId, { entityType: 'person', limit: 100, offset: 0 })).rows

function api(app: FastifyInstance, slug: string, token: string) {
  const url = `/api/v1/partnerships/${slug}/people`
  const headers = bearer(token)
  return {
    list: (query = '') => app.inject({ url: url + query, headers }),
    get: (id: string) => app.inject({ url: `${url}/${id}`, headers }),
    create: (payload: object) => app.inject({ method: 'POST', url, headers, payload }),
    update: (id: string, payload: object) =>
      app.inject({ method: 'PUT', url: `${url}/${id}`, headers, payload }),
    archive: (id: string) => app.inject({ method: 'DELETE', url: `${url}/${id}`, headers }),
  }
}

describeIntegration('people', (t) => {
  it('creates, lists, updates and archives through the API, auditing each change', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const org = await services.organisations.create(system, partnership.id, {
      name: 'Leicestershire Police',
      type: 'police',
      dutyToCooperate: true,
    })
    const people = api(app, slug, users.admin!.token)
    const auditBefore = (await auditOf(services, partnership.id)).length

    const created = await people.create({
      name: 'Sam Patel',
      email: ' Sam.Patel@Example.org ',
      organisationId: org.id,
      jobTitle: 'Community safety lead',
      phone: '',
    })
    expect(created.statusCode).toBe(201)
    const sam = created.json().data
    expect(sam).toMatchObject({
      email: 'sam.patel@example.org',
      organisationName: 'Leicestershire Police',
      phone: null,
      canSignIn: false,
    })

    const list = (await people.list()).json().data
    expect(list.map((p: { name: string }) => p.name)).toEqual(['admin user', 'Sam Patel'])
    // The seeded admin's person row came from their account, which has a role here.
    expect(list[0]).toMatchObject({ canSignIn: true })

    const updated = await people.update(sam.id, {
      name: 'Sam Patel',
      email: 'sam@example.org',
      jobTitle: null,
    })
    expect(updated.statusCode).toBe(200)
    expect(updated.json().data).toMatchObject({
      email: 'sam@example.org',
      organisationId: null,
      jobTitle: null,
    })

    const archived = await people.archive(sam.id)
    expect(archived.json().data.archivedAt).not.toBeNull()
    expect((await people.list()).json().data).toHaveLength(1)
    expect((await people.list('?includeArchived=true')).json().data).toHaveLength(2)

    const rows = (await auditOf(services, partnership.id)).slice(0, -auditBefore || undefined)
    expect(rows.map((r) => r.event.action)).toEqual(['archive', 'update', 'create'])
    expect(rows[1]!.event.before).toMatchObject({ email: 'sam.patel@example.org' })
    expect(rows[1]!.event.after).toMatchObject({ email: 'sam@example.org' })
  })

  it('shows who can sign in from their active role, not just a linked account', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const { membership } = await services.users.addMember(system, partnership.id, {
      email: 'jo@example.org',
      name: 'Jo Lee',
      role: 'board_member',
      organisationId: null,
    })
    const people = api(app, slug, users.admin!.token)
    const jo = () =>
      people.list().then((r) => r.json().data.find((p: { email: string }) => p.email === 'jo@example.org'))
    expect(await jo()).toMatchObject({ canSignIn: true })
    await services.users.removeMember(system, partnership.id, membership.id)
    expect(await jo()).toMatchObject({ canSignIn: false })
  })

  it('rejects bad input with field errors and writes nothing', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['admin'])
    const otherOrg = await services.organisations.create(system, b.partnership.id, {
      name: 'Elsewhere',
      type: 'vcs',
      dutyToCooperate: false,
    })
    const people = api(app, a.slug, a.users.admin!.token)
    await people.create({ name: 'Alex Kim', email: 'alex@example.org' })
    const before = (await people.list()).json().data.length
    const auditBefore = (await auditOf(services, a.partnership.id)).length

    const shape = await people.create({ name: ' ', email: 'not-an-email' })
    expect(shape.statusCode).toBe(422)
    expect(shape.json().error.fields).toMatchObject({
      name: 'Enter the person’s name',
      email: 'Enter an email address in the correct format, like name@example.org',
    })

    const duplicate = await people.create({ name: 'Alex Again', email: 'ALEX@example.org' })
    expect(duplicate.statusCode).toBe(422)
    expect(duplicate.json().error.fields.email).toBe('Alex Kim already has that email address')

    // Another partnership's organisation is not on this partnership's list.
    const foreign = await people.create({ name: 'Chris', organisationId: otherOrg.id })
    expect(foreign.statusCode).toBe(422)
    expect(foreign.json().error.fields.organisationId).toBe('Choose an organisation from the list')

    expect((await people.list()).json().data.length).toBe(before)
    expect((await auditOf(services, a.partnership.id)).length).toBe(auditBefore)
  })

  it('hides another partnership’s people (404) and refuses non-managers (403)', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin', 'board_member'])
    const b = await seedPartnership(services, ['admin'])
    const person = (await api(app, a.slug, a.users.admin!.token).create({ name: 'Pat Doe' })).json().data

    const viaB = api(app, b.slug, b.users.admin!.token)
    expect((await viaB.get(person.id)).statusCode).toBe(404)
    expect((await viaB.update(person.id, { name: 'Hijack' })).statusCode).toBe(404)
    expect((await viaB.archive(person.id)).statusCode).toBe(404)
    expect((await api(app, a.slug, b.users.admin!.token).list()).statusCode).toBe(404)

    const board = api(app, a.slug, a.users.board_member!.token)
    expect((await board.get(person.id)).statusCode).toBe(200)
    expect((await board.create({ name: 'Nope' })).statusCode).toBe(403)
    expect((await board.update(person.id, { name: 'Nope' })).statusCode).toBe(403)
    expect((await board.archive(person.id)).statusCode).toBe(403)

    const agent = new Agent(app)
    await agent.signIn(a.users.board_member!.email, a.users.board_member!.password)
    expect((await agent.get(`/p/${a.slug}/people/new`)).statusCode).toBe(403)
    expect((await agent.get(`/p/${b.slug}/people`)).statusCode).toBe(404)
  })

  it('works in GOV.UK pages: list, error summary, add, change, archive', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['performance_officer'])
    const org = await services.organisations.create(system, partnership.id, {
      name: 'Melton Borough Council',
      type: 'council',
      dutyToCooperate: true,
    })
    const agent = new Agent(app)
    await agent.signIn(users.performance_officer!.email, users.performance_officer!.password)
    const base = `/p/${slug}/people`

    const bad = await agent.submit(`${base}/new`, base, { name: '', email: 'nope', organisationId: org.id })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('href="#name"')
    expect(bad.body).toContain('href="#email"')
    expect(bad.body).toContain('Enter an email address in the correct format')
    // The organisation chosen stays chosen.
    expect(bad.body).toMatch(new RegExp(`value="${org.id}" selected`))

    const ok = await agent.submit(`${base}/new`, base, {
      name: 'Dana Smith',
      email: 'dana@example.org',
      organisationId: org.id,
      jobTitle: 'Head of housing',
      phone: '0116 000 0000',
    })
    expect(ok.statusCode).toBe(302)
    const list = await agent.get(base)
    expect(list.body).toContain('<th scope="col" class="govuk-table__header">Can sign in</th>')
    expect(list.body).toContain('Dana Smith')
    expect(list.body).toContain('Head of housing')
    expect(list.body).toContain('Melton Borough Council')
    const dana = (await services.people.list(system, partnership.id)).find((p) => p.name === 'Dana Smith')!

    const show = await agent.get(`${base}/${dana.id}`)
    expect(show.body).toContain('0116 000 0000')

    const dup = await agent.submit(`${base}/${dana.id}/edit`, `${base}/${dana.id}`, {
      name: 'Dana Smith',
      email: users.performance_officer!.email,
    })
    expect(dup.statusCode).toBe(422)
    expect(dup.body).toContain('already has that email address')

    const changed = await agent.submit(`${base}/${dana.id}/edit`, `${base}/${dana.id}`, {
      name: 'Dana Smith-Jones',
      email: 'dana@example.org',
      organisationId: '',
    })
    expect(changed.statusCode).toBe(302)
    expect((await services.people.get(system, partnership.id, dana.id)).organisationId).toBeNull()

    const archived = await agent.submit(`${base}/${dana.id}`, `${base}/${dana.id}/archive`, {})
    expect(archived.statusCode).toBe(302)
    expect((await agent.get(base)).body).not.toContain('>Dana Smith-Jones</a>')
    expect((await agent.get(`${base}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404)
  })
})

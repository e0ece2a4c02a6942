import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { users as usersTable } from '../../db/schema/index.ts'

/** The options of the partnership switcher in the layout. */
const switcherSlugs = (html: string) => {
  const select = /<select[^>]*id="partnership-switcher"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? ''
  return [...select.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1])
}

// The actor, the switcher and the partnership in the address come from one query per request
// and nothing is kept between requests: these are the guarantees that must survive that.
describeIntegration('signed-in request context', (t) => {
  it('applies a role change, a removal and an archived account on the next request', async () => {
    const { app, services } = t()
    const { partnership, slug, users } = await seedPartnership(services, ['admin', 'performance_officer'])
    const officer = users.performance_officer!
    const agent = new Agent(app)
    await agent.signIn(officer.email, officer.password)
    expect((await agent.get(`/p/${slug}/users`)).statusCode).toBe(403)

    const [membership] = (await services.users.listMembers(system, partnership.id)).filter(
      (m) => m.userId === officer.userId,
    )
    await services.users.updateMember(system, partnership.id, membership!.id, {
      role: 'admin',
      organisationId: undefined,
    })
    expect((await agent.get(`/p/${slug}/users`)).statusCode).toBe(200)

    await services.users.removeMember(system, partnership.id, membership!.id)
    expect((await agent.get(`/p/${slug}/dashboard`)).statusCode).toBe(404)

    await t()
      .database.db.update(usersTable)
      .set({ archivedAt: new Date() })
      .where(eq(usersTable.id, officer.userId))
    const gone = await agent.get('/account')
    expect(gone.statusCode).toBe(302)
    expect(gone.headers.location).toBe('/sign-in')
  })

  it('offers the partnerships one is a member of in the switcher, a system administrator too', async () => {
    const { app, services } = t()
    const first = await seedPartnership(services, ['admin'])
    const second = await seedPartnership(services, ['admin'])
    const other = await seedPartnership(services, ['admin'])
    const admin = first.users.admin!
    await services.users.addMember(system, second.partnership.id, {
      email: admin.email,
      name: 'admin user',
      role: 'board_member',
      organisationId: null,
    })
    await services.users.makeSystemAdmin(system, admin.email)
    const agent = new Agent(app)
    await agent.signIn(admin.email, admin.password)

    const page = await agent.get(`/p/${second.slug}`)
    expect(page.statusCode).toBe(200)
    expect(switcherSlugs(page.body).sort()).toEqual([first.slug, second.slug].sort())
    expect(page.body).toContain(`value="${second.slug}" selected`)
    // Not a member: the partnership is not offered, and its pages are not found.
    expect((await agent.get(`/p/${other.slug}`)).statusCode).toBe(404)
  })
})

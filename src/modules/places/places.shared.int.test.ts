/**
 * Places are shared geography: one that another partnership uses is read-only here, whether
 * changed through pages, the API or a Places import; a system administrator may change it, and
 * the change is audited in every partnership that uses it.
 */
import type { FastifyInstance } from 'fastify'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { csvSource, gss } from '../../../test/helpers/workbook.ts'
import type { Services } from '../../services.ts'
import { localIndicators, seedAgreement } from '../targets/targets.fixtures.ts'

const auditOf = async (services: Services, partnershipId: string) =>
  (await services.audit.list(system, partnershipId, { entityType: 'place', limit: 100, offset: 0 })).rows

/** What a place's PUT takes (the API refuses fields it does not know). */
const inputOf = (p: {
  gssCode: string
  name: string
  type: string
  parentId: string | null
  priority: boolean
}) => ({
  gssCode: p.gssCode,
  name: p.name,
  type: p.type,
  parentId: p.parentId,
  priority: p.priority,
})

function api(app: FastifyInstance, slug: string, token: string) {
  const url = `/api/v1/partnerships/${slug}/places`
  const headers = bearer(token)
  return {
    get: (id: string) => app.inject({ url: `${url}/${id}`, headers }),
    create: (payload: object) => app.inject({ method: 'POST', url, headers, payload }),
    update: (id: string, payload: object) =>
      app.inject({ method: 'PUT', url: `${url}/${id}`, headers, payload }),
    archive: (id: string) => app.inject({ method: 'DELETE', url: `${url}/${id}`, headers }),
  }
}

/** Partnership A with an area and a district it created; partnership B, whose admin may try to change them. */
async function twoPartnerships(t: () => { app: FastifyInstance; services: Services }) {
  const { app, services } = t()
  const a = await seedPartnership(services, ['admin'])
  const b = await seedPartnership(services, ['admin'])
  const placesA = api(app, a.slug, a.users.admin!.token)
  const area = (await placesA.create({ gssCode: gss(), name: 'Shire County', type: 'area' })).json().data
  const district = (
    await placesA.create({ gssCode: gss(), name: 'Vale District', type: 'district', parentId: area.id })
  ).json().data
  return { app, services, a, b, area, district, placesA, placesB: api(app, b.slug, b.users.admin!.token) }
}

describeIntegration('shared places', (t) => {
  it('API: another partnership’s place is read-only (403 naming it), unchanged saves are fine', async () => {
    const { services, a, b, area, district, placesB } = await twoPartnerships(t)
    const auditB = (await auditOf(services, b.partnership.id)).length

    const renamed = await placesB.update(district.id, { ...inputOf(district), name: 'Renamed' })
    expect(renamed.statusCode).toBe(403)
    expect(renamed.json().error.id).toBe('place_in_use')
    expect(renamed.json().error.message).toBe(
      `Vale District (${district.gssCode}) is also used by ${a.partnership.name}, so only a system administrator can change it`,
    )
    // Moved (to the top, as an area) and re-coded: refused the same way.
    expect(
      (await placesB.update(district.id, { ...inputOf(district), type: 'area', parentId: null })).statusCode,
    ).toBe(403)
    expect((await placesB.update(district.id, { ...inputOf(district), gssCode: gss() })).statusCode).toBe(403)
    // The area is used too: a place inside it is A's.
    const archived = await placesB.archive(area.id)
    expect(archived.statusCode).toBe(403)
    expect(archived.json().error.message).toContain('Shire County cannot be archived')
    expect(archived.json().error.message).toContain(a.partnership.name)
    expect((await placesB.archive(district.id)).statusCode).toBe(403)

    // Saving it exactly as it stands changes nothing and is not refused.
    const same = await placesB.update(district.id, {
      gssCode: district.gssCode,
      name: district.name,
      type: 'district',
      parentId: area.id,
      priority: false,
    })
    expect(same.statusCode).toBe(200)
    const now = (await placesB.get(district.id)).json().data
    expect(now).toMatchObject({
      name: 'Vale District',
      type: 'district',
      parentId: area.id,
      archivedAt: null,
    })
    expect((await auditOf(services, b.partnership.id)).length).toBe(auditB)

    // B may add its own place inside A's district; A's own places stay A's to change...
    const hood = await placesB.create({
      gssCode: gss(),
      name: 'Mill Estate',
      type: 'neighbourhood',
      parentId: district.id,
    })
    expect(hood.statusCode).toBe(201)
    // ...except that the district now holds B's place, so moving or renaming it would change B's.
    const placesA = api(t().app, a.slug, a.users.admin!.token)
    const own = await placesA.update(district.id, { ...inputOf(district), name: 'Vale' })
    expect(own.statusCode).toBe(403)
    expect(own.json().error.message).toContain(b.partnership.name)
  })

  it('counts a partnership’s area and its targets’ places as using the place (and what is above them)', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin'])
    const b = await seedPartnership(services, ['admin'])
    const placesB = api(app, b.slug, b.users.admin!.token)
    // B creates it, then A chooses it as its area.
    const code = gss()
    const place = await services.places.create(system, b.partnership.id, {
      gssCode: code,
      name: 'Borough',
      type: 'area',
      parentId: null,
      priority: false,
    })
    // B created it: B may change it while nobody else uses it.
    expect(
      (await placesB.update(place.id, { gssCode: code, name: 'Borough of B', type: 'area' })).statusCode,
    ).toBe(200)
    await services.partnerships.update(
      system,
      { partnership: a.partnership, role: 'admin' },
      {
        name: a.partnership.name,
        kind: 'county',
        description: null,
        accountableBodyId: null,
        areaPlaceId: place.id,
      },
    )
    const refused = await placesB.update(place.id, { gssCode: code, name: 'Borough', type: 'area' })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.message).toContain(a.partnership.name)

    // A place made by the command line (no partnership's) under B's borough, then named by C's target.
    const ward = await services.places.create(system, b.partnership.id, {
      gssCode: gss(),
      name: 'Ward',
      type: 'district',
      parentId: place.id,
      priority: false,
    })
    const c = await seedPartnership(services, ['admin'])
    const [codeL] = await localIndicators(services, c.partnership.id, 1)
    const agreement = await seedAgreement(services, c.partnership.id)
    await services.targets.create(system, c.partnership.id, agreement.id, {
      indicatorCode: codeL!,
      kind: 'local',
      status: 'proposed',
      placeholderElements: null,
      outcomeRefs: [],
      placeGss: ward.gssCode,
      baselinePeriod: null,
      baselineValue: null,
      tolerancePercent: 5,
      withoutRewardValue: null,
      stretchValue: null,
      rewardGrant: null,
      notes: null,
    })
    const wardRes = await placesB.update(ward.id, { ...inputOf(ward), name: 'Ward 2', parentId: place.id })
    expect(wardRes.statusCode).toBe(403)
    expect(wardRes.json().error.message).toContain(c.partnership.name)
    expect(wardRes.json().error.message).not.toContain(a.partnership.name)
    // The borough holds C's ward: C is named for it too, beside A.
    const again = (await placesB.archive(place.id)).json().error.message
    expect(again).toContain(a.partnership.name)
    expect(again).toContain(c.partnership.name)
  })

  it('a system administrator may change it: audited in every partnership that uses it', async () => {
    const { app, services, a, b, district } = await twoPartnerships(t)
    await services.users.makeSystemAdmin(system, b.users.admin!.email)
    const before = (await auditOf(services, a.partnership.id)).length
    const res = await api(app, b.slug, b.users.admin!.token).update(district.id, {
      ...inputOf(district),
      name: 'Vale of the Shire',
    })
    expect(res.statusCode).toBe(200)
    const inA = await auditOf(services, a.partnership.id)
    const inB = await auditOf(services, b.partnership.id)
    expect(inA.length).toBe(before + 1)
    expect(inA[0]!.event).toMatchObject({ action: 'update', entityId: district.id })
    expect(inA[0]!.event.after).toMatchObject({ name: 'Vale of the Shire' })
    expect(inB.filter((r) => r.event.entityId === district.id).map((r) => r.event.action)).toEqual(['update'])

    // The edit form says who else uses it, and still lets them save.
    const agent = new Agent(app)
    await agent.signIn(b.users.admin!.email, b.users.admin!.password)
    const form = await agent.get(`/p/${b.slug}/places/${district.id}/edit`)
    expect(form.body).toContain(`Also used by ${a.partnership.name}`)
    expect(form.body).toContain('data-qa="save"')
  })

  it('pages: the edit form is read-only with why; posts are refused with the reason', async () => {
    const { app, a, b, area, district, placesB } = await twoPartnerships(t)
    const agent = new Agent(app)
    await agent.signIn(b.users.admin!.email, b.users.admin!.password)
    const base = `/p/${b.slug}/places`

    const show = await agent.get(`${base}/${district.id}`)
    expect(show.body).toContain('data-qa="place-shared"')
    expect(show.body).not.toContain('data-qa="change"')
    expect(show.body).not.toContain('data-qa="archive"')

    const form = await agent.get(`${base}/${district.id}/edit`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('data-qa="read-only"')
    expect(form.body).toContain(
      `is also used by ${a.partnership.name}, so only a system administrator can change it`,
    )
    expect(form.body).not.toContain('data-qa="save"')

    const post = await agent.submit(`${base}/new`, `${base}/${district.id}`, {
      gssCode: district.gssCode,
      name: 'Renamed',
      type: 'district',
      parentId: area.id,
    })
    expect(post.statusCode).toBe(403)
    expect(post.body).toContain('govuk-error-summary')
    expect(post.body).toContain(a.partnership.name)

    const archive = await agent.submit(`${base}/new`, `${base}/${area.id}/archive`, {})
    expect(archive.statusCode).toBe(403)
    expect(archive.body).toContain('Shire County cannot be archived')
    expect((await placesB.get(district.id)).json().data.name).toBe('Vale District')
    expect((await placesB.get(area.id)).json().data.archivedAt).toBeNull()
  })

  it('imports: a row that would change it is an error naming the row; a row matching it is fine', async () => {
    const { services, a, b, area, district, placesB } = await twoPartnerships(t)
    const actor = {
      kind: 'user' as const,
      userId: b.users.admin!.userId,
      label: 'admin user',
      isSystemAdmin: false,
      roles: new Map([[b.partnership.id, 'admin' as const]]),
    }
    const header = 'gss_code,name,type,parent_gss_code,priority\n'
    const mine = gss()
    const ok = await services.workbook.import(
      actor,
      b.partnership.id,
      csvSource(
        'Places.csv',
        `${header}${area.gssCode},Shire County,area,,no\n${district.gssCode},Vale District,district,${area.gssCode},no\n${mine},Mill Estate,neighbourhood,${district.gssCode},yes\n`,
      ),
    )
    expect(ok.sheets.Places).toEqual({ created: 1, updated: 0, unchanged: 2 })

    const refused = services.workbook.import(
      actor,
      b.partnership.id,
      csvSource(
        'Places.csv',
        `${header}${area.gssCode},Shire County,area,,no\n${district.gssCode},Vale,district,${area.gssCode},no\n${mine},Mill Estate,neighbourhood,${district.gssCode},no\n`,
      ),
    )
    await expect(refused).rejects.toMatchObject({ id: 'import_failed' })
    const details = await refused.then(
      () => [],
      (e: { details: string[] }) => e.details,
    )
    expect(details).toEqual([
      `Places!3 name: Vale District (${district.gssCode}) is also used by ${a.partnership.name}, so only a system administrator can change it: leave the row as the place stands (Vale District, district, inside ${area.gssCode}, priority no)`,
    ])
    expect((await placesB.get(district.id)).json().data.name).toBe('Vale District')

    // The command line acts as the system: it may, and A's audit trail shows it.
    await services.workbook.import(
      system,
      b.partnership.id,
      csvSource('Places.csv', `${header}${district.gssCode},Vale,district,${area.gssCode},no\n`),
    )
    expect((await placesB.get(district.id)).json().data.name).toBe('Vale')
    const inA = await auditOf(services, a.partnership.id)
    expect(inA[0]!.event).toMatchObject({ action: 'update', entityId: district.id })
  })
})

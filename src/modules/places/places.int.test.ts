import type { FastifyInstance } from 'fastify'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import type { Services } from '../../services.ts'

/** Places are shared by every partnership, so each test uses GSS codes of its own. */
let gssSeq = 0
const gss = (prefix = 'E') => `${prefix}${String(10_000_000 + ++gssSeq * 7).padStart(8, '0')}`

const auditOf = async (services: Services, partnershipId: string) =>
  (await services.audit.list(system, partnershipId, { entityType: 'place', limit: 100, offset: 0 })).rows

function api(app: FastifyInstance, slug: string, token: string) {
  const url = `/api/v1/partnerships/${slug}/places`
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

/** An area with a district inside it and a neighbourhood inside that. */
async function seedTree(places: ReturnType<typeof api>, name: string) {
  const area = (await places.create({ gssCode: gss(), name: `${name} County`, type: 'area' })).json().data
  const district = (
    await places.create({ gssCode: gss(), name: `${name} District`, type: 'district', parentId: area.id })
  ).json().data
  const hood = (
    await places.create({
      gssCode: gss(),
      name: `${name} Estate`,
      type: 'neighbourhood',
      parentId: district.id,
      priority: true,
    })
  ).json().data
  return { area, district, hood }
}

describeIntegration('places', (t) => {
  it('creates a tree, moves, renames and archives through the API, auditing each change', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const places = api(app, slug, users.admin!.token)
    const code = gss()
    const created = await places.create({ gssCode: code.toLowerCase(), name: 'Leicestershire', type: 'area' })
    expect(created.statusCode).toBe(201)
    const area = created.json().data
    expect(area).toMatchObject({ gssCode: code, depth: 0, parentId: null, priority: false })

    const district = (
      await places.create({ gssCode: gss(), name: 'Charnwood', type: 'district', parentId: area.id })
    ).json().data
    expect(district.depth).toBe(1)
    const hood = (
      await places.create({
        gssCode: gss(),
        name: 'Loughborough East',
        type: 'neighbourhood',
        parentId: district.id,
        priority: true,
      })
    ).json().data
    expect(hood).toMatchObject({ depth: 2, priority: true })

    // Move the neighbourhood straight under the area: its depth follows.
    const moved = await places.update(hood.id, {
      gssCode: hood.gssCode,
      name: 'Loughborough East and Shelthorpe',
      type: 'neighbourhood',
      parentId: area.id,
      priority: true,
    })
    expect(moved.statusCode).toBe(200)
    expect(moved.json().data).toMatchObject({ parentId: area.id, depth: 1 })
    expect((await places.get(hood.id)).json().data.name).toBe('Loughborough East and Shelthorpe')

    // A new area above the old one moves the whole subtree down a level.
    const region = (await places.create({ gssCode: gss(), name: 'Midlands', type: 'area' })).json().data
    const demoted = await places.update(area.id, {
      gssCode: area.gssCode,
      name: 'Leicestershire',
      type: 'district',
      parentId: region.id,
    })
    // The district inside it would then sit inside a district: refused, nothing moved.
    expect(demoted.statusCode).toBe(422)
    expect(demoted.json().error.fields.type).toContain('Charnwood')

    // Moving a district carries what is inside it: the paths follow, so a cycle through the
    // moved subtree is still caught.
    const inner = (
      await places.create({ gssCode: gss(), name: 'Shepshed', type: 'neighbourhood', parentId: district.id })
    ).json().data
    const movedDistrict = await places.update(district.id, {
      gssCode: district.gssCode,
      name: 'Charnwood',
      type: 'district',
      parentId: region.id,
    })
    expect(movedDistrict.json().data).toMatchObject({ parentId: region.id, depth: 1 })
    const cycle = await places.update(region.id, {
      gssCode: region.gssCode,
      name: 'Midlands',
      type: 'area',
      parentId: inner.id,
    })
    expect(cycle.json().error.fields.parentId).toContain('cannot be inside itself')
    expect((await places.get(inner.id)).json().data.depth).toBe(2)

    const archived = await places.archive(hood.id)
    expect(archived.statusCode).toBe(200)
    expect(archived.json().data.archivedAt).not.toBeNull()
    const names = (await places.list()).json().data.map((p: { name: string }) => p.name)
    expect(names).toContain('Charnwood')
    expect(names).not.toContain('Loughborough East and Shelthorpe')
    const all = (await places.list('?includeArchived=true')).json().data.map((p: { id: string }) => p.id)
    expect(all).toContain(hood.id)

    const rows = await auditOf(services, partnership.id)
    expect(rows.map((r) => r.event.action)).toEqual([
      'archive',
      'update',
      'create',
      'create',
      'update',
      'create',
      'create',
      'create',
    ])
    expect(rows[4]!.event.before).toMatchObject({ name: 'Loughborough East', parentId: district.id })
    expect(rows[4]!.event.after).toMatchObject({
      name: 'Loughborough East and Shelthorpe',
      parentId: area.id,
    })
  })

  it('rejects a bad hierarchy with field errors and writes nothing', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const places = api(app, slug, users.admin!.token)
    const { area, district, hood } = await seedTree(places, 'Melton')
    const before = (await places.list()).json().data.length
    const auditBefore = (await auditOf(services, partnership.id)).length

    const expectField = (res: Awaited<ReturnType<typeof places.create>>, field: string, text: string) => {
      expect(res.statusCode).toBe(422)
      expect(res.json().error.id).toBe('validation_failed')
      expect(res.json().error.fields[field]).toContain(text)
    }
    // Duplicate GSS code (whatever the case it was typed in).
    expectField(
      await places.create({ gssCode: area.gssCode.toLowerCase(), name: 'Copy', type: 'area' }),
      'gssCode',
      'already used by Melton County',
    )
    // Unknown parent.
    expectField(
      await places.create({
        gssCode: gss(),
        name: 'Nowhere',
        type: 'district',
        parentId: '00000000-0000-4000-8000-000000000000',
      }),
      'parentId',
      'Choose the parent place from the list',
    )
    // Parent of a lower kind: a district inside a neighbourhood, a neighbourhood inside another.
    expectField(
      await places.create({ gssCode: gss(), name: 'Upside', type: 'district', parentId: hood.id }),
      'parentId',
      'A district cannot be inside a neighbourhood: choose an area',
    )
    expectField(
      await places.create({ gssCode: gss(), name: 'Nested', type: 'neighbourhood', parentId: hood.id }),
      'parentId',
      'choose an area or a district',
    )
    expectField(
      await places.create({ gssCode: gss(), name: 'Floating', type: 'neighbourhood' }),
      'parentId',
      'Choose the area or district',
    )
    // Cycle: the area moved under its own district, the district under itself.
    expectField(
      await places.update(area.id, {
        gssCode: area.gssCode,
        name: area.name,
        type: 'area',
        parentId: district.id,
      }),
      'parentId',
      'cannot be inside itself or one of the places inside it',
    )
    expectField(
      await places.update(district.id, {
        gssCode: district.gssCode,
        name: district.name,
        type: 'district',
        parentId: district.id,
      }),
      'parentId',
      'cannot be inside itself',
    )
    // Shape errors come from the schema, every field at once.
    const shape = await places.create({ gssCode: 'E1', name: '', type: 'county' })
    expect(shape.statusCode).toBe(422)
    expect(Object.keys(shape.json().error.fields).sort()).toEqual(['gssCode', 'name', 'type'])

    expect((await places.list()).json().data.length).toBe(before)
    expect((await places.get(district.id)).json().data.parentId).toBe(area.id)
    expect((await auditOf(services, partnership.id)).length).toBe(auditBefore)
  })

  it('refuses to archive a place with places inside it', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const places = api(app, slug, users.admin!.token)
    const { area } = await seedTree(places, 'Harborough')
    const res = await places.archive(area.id)
    expect(res.statusCode).toBe(422)
    expect(res.json().error.fields._form).toBe(
      'Harborough County cannot be archived: it has 1 place inside it. Archive or move it first',
    )
    expect((await places.get(area.id)).json().data.archivedAt).toBeNull()
  })

  it('hides places from outsiders (404), refuses non-managers (403)', async () => {
    const { app, services } = t()
    const a = await seedPartnership(services, ['admin', 'board_member'])
    const b = await seedPartnership(services, ['admin'])
    const places = api(app, a.slug, a.users.admin!.token)
    const { area } = await seedTree(places, 'Blaby')

    // b's admin asks for a's partnership: not found.
    expect((await api(app, a.slug, b.users.admin!.token).get(area.id)).statusCode).toBe(404)
    expect((await api(app, a.slug, b.users.admin!.token).list()).statusCode).toBe(404)
    expect((await places.get('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)

    const board = api(app, a.slug, a.users.board_member!.token)
    expect((await board.list()).statusCode).toBe(200)
    const refused = await board.create({ gssCode: gss(), name: 'Sneaky', type: 'area' })
    expect(refused.statusCode).toBe(403)
    expect((await board.update(area.id, { gssCode: area.gssCode, name: 'X', type: 'area' })).statusCode).toBe(
      403,
    )
    expect((await board.archive(area.id)).statusCode).toBe(403)

    const agent = new Agent(app)
    await agent.signIn(a.users.board_member!.email, a.users.board_member!.password)
    expect((await agent.get(`/p/${a.slug}/places/new`)).statusCode).toBe(403)
    const page = await agent.get(`/p/${a.slug}/places`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Add a place')
    expect((await agent.get(`/p/${a.slug}/places/not-a-uuid`)).statusCode).toBe(404)
  })

  it('works in GOV.UK pages: tree, add, error summary, change, archive', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['performance_officer'])
    const places = api(app, slug, users.performance_officer!.token)
    const { area, district, hood } = await seedTree(places, 'Rutland')
    const agent = new Agent(app)
    await agent.signIn(users.performance_officer!.email, users.performance_officer!.password)
    const base = `/p/${slug}/places`

    const tree = await agent.get(base)
    expect(tree.statusCode).toBe(200)
    // Nested lists: the neighbourhood's <li> sits inside the district's, inside the area's.
    const html = tree.body
    const [i, j, k] = [area.name, district.name, hood.name].map((n) => html.indexOf(`>${n}</a>`)) as [
      number,
      number,
      number,
    ]
    expect(html).toContain('class="govuk-list gt-tree"')
    expect(i).toBeGreaterThan(0)
    expect(j).toBeGreaterThan(i)
    expect(k).toBeGreaterThan(j)
    for (const between of [html.slice(i, j), html.slice(j, k)]) {
      expect(between).toContain('<ul')
      expect(between).not.toContain('</li>')
    }
    expect(html).toContain(hood.gssCode)
    expect(html).toContain('Priority')

    const form = await agent.get(`${base}/new`)
    expect(form.body).toContain(`— ${district.name} (District, ${district.gssCode})`)
    expect(form.body).not.toContain(`${hood.name} (Neighbourhood`)

    const bad = await agent.submit(`${base}/new`, base, {
      gssCode: area.gssCode,
      name: 'Oakham',
      type: 'district',
      parentId: hood.id,
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain(`already used by ${area.name}`)
    expect(bad.body).toContain('href="#gssCode"')
    expect(bad.body).toContain('A district cannot be inside a neighbourhood')
    expect(bad.body).toContain('href="#parentId"')
    expect(bad.body).toContain('value="Oakham"')

    const code = gss()
    const ok = await agent.submit(`${base}/new`, base, {
      gssCode: code,
      name: 'Oakham',
      type: 'district',
      parentId: area.id,
      priority: 'yes',
    })
    expect(ok.statusCode).toBe(302)
    const shown = await agent.get(ok.headers.location as string)
    expect(shown.body).toContain('Oakham')
    expect(shown.body).toContain(code)
    expect(shown.body).toContain(`>${area.name}</a>`)
    const oakham = (await places.list()).json().data.find((p: { name: string }) => p.name === 'Oakham')
    expect(oakham).toMatchObject({ parentId: area.id, priority: true, type: 'district' })

    // Moving the area under its own district is a cycle, shown in the error summary.
    const cycle = await agent.submit(`${base}/${area.id}/edit`, `${base}/${area.id}`, {
      gssCode: area.gssCode,
      name: area.name,
      type: 'area',
      parentId: district.id,
    })
    expect(cycle.statusCode).toBe(422)
    expect(cycle.body).toContain('govuk-error-summary')
    expect(cycle.body).toContain('cannot be inside itself or one of the places inside it')
    const edit = await agent.get(`${base}/${area.id}/edit`)
    // The area and everything inside it are not offered as its parent.
    expect(edit.body).not.toContain(`${district.name} (District`)

    const renamed = await agent.submit(`${base}/${oakham.id}/edit`, `${base}/${oakham.id}`, {
      gssCode: code,
      name: 'Oakham Town',
      type: 'district',
      parentId: area.id,
    })
    expect(renamed.statusCode).toBe(302)
    expect((await places.get(oakham.id)).json().data).toMatchObject({ name: 'Oakham Town', priority: false })

    const refused = await agent.submit(`${base}/${area.id}`, `${base}/${area.id}/archive`, {})
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('govuk-error-summary')
    expect(refused.body).toContain('cannot be archived: it has 2 places inside it')

    const archived = await agent.submit(`${base}/${oakham.id}`, `${base}/${oakham.id}/archive`, {})
    expect(archived.statusCode).toBe(302)
    expect((await places.get(oakham.id)).json().data.archivedAt).not.toBeNull()
  })
})

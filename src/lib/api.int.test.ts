import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, unique } from '../../test/helpers/app.ts'

describeIntegration('API bodies are strict', (t) => {
  it('refuses unknown fields with 422 naming each, and creates nothing', async () => {
    const { app, services } = t()
    const { users } = await seedPartnership(services, ['admin'])
    const h = bearer(users.admin!.token)
    const slug = unique('child')
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/partnerships',
      headers: h,
      payload: { slug, name: 'Melton LSP', kind: 'district', parentSlg: 'x', colour: 'red' },
    })
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json().error.fields).toEqual({
      parentSlg: 'Unknown field: parentSlg is not one of this request’s fields',
      colour: 'Unknown field: colour is not one of this request’s fields',
    })
    expect(await services.partnerships.findBySlug(slug)).toBeUndefined()
    // The OpenAPI document says so.
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json()
    const body = doc.paths['/api/v1/partnerships'].post.requestBody.content['application/json'].schema
    expect(body.additionalProperties).toBe(false)
    expect(Object.keys(body.properties)).toContain('parentSlug')
  })

  it('creates a district partnership under the parent named by parentSlug', async () => {
    const { app, services } = t()
    const parent = await seedPartnership(services, ['admin'])
    const h = bearer(parent.users.admin!.token)
    const slug = unique('district')
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/partnerships',
      headers: h,
      payload: { slug, name: 'Melton LSP', kind: 'district', parentSlug: parent.slug },
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().data.parentId).toBe(parent.partnership.id)

    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/partnerships',
      headers: h,
      payload: { slug: unique('district'), name: 'Nowhere LSP', kind: 'district', parentSlug: 'no-such-lsp' },
    })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.fields.parentSlug).toMatch(/no partnership with the short name no-such-lsp/)
  })

  it('refuses unknown fields on a value too, and a form still takes its own extra fields', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${slug}`,
      headers: bearer(users.admin!.token),
      payload: { name: 'Renamed', kind: 'county', areaPlace: 'x' },
    })
    expect(res.statusCode).toBe(422)
    expect(Object.keys(res.json().error.fields)).toEqual(['areaPlace'])

    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const form = await agent.submit(`/p/${slug}/settings`, `/p/${slug}/settings`, {
      name: 'Renamed by the form',
      kind: 'county',
      intent: 'save',
    })
    expect(form.statusCode, form.body).toBe(302)
  })
})

import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { LOGO_MAX_BYTES } from './partnerships.logo.ts'
import { jpegOf, PNG_1X1, pngOf, SVG } from './partnerships.logo.fixtures.ts'

/** A multipart body with `fields` first, then the file in a part named `name`. */
function multipart(
  file: Buffer,
  {
    name = 'logo',
    filename = 'logo.png',
    fields = {},
  }: { name?: string; filename?: string; fields?: Record<string, string> } = {},
) {
  const boundary = `----goldthread${Math.random().toString(16).slice(2)}`
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  )
  const payload = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** The settings page's logo form: its CSRF token (its first field). */
async function logoFormToken(agent: Agent, slug: string) {
  const page = await agent.get(`/p/${slug}/settings`)
  expect(page.statusCode).toBe(200)
  const token = new RegExp(
    `<form method="post" action="/p/${slug}/settings/logo" enctype="multipart/form-data"[^>]*>\\s*<input type="hidden" name="_csrf" value="([^"]+)">`,
  ).exec(page.body)?.[1]
  expect(token, 'the logo form’s first field is its CSRF token').toBeTruthy()
  return token!
}

async function logoAudit(services: Parameters<typeof seedPartnership>[0], partnershipId: string) {
  const { rows } = await services.audit.list(system, partnershipId, {
    entityType: 'partnership',
    limit: 20,
    offset: 0,
  })
  return rows.filter((r) => r.event.action.endsWith('_logo')).map((r) => r.event)
}

describeIntegration('a partnership’s logo', (t) => {
  it('is uploaded on the settings page, shown in the header, replaced and removed, each audited', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin', 'data_provider'])
    const admin = new Agent(app)
    await admin.signIn(users.admin!.email, users.admin!.password)

    const none = await admin.get(`/p/${slug}/settings`)
    expect(none.body).toContain('data-qa="no-logo"')
    expect(none.body).not.toContain('data-qa="header-logo"')

    let res = await admin.request({
      method: 'POST',
      url: `/p/${slug}/settings/logo`,
      ...multipart(PNG_1X1, { fields: { _csrf: await logoFormToken(admin, slug) } }),
    })
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe(`/p/${slug}/settings`)

    const home = await admin.get(`/p/${slug}`)
    const src = /<img class="gt-header__logo" src="([^"]+)" alt=""/.exec(home.body)?.[1]
    expect(src).toMatch(new RegExp(`^/p/${slug}/logo\\?v=\\d+$`))
    // The logo sits in the partnership's link, whose name is the partnership's name.
    expect(home.body).toMatch(
      /data-qa="header-partnership">\s*<img[^>]+>\s*<span class="gt-header__partnership-name">Partnership /,
    )

    // Any member sees it; at its versioned address it is cached for good, and revalidates by ETag.
    const provider = new Agent(app)
    await provider.signIn(users.data_provider!.email, users.data_provider!.password)
    const image = await provider.get(src!)
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['cache-control']).toBe('private, max-age=31536000, immutable')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.rawPayload.equals(PNG_1X1)).toBe(true)
    const again = await provider.request({
      method: 'GET',
      url: src!,
      headers: { 'if-none-match': image.headers.etag as string },
    })
    expect(again.statusCode).toBe(304)
    const unversioned = await provider.get(`/p/${slug}/logo`)
    expect(unversioned.headers['cache-control']).toBe('private, no-cache')

    // Replace: a new address.
    res = await admin.request({
      method: 'POST',
      url: `/p/${slug}/settings/logo`,
      ...multipart(jpegOf(40, 20), {
        filename: 'logo.jpg',
        fields: { _csrf: await logoFormToken(admin, slug) },
      }),
    })
    expect(res.statusCode).toBe(302)
    const settings = await admin.get(`/p/${slug}/settings`)
    expect(settings.body).toContain('data-qa="logo-preview"')
    expect(settings.body).toContain(`alt="The current logo of Partnership ${slug}"`)

    // Remove.
    res = await admin.submit(`/p/${slug}/settings`, `/p/${slug}/settings/logo/remove`, {})
    expect(res.statusCode).toBe(302)
    expect((await admin.get(`/p/${slug}`)).body).not.toContain('gt-header__logo')
    expect((await provider.get(`/p/${slug}/logo`)).statusCode).toBe(404)

    const events = await logoAudit(services, partnership.id)
    expect(events.map((e) => e.action)).toEqual(['remove_logo', 'replace_logo', 'add_logo'])
    expect(events[2]!.after).toEqual({
      logo: { type: 'image/png', bytes: PNG_1X1.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    })
    expect(events[1]!.after).toMatchObject({ logo: { type: 'image/jpeg' } })
    expect(events[0]!.after).toEqual({ logo: null })
  })

  it('refuses a wrong type, a file too large or no file on the page, naming the field, changing nothing', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin'])
    const admin = new Agent(app)
    await admin.signIn(users.admin!.email, users.admin!.password)
    for (const [file, message] of [
      [SVG, 'The logo must be a PNG or JPEG image'],
      [pngOf(10, 10, LOGO_MAX_BYTES + 5000), 'The logo must be 200 KB or smaller'],
    ] as const) {
      const res = await admin.request({
        method: 'POST',
        url: `/p/${slug}/settings/logo`,
        ...multipart(file, { fields: { _csrf: await logoFormToken(admin, slug) } }),
      })
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain('There is a problem')
      expect(res.body).toContain('href="#logo"')
      expect(res.body).toContain(message)
    }
    const empty = await admin.request({
      method: 'POST',
      url: `/p/${slug}/settings/logo`,
      ...multipart(Buffer.alloc(0), { filename: '', fields: { _csrf: await logoFormToken(admin, slug) } }),
    })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Select a PNG or JPEG file for the logo')
    // A form without a file at all (urlencoded): the same answer, not a server error.
    const plain = await admin.submit(`/p/${slug}/settings`, `/p/${slug}/settings/logo`, { logo: 'x' })
    expect(plain.statusCode).toBe(422)
    expect(await logoAudit(services, partnership.id)).toEqual([])
    expect((await admin.get(`/p/${slug}/logo`)).statusCode).toBe(404)
  })

  it('is set, read and removed through the API, as base64 or multipart, by administrators only', async () => {
    const { app, services } = t()
    const { slug, users, partnership } = await seedPartnership(services, ['admin', 'performance_officer'])
    const h = bearer(users.admin!.token)
    const url = `/api/v1/partnerships/${slug}/logo`

    let res = await app.inject({
      method: 'PUT',
      url,
      headers: h,
      payload: { logo: PNG_1X1.toString('base64') },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().data.logo).toEqual({
      type: 'image/png',
      updatedAt: expect.any(String),
      href: url,
    })
    const got = await app.inject({ url, headers: bearer(users.performance_officer!.token) })
    expect(got.statusCode).toBe(200)
    expect(got.rawPayload.equals(PNG_1X1)).toBe(true)

    const jpeg = multipart(jpegOf(20, 20))
    res = await app.inject({ method: 'PUT', url, payload: jpeg.payload, headers: { ...h, ...jpeg.headers } })
    expect(res.statusCode).toBe(200)
    expect(res.json().data.logo.type).toBe('image/jpeg')

    // Wrong type, too big, not base64, another part's name, nothing sent: 422 naming `logo`.
    for (const bad of [
      { payload: { logo: SVG.toString('base64') } },
      { payload: { logo: pngOf(1, 1, LOGO_MAX_BYTES + 1).toString('base64') } },
      { payload: { logo: '***' } },
      multipart(PNG_1X1, { name: 'file' }),
      multipart(pngOf(1, 1, LOGO_MAX_BYTES + 100)),
      multipart(SVG, { filename: 'logo.svg' }),
    ]) {
      const r = await app.inject({
        method: 'PUT',
        url,
        headers: { ...h, ...('headers' in bad ? bad.headers : {}) },
        payload: bad.payload,
      })
      expect(r.statusCode, r.body).toBe(422)
      expect(Object.keys(r.json().error.fields)).toEqual(['logo'])
    }
    const unknown = await app.inject({ method: 'PUT', url, headers: h, payload: { logo: 'aaaa', extra: 1 } })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.fields).toHaveProperty('extra')

    // Not an administrator: refused.
    const officer = await app.inject({
      method: 'PUT',
      url,
      headers: bearer(users.performance_officer!.token),
      payload: { logo: PNG_1X1.toString('base64') },
    })
    expect(officer.statusCode).toBe(403)
    expect(
      (await app.inject({ method: 'DELETE', url, headers: bearer(users.performance_officer!.token) }))
        .statusCode,
    ).toBe(403)

    res = await app.inject({ method: 'DELETE', url, headers: h })
    expect(res.statusCode).toBe(200)
    expect(res.json().data.logo).toBeNull()
    expect((await app.inject({ url, headers: h })).statusCode).toBe(404)
    // Removing again changes nothing and records nothing.
    expect((await app.inject({ method: 'DELETE', url, headers: h })).statusCode).toBe(200)
    expect((await logoAudit(services, partnership.id)).map((e) => e.action)).toEqual([
      'remove_logo',
      'replace_logo',
      'add_logo',
    ])
    // The OpenAPI document describes the endpoints.
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json()
    expect(Object.keys(doc.paths['/api/v1/partnerships/{slug}/logo'])).toEqual(['get', 'put', 'delete'])
  })
})

import ExcelJS from 'exceljs'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { gss, multipart, withCsrf } from '../../../test/helpers/workbook.ts'

/**
 * Post a file through the upload form as a browser without JavaScript does: to the form's action,
 * which carries no CSRF token, with the token as the form's first field.
 */
async function postUpload(agent: Agent, slug: string, body: ReturnType<typeof multipart>) {
  const page = await agent.get(`/p/${slug}/workbook`)
  expect(page.statusCode).toBe(200)
  const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(page.body)?.[1]
  expect(action).toBe(`/p/${slug}/workbook/import`)
  expect(page.body).not.toContain('_csrf=')
  const token =
    /<form method="post" action="[^"]+" enctype="multipart\/form-data"[^>]*>\s*(?:\{#[^#]*#\}\s*)?<input type="hidden" name="_csrf" value="([^"]+)">/.exec(
      page.body,
    )?.[1]
  expect(token, "the CSRF token is the form's first field").toBeTruthy()
  return agent.request({ method: 'POST', url: action!, ...withCsrf(body, token!) })
}

describeIntegration('workbook pages and API', (t) => {
  it('imports an uploaded file through the page and shows what changed, or every problem', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['performance_officer'])
    const agent = new Agent(app)
    await agent.signIn(users.performance_officer!.email, users.performance_officer!.password)
    const page = await agent.get(`/p/${slug}/workbook`)
    expect(page.body).toContain('govuk-file-upload')
    expect(page.body).toContain(`/p/${slug}/workbook/template`)
    expect(page.body).toContain(`/p/${slug}/workbook/exports/Places?format=xlsx`)

    const [area, district] = [gss(), gss()]
    const good = multipart(
      'Places.csv',
      `gss_code,name,type,parent_gss_code,colour\n${district},Melton,district,${area},red\n${area},Leicestershire,area,,\n`,
    )
    const ok = await postUpload(agent, slug, good)
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toContain('Import complete')
    expect(ok.body).toMatch(/<th scope="row" class="govuk-table__header">Places<\/th>\s*<td[^>]*>2<\/td>/)
    expect(ok.body).toContain('Places!1 colour: unknown column, ignored')
    expect(await services.places.findByGss(district)).toBeDefined()

    const bad = multipart('Organisations.csv', 'name,type\nPolice,police\n,spaceship\n')
    const res = await postUpload(agent, slug, bad)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('The file has 2 problems; nothing was imported')
    expect(res.body).toContain('Organisations!3 name: enter a value: this column is required')
    expect(res.body).toContain('Organisations!3 type: must be one of')
    expect(res.body).toContain('href="#file"')
    const partnership = (await services.partnerships.findBySlug(slug))!
    expect(await services.organisations.list(system, partnership.id)).toEqual([])

    const none = await postUpload(agent, slug, multipart('', ''))
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Select a CSV or Excel (.xlsx) file to import')
  })

  it('refuses an upload without the CSRF token', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const body = multipart('Organisations.csv', 'name,type\nPolice,police\n')
    const res = await agent.request({ method: 'POST', url: `/p/${slug}/workbook/import`, ...body })
    expect(res.statusCode).toBe(403)
  })

  it('downloads sheets and the blank template from the page', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const csv = await agent.get(`/p/${slug}/workbook/exports/Organisations?format=csv`)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="Organisations.csv"')
    expect(csv.body).toBe('\uFEFFname,type,duty_to_cooperate\n')
    const template = await agent.get(`/p/${slug}/workbook/template`)
    expect(template.headers['content-type']).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer)
    // Guidance first, then every sheet that can be imported (later issues add theirs).
    const importable = services.workbook.sheets.filter((s) => !s.exportOnly).map((s) => s.name)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Guidance', ...importable])
    expect(importable).toEqual(expect.arrayContaining(['Places', 'Organisations']))
    expect((await agent.get(`/p/${slug}/workbook/exports/Nonsense?format=csv`)).statusCode).toBe(404)
  })

  it('imports JSON through the API, and answers 422 import_failed listing every problem', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const h = bearer(users.admin!.token)
    const area = gss()
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      headers: h,
      payload: {
        sheets: {
          Places: [{ gss_code: area, name: 'Rutland', type: 'area', priority: true }],
          Organisations: [{ name: 'Rutland County Council', type: 'council', duty_to_cooperate: 'yes' }],
        },
      },
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({
      data: {
        sheets: {
          Places: { created: 1, updated: 0, unchanged: 0 },
          Organisations: { created: 1, updated: 0, unchanged: 0 },
        },
        warnings: [],
      },
    })

    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      headers: h,
      payload: {
        sheets: {
          Places: [{ gss_code: gss(), name: 'Oakham', type: 'district', parent_gss_code: 'E07999999' }],
          Organisations: [{ name: 'Police', type: 'police', duty_to_cooperate: 'perhaps' }],
        },
      },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error).toMatchObject({
      id: 'import_failed',
      message: 'The file has 2 problems; nothing was imported',
      details: [
        'Places!2 parent_gss_code: no place with GSS code E07999999 in this file or already known',
        'Organisations!2 duty_to_cooperate: must be yes or no (found "perhaps")',
      ],
    })

    const exported = await app.inject({
      url: `/api/v1/partnerships/${slug}/exports/organisations?format=json`,
      headers: h,
    })
    expect(exported.statusCode).toBe(200)
    expect(exported.json()).toEqual([
      { name: 'Rutland County Council', type: 'council', duty_to_cooperate: true },
    ])
    const csvWhole = await app.inject({
      url: `/api/v1/partnerships/${slug}/exports/workbook?format=csv`,
      headers: h,
    })
    expect(csvWhole.statusCode).toBe(422)
  })

  it('imports a multipart upload through the API and round-trips an xlsx export', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const h = bearer(users.admin!.token)
    const up = multipart('orgs.csv', 'name,type,duty_to_cooperate\nLeicestershire Fire and Rescue,fire,yes\n')
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports?sheet=Organisations`,
      payload: up.payload,
      headers: { ...h, ...up.headers },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().data.sheets.Organisations).toEqual({ created: 1, updated: 0, unchanged: 0 })

    const xlsx = await app.inject({
      url: `/api/v1/partnerships/${slug}/exports/workbook?format=xlsx`,
      headers: h,
    })
    expect(xlsx.headers['content-disposition']).toBe('attachment; filename="Workbook.xlsx"')
    const back = multipart(
      'Workbook.xlsx',
      xlsx.rawPayload,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      payload: back.payload,
      headers: { ...h, ...back.headers },
    })
    expect(again.statusCode).toBe(200)
    expect(again.json().data.sheets.Organisations).toEqual({ created: 0, updated: 0, unchanged: 1 })
    expect(again.json().data.sheets.Places.created + again.json().data.sheets.Places.updated).toBe(0)
  })

  it('lists the workbook endpoints in the OpenAPI document and refuses non-managers', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['scrutiny'])
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json()
    expect(doc.paths['/api/v1/partnerships/{slug}/imports'].post.tags).toEqual(['Workbook'])
    expect(doc.paths['/api/v1/partnerships/{slug}/exports/{sheet}'].get.tags).toEqual(['Workbook'])
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      headers: bearer(users.scrutiny!.token),
      payload: { sheets: { Organisations: [{ name: 'X', type: 'vcs' }] } },
    })
    expect(res.statusCode).toBe(403)
  })
})

describeIntegration(
  'workbook uploads over the limit',
  (t) => {
    it('answers 413 with a clear message on the page and the API, and writes nothing', async () => {
      const { app, services } = t()
      const { slug, users } = await seedPartnership(services, ['admin'])
      const rows = Array.from({ length: 200 }, (_, i) => `Organisation number ${i},vcs,no`).join('\n')
      const big = multipart('Organisations.csv', `name,type,duty_to_cooperate\n${rows}\n`)
      expect(big.payload.length).toBeGreaterThan(4096)

      const api = await app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${slug}/imports`,
        payload: big.payload,
        headers: { ...bearer(users.admin!.token), ...big.headers },
      })
      expect(api.statusCode).toBe(413)
      expect(api.json().error.id).toBe('payload_too_large')
      expect(api.json().error.message).toMatch(/^The file is too large: it must be smaller than 4 KB/)

      const agent = new Agent(app)
      await agent.signIn(users.admin!.email, users.admin!.password)
      const page = await postUpload(agent, slug, big)
      expect(page.statusCode).toBe(413)
      expect(page.body).toContain('govuk-error-summary')
      expect(page.body).toContain('The file is too large')

      const partnership = (await services.partnerships.findBySlug(slug))!
      expect(await services.organisations.list(system, partnership.id)).toEqual([])
    })
  },
  { uploadLimitBytes: 4096 },
)

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect, it } from 'vitest'
import { uploadTempRoot } from '../src/workbook/read-zip.ts'
import { Agent, bearer, describeIntegration, seedPartnership, system } from './helpers/app.ts'
import { multipart, withCsrf } from './helpers/workbook.ts'
import { minimalXlsx } from './helpers/zip.ts'

// A temp copy left by a server killed mid-import (its pid is gone): the app removes it at start.
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid
const stale = path.join(uploadTempRoot(), `${deadPid}-stale`)
fs.mkdirSync(stale, { recursive: true })
fs.writeFileSync(path.join(stale, 'workbook.xlsx'), 'left by a crash')

/**
 * A Places workbook whose shared-strings table claims a kilobyte and inflates to 400 MB of one
 * repeated string (23 million strings): 1 MB on the wire.
 */
const bomb = (sheet = 'Places') =>
  minimalXlsx({
    sheet,
    headers: ['gss_code', 'name'],
    bomb: { chunk: '<si><t>x</t></si>'.repeat(64 * 1024), times: 384, declaredSize: 1000 },
  })

/**
 * The most the live heap may grow while a bomb is refused. Without the caps the bomb's whole
 * 400 MB table (23 million strings) is read into memory; with them reading stops at a million
 * strings.
 */
const BOUND = 300 * 1024 * 1024

/**
 * The collector, exposed at run time: the samples below count live memory only, not garbage the
 * collector has not yet reached (which varies with how busy the machine is).
 */
v8.setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Run a request, sampling the live heap meanwhile: the largest growth seen. */
async function heapGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const live = () => {
    gc()
    return process.memoryUsage().heapUsed
  }
  const before = live()
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, live())
  }, 100)
  try {
    const result = await run()
    peak = Math.max(peak, live())
    return { result, growth: peak - before }
  } finally {
    clearInterval(timer)
  }
}

const MB = 1024 * 1024

/** The upload page's CSRF token (the form's first field). */
async function formToken(agent: Agent, slug: string) {
  const page = await agent.get(`/p/${slug}/workbook`)
  expect(page.statusCode).toBe(200)
  return /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
}

describeIntegration('hostile uploads', (t) => {
  it('removes temp copies of uploads left by a dead process when the app starts', () => {
    expect(fs.existsSync(stale)).toBe(false)
  })

  it('refuses a workbook bomb through the page and the API with bounded memory, and keeps serving', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const file = bomb()
    expect(file.length).toBeLessThan(2 * MB)
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)

    const page = await heapGrowth(async () =>
      agent.request({
        method: 'POST',
        url: `/p/${slug}/workbook/import`,
        ...withCsrf(multipart('bomb.xlsx', file, 'application/octet-stream'), await formToken(agent, slug)),
      }),
    )
    expect(page.result.statusCode).toBe(422)
    expect(page.result.body).toMatch(/Workbook: the part xl\/sharedStrings\.xml is too large when unpacked/)
    expect(page.growth).toBeLessThan(BOUND)

    const form = multipart('bomb.xlsx', file)
    const api = await heapGrowth(() =>
      app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${slug}/imports`,
        headers: { ...bearer(users.admin!.token), ...form.headers },
        payload: form.payload,
      }),
    )
    expect(api.result.statusCode).toBe(422)
    const body = api.result.json<{ error: { id: string; details: string[] } }>()
    expect(body.error.id).toBe('import_failed')
    expect(body.error.details).toEqual([expect.stringMatching(/^Workbook: .* too large when unpacked/)])
    expect(api.growth).toBeLessThan(BOUND)

    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
    expect((await agent.get(`/p/${slug}/workbook`)).statusCode).toBe(200)
    // The temp copies of both uploads are gone.
    const mine = fs.readdirSync(uploadTempRoot()).filter((d) => d.startsWith(`${process.pid}-`))
    expect(mine).toEqual([])
  })

  it('refuses a sheet the uploader may not import before reading its shared strings', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['data_provider'])
    const form = multipart('bomb.xlsx', bomb())
    const res = await heapGrowth(() =>
      app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${slug}/imports`,
        headers: { ...bearer(users.data_provider!.token), ...form.headers },
        payload: form.payload,
      }),
    )
    expect(res.result.statusCode).toBe(422)
    expect(res.result.json<{ error: { details: string[] } }>().error.details).toEqual([
      'Places: you cannot import this sheet: ask an administrator or performance officer',
    ])
    expect(res.growth).toBeLessThan(50 * MB)
  })

  it('takes the upload form’s CSRF token from its first field or a header, never the address', async () => {
    const { app, services } = t()
    const { slug, users } = await seedPartnership(services, ['admin'])
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const page = await agent.get(`/p/${slug}/workbook`)
    expect(page.body).toContain(`action="/p/${slug}/workbook/import"`)
    expect(page.body).not.toMatch(/_csrf=/)
    const token = await formToken(agent, slug)
    const csv = (name: string) => multipart('Organisations.csv', `name,type\n${name},police\n`)

    // Without JavaScript: the token is the form's first field.
    const noJs = await agent.request({
      method: 'POST',
      url: `/p/${slug}/workbook/import`,
      ...withCsrf(csv('Police A'), token),
    })
    expect(noJs.statusCode).toBe(200)
    expect(noJs.body).toContain('Import complete')
    // The page's script: a header, with its progress id in the address.
    const form = csv('Police B')
    const js = await agent.request({
      method: 'POST',
      url: `/p/${slug}/workbook/import?progress=0123456789abcdef0123`,
      headers: { ...form.headers, 'x-csrf-token': token },
      payload: form.payload,
    })
    expect(js.statusCode).toBe(200)
    // A wrong token, or none, is refused, and the body is not imported.
    const wrong = await agent.request({
      method: 'POST',
      url: `/p/${slug}/workbook/import`,
      ...withCsrf(csv('Police C'), 'forged'),
    })
    expect(wrong.statusCode).toBe(403)
    const none = await agent.request({
      method: 'POST',
      url: `/p/${slug}/workbook/import`,
      ...csv('Police D'),
    })
    expect(none.statusCode).toBe(403)
    const partnership = (await services.partnerships.findBySlug(slug))!
    const names = (await services.organisations.list(system, partnership.id)).map((o) => o.name).sort()
    expect(names).toEqual(['Police A', 'Police B'])
  })
})

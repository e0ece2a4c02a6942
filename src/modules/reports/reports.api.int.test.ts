import { expect, it } from 'vitest'
import { bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

/** Reports over the API: asked for (202, Location), read, downloaded; definitions kept. */
describeIntegration('reports API', (t) => {
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['performance_officer', 'data_provider', 'scrutiny'])
    const pid = seeded.partnership.id
    const as = (role: string) => bearer(seeded.users[role]!.token)
    const call = (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      path: string,
      payload?: object,
      headers = as('performance_officer'),
    ) =>
      app.inject({
        method,
        url: path.startsWith('/api/') ? path : `/api/v1/partnerships/${seeded.slug}${path}`,
        headers,
        ...(payload ? { payload } : {}),
      })
    return { ...seeded, app, services, pid, as, call }
  }

  it('lists the kinds in order with their audiences', async () => {
    const s = await setup()
    const res = await s.call('GET', '/api/v1/report-kinds')
    expect(res.statusCode).toBe(200)
    const kinds = res.json().data as { kind: string; themeCut: boolean }[]
    expect(kinds.map((k) => k.kind)).toEqual(s.services.reports.kinds().map((k) => k.kind))
    expect(kinds[0]!.kind).toBe('steering')
    expect(kinds.map((k) => k.kind)).toContain('finance')
  })

  it('accepts a request with 202 and a Location, then serves the finished report’s files', async () => {
    const s = await setup()
    const res = await s.call('POST', '/reports', { kind: 'risk', period: '2008/09 q2', level: 'target' })
    expect(res.statusCode, res.body).toBe(202)
    const report = res.json().data
    expect(report).toMatchObject({ kind: 'risk', period: '2008/09 Q2', level: 'target', themeKey: null })
    expect(['queued', 'running', 'done']).toContain(report.status)
    expect(res.headers.location).toBe(`/api/v1/partnerships/${s.slug}/reports/${report.id}`)

    let doc = report
    const until = Date.now() + 90_000
    while (doc.status !== 'done' && doc.status !== 'failed' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250))
      doc = (await s.call('GET', `/reports/${report.id}`, undefined, s.as('scrutiny'))).json().data
    }
    expect(doc.error).toBeNull()
    expect(doc.status).toBe('done')
    expect(doc.progress).toBe(100)
    expect(doc.files.map((f: { format: string }) => f.format)).toEqual(['html', 'pdf', 'xlsx'])
    const pdf = await s.call('GET', doc.files[1].href, undefined, s.as('scrutiny'))
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"$/)
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF')
    expect(pdf.rawPayload.length).toBe(doc.files[1].bytes)

    const list = await s.call('GET', '/reports?kind=risk')
    expect(list.json().data.map((r: { id: string }) => r.id)).toContain(report.id)
    expect((await s.call('GET', `/reports/${report.id}/files/docx`)).statusCode).toBeGreaterThanOrEqual(400)
  })

  it('refuses bad input naming the fields, and a role that may not generate', async () => {
    const s = await setup()
    const bad = await s.call('POST', '/reports', { kind: 'foo', period: 'Q9', level: 'street' })
    expect(bad.statusCode).toBe(422)
    const fields = Object.keys(bad.json().error.fields)
    expect(fields).toEqual(expect.arrayContaining(['kind', 'period', 'level']))
    const provider = await s.call(
      'POST',
      '/reports',
      { kind: 'risk', period: '2008/09 Q2' },
      s.as('data_provider'),
    )
    expect(provider.statusCode).toBe(403)
    expect(await s.services.reports.list(system, s.pid)).toEqual([])
  })

  it('keeps definitions: create, read, change, archive', async () => {
    const s = await setup()
    const created = await s.call('POST', '/report-definitions', {
      name: 'Quarterly risk report',
      kind: 'risk',
      level: 'target',
      schedule: { trigger: 'round-closed', workingDays: 5 },
      distribution: ['chair@example.org'],
    })
    expect(created.statusCode, created.body).toBe(201)
    const d = created.json().data
    expect(d).toMatchObject({ schedule: { workingDays: 5 }, distribution: ['chair@example.org'] })
    const bad = await s.call('PUT', `/report-definitions/${d.id}`, {
      name: 'Quarterly risk report',
      kind: 'risk',
      distribution: ['not an address'],
    })
    expect(bad.statusCode).toBe(422)
    const changed = await s.call('PUT', `/report-definitions/${d.id}`, {
      name: 'Risk report',
      kind: 'risk',
      level: 'outcome',
      distribution: [],
    })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json().data).toMatchObject({ name: 'Risk report', level: 'outcome', schedule: null })
    expect((await s.call('GET', `/report-definitions/${d.id}`)).json().data.name).toBe('Risk report')
    expect((await s.call('DELETE', `/report-definitions/${d.id}`)).statusCode).toBe(204)
    expect((await s.call('GET', '/report-definitions')).json().data).toEqual([])
    expect((await s.call('GET', `/report-definitions/${d.id}`)).statusCode).toBe(404)
  })
})

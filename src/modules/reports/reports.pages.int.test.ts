import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { reports as reportsTable } from '../../db/schema/index.ts'
import { Agent, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'

/** The reports' pages: list, the form asking for one, its page with progress, files, definitions. */
describeIntegration('report pages', (t) => {
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['performance_officer', 'data_provider', 'board_member'])
    const pid = seeded.partnership.id
    const version = await services.strategy.startVersion(system, pid, { title: 'SCS' })
    const theme = await services.strategyNodes.createNode(system, pid, version.number, {
      kind: 'theme',
      title: 'Safer communities',
      tagIds: [],
    })
    const agent = async (role: string) => {
      const a = new Agent(app)
      await a.signIn(seeded.users[role]!.email, seeded.users[role]!.password)
      return a
    }
    const base = `/p/${seeded.slug}/reports`
    return { ...seeded, app, services, pid, theme, agent, base }
  }

  /** Wait until the report has finished (done or failed): generation runs in the background. */
  async function finished(s: Awaited<ReturnType<typeof setup>>, id: string, ms = 90_000) {
    const until = Date.now() + ms
    for (;;) {
      const r = await s.services.reports.get(system, s.pid, id)
      if (r.status === 'done' || r.status === 'failed') return r
      if (Date.now() > until) throw new Error(`report ${id} still ${r.status} after ${ms} ms`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }

  it('offers the kinds with their summaries, and refuses bad input naming each field with nothing written', async () => {
    const s = await setup()
    const officer = await s.agent('performance_officer')
    const form = await officer.get(`${s.base}/new`)
    expect(form.statusCode).toBe(200)
    for (const k of s.services.reports.kinds()) expect(form.body).toContain(`value="${k.kind}"`)
    expect(form.body).toContain('Safer communities')

    const res = await officer.submit(`${s.base}/new`, s.base, {
      kind: '',
      period: '2008/09 Q7',
      asAt: '2009-02-30',
      level: 'target',
      themeKey: '',
    })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('href="#kind"')
    expect(res.body).toContain('href="#period"')
    expect(res.body).toContain('href="#asAt"')
    expect(await s.services.reports.list(system, s.pid)).toEqual([])

    // A theme of another strategy is refused by the service, on the form, not as an error page.
    const other = await officer.submit(`${s.base}/new`, s.base, {
      kind: 'steering',
      period: '2008/09 Q2',
      level: 'target',
      themeKey: '00000000-0000-4000-8000-000000000000',
    })
    expect(other.statusCode).toBe(422)
    expect(other.body).toContain('href="#themeKey"')
    expect(await s.services.reports.list(system, s.pid)).toEqual([])
  })

  it('asks for a report, shows its progress refreshing without JavaScript, and lists it', async () => {
    const s = await setup()
    const officer = await s.agent('performance_officer')
    const res = await officer.submit(`${s.base}/new`, s.base, {
      kind: 'risk',
      period: '2008/09 Q2',
      asAt: '',
      asAtTime: '',
      level: 'target',
      themeKey: '',
    })
    expect(res.statusCode, res.body).toBe(302)
    const id = /\/reports\/([0-9a-f-]{36})$/.exec(res.headers.location as string)![1]!
    const page = await officer.get(res.headers.location as string)
    expect(page.statusCode).toBe(200)
    if (!/data-finished="true"/.test(page.body)) {
      expect(page.body).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>')
      expect(page.body).toMatch(/<progress[^>]*max="100"/)
      expect(page.body).toContain('aria-live="polite"')
      const stopped = await officer.get(`${res.headers.location}?refresh=off`)
      expect(stopped.body).not.toContain('http-equiv="refresh"')
    }
    const list = await officer.get(s.base)
    expect(list.body).toContain(`data-id="${id}"`)
    expect(list.body).toContain('Risk')

    const report = await finished(s, id)
    expect(report.error).toBeNull()
    expect(report.status).toBe('done')
    const done = await officer.get(`${s.base}/${id}`)
    expect(done.body).not.toContain('http-equiv="refresh"')
    expect(done.body).toContain('data-qa="view-html"')
    expect(done.body).toContain(`${s.base}/${id}/files/pdf`)
    expect(done.body).toContain(`${s.base}/${id}/files/xlsx`)

    const html = await officer.get(`${s.base}/${id}/view`)
    expect(html.statusCode).toBe(200)
    expect(html.headers['content-type']).toMatch(/^text\/html/)
    const csp = String(html.headers['content-security-policy'])
    expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    expect(csp).toContain("script-src 'none'")
    expect(csp).not.toContain('nonce-')
    const pdf = await officer.get(`${s.base}/${id}/files/pdf`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"$/)
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF')
    const xlsx = await officer.get(`${s.base}/${id}/files/xlsx`)
    expect(xlsx.headers['content-disposition']).toMatch(/\.xlsx"$/)
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    expect((await officer.get(`${s.base}/${id}/files/doc`)).statusCode).toBe(404)
  })

  it('shows the generate button only to those who may, and refuses the others', async () => {
    const s = await setup()
    const provider = await s.agent('data_provider')
    const list = await provider.get(s.base)
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain('data-qa="generate-report"')
    const refused = await provider.submit(s.base, s.base, {
      kind: 'risk',
      period: '2008/09 Q2',
      level: 'target',
    })
    expect(refused.statusCode).toBe(403)
    expect((await provider.get(`${s.base}/new`)).statusCode).toBe(403)
    const board = await s.agent('board_member')
    expect((await board.get(`${s.base}/definitions`)).body).not.toContain('data-qa="add-definition"')
    const officer = await s.agent('performance_officer')
    expect((await officer.get(s.base)).body).toContain('data-qa="generate-report"')
  })

  it('adds, changes, generates and archives a definition, naming a bad address', async () => {
    const s = await setup()
    const officer = await s.agent('performance_officer')
    const form = `${s.base}/definitions/new`
    const bad = await officer.submit(form, `${s.base}/definitions`, {
      name: 'Quarterly steering',
      kind: 'steering',
      level: 'target',
      themeKey: s.theme.key,
      scheduleKind: 'round-closed',
      workingDays: 'five',
      distribution: 'chair@example.org\nnot an address',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#workingDays"')
    expect(bad.body).toContain('href="#distribution"')
    expect(await s.services.reports.definitions.list(system, s.pid)).toEqual([])

    const ok = await officer.submit(form, `${s.base}/definitions`, {
      name: 'Quarterly steering',
      kind: 'steering',
      level: 'target',
      themeKey: s.theme.key,
      scheduleKind: 'round-closed',
      workingDays: '5',
      distribution: 'chair@example.org\r\nclerk@example.org\r\n',
    })
    expect(ok.statusCode, ok.body).toBe(302)
    const [d] = await s.services.reports.definitions.list(system, s.pid)
    expect(d).toMatchObject({
      name: 'Quarterly steering',
      themeKey: s.theme.key,
      schedule: { trigger: 'round-closed', workingDays: 5 },
      distribution: ['chair@example.org', 'clerk@example.org'],
    })
    const list = await officer.get(`${s.base}/definitions`)
    expect(list.body).toContain('5 working days after each round closes')

    const edit = `${s.base}/definitions/${d!.id}/edit`
    expect((await officer.get(edit)).body).toContain('chair@example.org\nclerk@example.org')
    const changed = await officer.submit(edit, `${s.base}/definitions/${d!.id}`, {
      name: 'Quarterly steering group',
      kind: 'steering',
      level: 'outcome',
      themeKey: '',
      scheduleKind: 'none',
      distribution: '',
    })
    expect(changed.statusCode).toBe(302)
    expect(await s.services.reports.definitions.get(system, s.pid, d!.id)).toMatchObject({
      name: 'Quarterly steering group',
      level: 'outcome',
      themeKey: null,
      schedule: null,
      distribution: [],
    })

    // No round yet: "Generate now" asks for the period on the form, from the definition.
    const now = await officer.submit(`${s.base}/definitions`, `${s.base}/definitions/${d!.id}/generate`, {})
    expect(now.statusCode).toBe(302)
    expect(now.headers.location).toBe(`${s.base}/new?definition=${d!.id}`)
    expect((await officer.get(now.headers.location as string)).body).toContain('Quarterly steering group')

    const archived = await officer.submit(
      `${s.base}/definitions`,
      `${s.base}/definitions/${d!.id}/archive`,
      {},
    )
    expect(archived.statusCode).toBe(302)
    expect(await s.services.reports.definitions.list(system, s.pid)).toEqual([])
  })

  it('shows a failed report’s error and asks for it again, as at the same moment', async () => {
    const s = await setup()
    const officer = await s.agent('performance_officer')
    const asked = await s.services.reports.request(system, s.pid, {
      kind: 'risk',
      period: '2008/09 Q2',
      asAt: new Date('2009-01-31T12:00:00Z'),
      level: 'target',
    })
    await finished(s, asked.id)
    // As if the worker had failed: the page says why and offers to try again.
    await t()
      .database.db.update(reportsTable)
      .set({ status: 'failed', error: 'Chromium could not be started' })
      .where(eq(reportsTable.id, asked.id))
    const page = await officer.get(`${s.base}/${asked.id}`)
    expect(page.body).toContain('Chromium could not be started')
    expect(page.body).toContain('data-qa="retry"')
    expect(page.body).toContain('Failed')
    const retry = await officer.submit(`${s.base}/${asked.id}`, `${s.base}/${asked.id}/retry`, {})
    expect(retry.statusCode).toBe(302)
    const id = /\/reports\/([0-9a-f-]{36})$/.exec(retry.headers.location as string)![1]!
    expect(id).not.toBe(asked.id)
    const again = await s.services.reports.get(system, s.pid, id)
    expect(again).toMatchObject({ kind: 'risk', period: '2008/09 Q2', level: 'target' })
    expect(again.asAt.toISOString()).toBe('2009-01-31T12:00:00.000Z')
    await finished(s, id)
  })
})

import { expect, it } from 'vitest'
import { describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import type { Actor } from '../auth/actor.ts'
import type { Role } from '../auth/roles.ts'
import { seedValuesWorld } from '../values/values.fixtures.ts'
import { brokenKind, quickRenderers, reportsOn, settled, tinyKind } from './reports.fixtures.ts'
import { PdfUnavailable } from './reports.pdf.ts'
import { definitionInput, reportRequest } from './reports.schema.ts'

const as = (pid: string, role: Role): Actor => ({
  kind: 'user',
  userId: null,
  label: `${role} user`,
  isSystemAdmin: false,
  roles: new Map([[pid, role]]),
})

const fieldsOf = async (p: Promise<unknown>) => {
  const err = (await p.then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  )) as { status: number; fields?: Record<string, string> }
  return { status: err.status, fields: Object.keys(err.fields ?? {}) }
}

describeIntegration('reports: request, generate, store, download, definitions', (t) => {
  const setup = async () => {
    const w = await seedValuesWorld(t().services, unique('rep'))
    const save = (period: string, value: number) =>
      t().services.values.save(
        system,
        w.partnershipId,
        { indicatorId: w.waste.id, placeId: w.area.id, period },
        { value, numerator: null, denominator: null, commentary: null, version: 0, submit: true },
      )
    await save('2008/09 Q1', 200)
    await save('2008/09 Q2', 300)
    await t().services.strategy.startVersion(system, w.partnershipId, { title: 'Strategy' })
    const theme = await t().services.strategyNodes.createNode(system, w.partnershipId, 1, {
      kind: 'theme',
      title: 'Safer communities',
      tagIds: [],
    })
    const outcome = await t().services.strategyNodes.createNode(system, w.partnershipId, 1, {
      kind: 'outcome',
      parentId: theme.id,
      ref: '1.1',
      title: 'Less crime',
      tagIds: [],
    })
    const reports = reportsOn(t().database.db, t().services, { kinds: [tinyKind] })
    return { ...w, pid: w.partnershipId, theme, outcome, reports }
  }

  it('lists the registered kinds in reports.md order', () => {
    expect(
      t()
        .services.reports.kinds()
        .map((k) => k.kind),
    ).toEqual([
      'steering',
      'board',
      'exception',
      'progress',
      'directory',
      'risk',
      'finance',
      'reward',
      'evidence',
    ])
  })

  it('generates a requested report in the background, stores its three files and never changes it', async () => {
    const s = await setup()
    const officer = as(s.pid, 'performance_officer')
    const asAt = new Date()
    const input = reportRequest.parse({
      kind: 'steering',
      period: '2008/09 q2',
      asAt: asAt.toISOString(),
      level: '',
    })
    expect(input).toMatchObject({ period: '2008/09 Q2', level: 'target', themeKey: null, definitionId: null })
    const row = await s.reports.request(officer, s.pid, input)
    expect(row).toMatchObject({
      kind: 'steering',
      title: 'Tiny report: 2008/09 Q2',
      period: '2008/09 Q2',
      level: 'target',
      status: 'queued',
      requestedBy: 'performance_officer user',
      contentHash: null,
    })
    expect(row.asAt.toISOString()).toBe(asAt.toISOString())

    const done = await settled(s.reports, officer, s.pid, row.id, 60_000)
    expect(done).toMatchObject({
      status: 'done',
      progress: 100,
      progressNote: 'Done',
      attempts: 1,
      error: null,
    })
    expect(done.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(done.finishedAt).not.toBeNull()
    expect(done.files.map((f) => f.format)).toEqual(['html', 'pdf', 'xlsx'])
    for (const f of done.files) {
      expect(f.bytes).toBeGreaterThan(0)
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/)
    }

    // Anyone in the partnership reads and downloads it.
    const reader = as(s.pid, 'scrutiny')
    const pdf = await s.reports.file(reader, s.pid, row.id, 'pdf')
    expect(pdf.contentType).toBe('application/pdf')
    expect(pdf.data.subarray(0, 5).toString()).toBe('%PDF-')
    const stamp = asAt
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/:/g, '-')
    expect(pdf.filename).toBe(`${s.slug}-steering-2008-09-Q2-${stamp}.pdf`)
    const html = await s.reports.file(reader, s.pid, row.id, 'html')
    expect(html.contentType).toBe('text/html; charset=utf-8')
    expect(html.data.toString()).toContain('Tiny report: 2008/09 Q2')
    expect(html.data.toString()).toContain(s.waste.code)
    const xlsx = await s.reports.file(reader, s.pid, row.id, 'xlsx')
    expect(xlsx.data.subarray(0, 2).toString()).toBe('PK')

    // The request is audited; the progress is not.
    const audit = await t().services.audit.list(system, s.pid, {
      entityType: 'report',
      entityId: row.id,
      limit: 10,
      offset: 0,
    })
    expect(audit.rows.map((r) => r.event.action)).toEqual(['request'])

    // Generating it again does nothing: a done report never changes.
    await s.reports.generate(row.id)
    const again = await s.reports.get(reader, s.pid, row.id)
    expect(again).toEqual(done)

    const listed = await s.reports.list(reader, s.pid)
    expect(listed[0]!.id).toBe(row.id)
    expect(await s.reports.list(reader, s.pid, { kind: 'board' })).toEqual([])
  })

  it('records a failure in one line on the report', async () => {
    const s = await setup()
    const reports = reportsOn(t().database.db, t().services, { kinds: [brokenKind] })
    const row = await reports.request(
      system,
      s.pid,
      reportRequest.parse({ kind: 'steering', period: '2008/09 Q2' }),
    )
    const failed = await settled(reports, system, s.pid, row.id)
    expect(failed).toMatchObject({ status: 'failed', error: 'The figures could not be read', files: [] })
    await expect(reports.file(system, s.pid, row.id, 'html')).rejects.toMatchObject({ status: 404 })
  })

  it('without Chromium makes the report without its PDF, and says so', async () => {
    const s = await setup()
    const reports = reportsOn(t().database.db, t().services, {
      kinds: [tinyKind],
      renderers: {
        ...quickRenderers,
        pdf: () =>
          Promise.reject(new PdfUnavailable('PDF needs Chromium: set CHROMIUM_PATH (none at /nowhere)')),
      },
    })
    const row = await reports.request(
      system,
      s.pid,
      reportRequest.parse({ kind: 'steering', period: '2008/09 Q2' }),
    )
    const done = await settled(reports, system, s.pid, row.id)
    expect(done).toMatchObject({
      status: 'done',
      progressNote: 'Made without the PDF: PDF needs Chromium: set CHROMIUM_PATH (none at /nowhere)',
    })
    expect(done.files.map((f) => f.format)).toEqual(['html', 'xlsx'])
    await expect(reports.file(system, s.pid, row.id, 'pdf')).rejects.toMatchObject({ status: 404 })
  })

  it('refuses bad requests naming the field, and those who may not generate', async () => {
    const s = await setup()
    const other = await seedValuesWorld(t().services, unique('rep-other'))
    const def = await s.reports.definitions.create(
      system,
      other.partnershipId,
      definitionInput.parse({ name: 'Theirs', kind: 'steering' }),
    )
    const base = { kind: 'steering', period: '2008/09 Q2' } as const
    const ask = (over: object) => s.reports.request(system, s.pid, { ...reportRequest.parse(base), ...over })

    expect(reportRequest.safeParse({ ...base, period: '2008/09 Q5' }).error?.issues[0]?.path).toEqual([
      'period',
    ])
    expect(reportRequest.safeParse({ ...base, asAt: 'yesterday' }).error?.issues[0]?.path).toEqual(['asAt'])
    expect(reportRequest.safeParse({ ...base, level: 'street' }).error?.issues[0]?.path).toEqual(['level'])
    expect(await fieldsOf(ask({ asAt: new Date(Date.now() + 3 * 86_400_000) }))).toEqual({
      status: 422,
      fields: ['asAt'],
    })
    expect(await fieldsOf(ask({ themeKey: s.outcome.key }))).toEqual({ status: 422, fields: ['themeKey'] })
    expect(await fieldsOf(ask({ kind: 'finance' }))).toEqual({ status: 422, fields: ['kind'] })
    expect(await fieldsOf(ask({ definitionId: def.id }))).toEqual({ status: 422, fields: ['definitionId'] })

    // A date typed for today is as at now.
    const today = await ask({
      asAt: reportRequest.parse({ ...base, asAt: new Date().toISOString().slice(0, 10) }).asAt,
    })
    expect(today.asAt.getTime()).toBeLessThanOrEqual(Date.now())
    const cut = await ask({ themeKey: s.theme.key })
    expect(cut.themeKey).toBe(s.theme.key)

    for (const role of ['board_member', 'scrutiny', 'government_office', 'data_provider'] as const)
      await expect(
        s.reports.request(as(s.pid, role), s.pid, reportRequest.parse(base)),
      ).rejects.toMatchObject({
        status: 403,
      })
    await expect(s.reports.list(as(other.partnershipId, 'admin'), s.pid)).rejects.toMatchObject({
      status: 403,
    })
    await expect(s.reports.get(system, other.partnershipId, cut.id)).rejects.toMatchObject({ status: 404 })
    await Promise.all([today, cut].map((r) => settled(s.reports, system, s.pid, r.id, 60_000)))
  })

  it('builds and renders a report without storing it (the command line)', async () => {
    const s = await setup()
    const before = await s.reports.list(system, s.pid)
    const out = await s.reports.render(
      system,
      s.pid,
      reportRequest.parse({ kind: 'steering', period: '2008/09 Q2' }),
      'html',
    )
    expect(out.contentType).toBe('text/html; charset=utf-8')
    expect(out.filename).toMatch(new RegExp(`^${s.slug}-steering-2008-09-Q2-.*\\.html$`))
    expect(out.document.sections[0]!.id).toBe('targets')
    expect(out.data.toString()).toContain('Tiny report: 2008/09 Q2')
    expect(await s.reports.list(system, s.pid)).toEqual(before)
  })

  it('keeps definitions: created, listed, changed, archived, each audited; bad ones refused by field', async () => {
    const s = await setup()
    const officer = as(s.pid, 'outcome_lead')
    const parsed = definitionInput.parse({
      name: ' Quarterly steering ',
      kind: 'steering',
      level: 'outcome',
      themeKey: s.theme.key,
      schedule: { trigger: 'round-closed', workingDays: '5' },
      distribution: 'Chair@example.org, clerk@example.org\nchair@example.org',
    })
    expect(parsed).toMatchObject({
      name: 'Quarterly steering',
      schedule: { trigger: 'round-closed', workingDays: 5 },
      distribution: ['chair@example.org', 'clerk@example.org'],
    })
    const def = await s.reports.definitions.create(officer, s.pid, parsed)
    expect(def).toMatchObject({
      name: 'Quarterly steering',
      kind: 'steering',
      level: 'outcome',
      themeKey: s.theme.key,
    })
    expect((await s.reports.definitions.list(as(s.pid, 'board_member'), s.pid)).map((d) => d.id)).toEqual([
      def.id,
    ])

    const changed = await s.reports.definitions.update(officer, s.pid, def.id, { ...parsed, schedule: null })
    expect(changed.schedule).toBeNull()
    // The same again writes nothing.
    await s.reports.definitions.update(officer, s.pid, def.id, { ...parsed, schedule: null })
    await s.reports.definitions.archive(officer, s.pid, def.id)
    expect(await s.reports.definitions.list(system, s.pid)).toEqual([])
    await expect(s.reports.definitions.get(system, s.pid, def.id)).rejects.toMatchObject({ status: 404 })
    const audit = await t().services.audit.list(system, s.pid, {
      entityType: 'report_definition',
      entityId: def.id,
      limit: 10,
      offset: 0,
    })
    expect(audit.rows.map((r) => r.event.action).sort()).toEqual(['archive', 'create', 'update'])

    expect(
      definitionInput.safeParse({ ...parsed, distribution: 'not-an-email' }).error?.issues[0]?.path[0],
    ).toBe('distribution')
    expect(
      definitionInput.safeParse({ ...parsed, schedule: { trigger: 'round-closed', workingDays: -1 } }).error
        ?.issues[0]?.path[0],
    ).toBe('schedule')
    expect(
      await fieldsOf(s.reports.definitions.create(officer, s.pid, { ...parsed, themeKey: s.outcome.key })),
    ).toEqual({
      status: 422,
      fields: ['themeKey'],
    })
    await expect(
      s.reports.definitions.create(as(s.pid, 'board_member'), s.pid, parsed),
    ).rejects.toMatchObject({
      status: 403,
    })
  })
})

/**
 * A target's `published` flag (on the public site; no unless chosen): set through the form, the
 * API and the Targets sheet, carried over by a new version that does not say, exported as yes/no.
 */
import { buffer } from 'node:stream/consumers'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { csvSource } from '../../../test/helpers/workbook.ts'
import { isAppError } from '../../errors.ts'
import { completeIndicators, seedAgreement } from './targets.fixtures.ts'

describeIntegration('published targets', (t) => {
  async function setUp() {
    const { services, app } = t()
    const seeded = await seedPartnership(services, ['performance_officer'])
    await completeIndicators(services, seeded.partnership.id, ['NI 16', 'NI 19', 'NI 20', 'NI 21'])
    const agreement = await seedAgreement(services, seeded.partnership.id)
    const h = bearer(seeded.users.performance_officer!.token)
    const api = (method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) =>
      app.inject({ method, url: `/api/v1/partnerships/${seeded.slug}${url}`, headers: h, payload })
    const current = async (code: string) => {
      const list = await services.targets.list(system, seeded.partnership.id, agreement.id)
      return list.find((r) => r.indicator.code === code)!
    }
    return { ...seeded, agreement, api, current }
  }

  it('takes published through the API: no unless given, kept by a change that does not say', async () => {
    const s = await setUp()
    const base = { kind: 'local', status: 'negotiating' }
    const plain = await s.api('POST', `/agreements/${s.agreement.id}/targets`, {
      ...base,
      indicatorCode: 'NI 16',
    })
    expect(plain.statusCode, plain.body).toBe(201)
    expect(plain.json().data.published).toBe(false)

    const shown = await s.api('POST', `/agreements/${s.agreement.id}/targets`, {
      ...base,
      indicatorCode: 'NI 19',
      published: true,
    })
    expect(shown.json().data.published).toBe(true)
    const id = shown.json().data.id as string

    const kept = await s.api('PUT', `/targets/${id}`, { ...base, notes: 'Now with a note' })
    expect(kept.statusCode, kept.body).toBe(200)
    expect(kept.json().data).toMatchObject({ published: true, notes: 'Now with a note', version: 2 })
    const off = await s.api('PUT', `/targets/${id}`, { ...base, notes: 'Now with a note', published: 'no' })
    expect(off.json().data).toMatchObject({ published: false, version: 3 })
    const same = await s.api('PUT', `/targets/${id}`, { ...base, notes: 'Now with a note', published: false })
    expect(same.json().data.version).toBe(3)
    const bad = await s.api('PUT', `/targets/${id}`, { ...base, published: 'maybe' })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.fields.published).toBeDefined()
  })

  it('takes published from the target form and shows it on the target’s page', async () => {
    const { app } = t()
    const s = await setUp()
    const officer = new Agent(app)
    await officer.signIn(s.users.performance_officer!.email, s.users.performance_officer!.password)
    const newUrl = `/p/${s.slug}/agreements/${s.agreement.id}/targets/new`
    const form = await officer.get(newUrl)
    expect(form.body).toContain('name="published"')
    const created = await officer.submit(newUrl, `/p/${s.slug}/agreements/${s.agreement.id}/targets`, {
      indicatorCode: 'NI 20',
      kind: 'local',
      status: 'negotiating',
      tolerancePercent: '5',
      published: 'yes',
    })
    expect(created.statusCode, created.body.slice(0, 2000)).toBe(302)
    const v = await s.current('NI 20')
    expect(v.version.published).toBe(true)
    const targetUrl = `/p/${s.slug}/targets/${v.target.id}`
    expect((await officer.get(targetUrl)).body).toContain('Yes: on the public site')

    const edit = await officer.get(`${targetUrl}/edit`)
    expect(edit.body).toMatch(/name="published" type="radio" value="yes" checked/)
    const changed = await officer.submit(`${targetUrl}/edit`, targetUrl, {
      kind: 'local',
      status: 'negotiating',
      tolerancePercent: '5',
      published: 'no',
    })
    expect(changed.statusCode, changed.body.slice(0, 2000)).toBe(302)
    expect((await s.current('NI 20')).version.published).toBe(false)
  })

  it('imports and exports published on the Targets sheet; blank keeps what a target has', async () => {
    const { services } = t()
    const s = await setUp()
    const pid = s.partnership.id
    const head = 'indicator_code,kind,status,published'
    const run = (...rows: string[]) =>
      services.workbook.import(system, pid, csvSource('Targets.csv', [head, ...rows].join('\n')))
    const first = await run('NI 16,local,negotiating,yes', 'NI 19,local,negotiating,')
    expect(first.sheets.Targets).toEqual({ created: 2, updated: 0, unchanged: 0 })
    expect((await s.current('NI 16')).version.published).toBe(true)
    expect((await s.current('NI 19')).version.published).toBe(false)

    // Blank: unchanged; a change elsewhere keeps it.
    const again = await run('NI 16,local,negotiating,', 'NI 19,local,negotiating,no')
    expect(again.sheets.Targets).toEqual({ created: 0, updated: 0, unchanged: 2 })
    await run('NI 16,mandatory,negotiating,')
    expect((await s.current('NI 16')).version).toMatchObject({
      kind: 'mandatory',
      published: true,
      version: 2,
    })
    await run('NI 16,mandatory,negotiating,n')
    expect((await s.current('NI 16')).version).toMatchObject({ published: false, version: 3 })

    const err = await run('NI 21,local,negotiating,maybe').catch((e: unknown) => e)
    expect(isAppError(err) && err.details).toEqual(['Targets!2 published: must be yes or no (found "maybe")'])

    await run('NI 19,local,negotiating,yes')
    const csv = (await buffer((await services.workbook.export(system, pid, 'Targets', 'csv')).stream))
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
    const col = csv[0]!.split(',').indexOf('published')
    expect(col).toBeGreaterThan(-1)
    expect(Object.fromEntries(csv.slice(1, 3).map((l) => [l.split(',')[0], l.split(',')[col]]))).toEqual({
      'NI 16': 'no',
      'NI 19': 'yes',
    })
  })
})

import { and, eq } from 'drizzle-orm'
import { beforeEach, expect, it } from 'vitest'
import { auditEvents, outbox } from '../../db/schema/index.ts'
import { bearer, describeIntegration, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, setWindow, type ValuesWorld } from './values.fixtures.ts'

describeIntegration('data values through the API', (t) => {
  let w: ValuesWorld
  const url = () => `/api/v1/partnerships/${w.slug}/values`
  const put = (who: keyof ValuesWorld['users'], body: Record<string, unknown>, path = '') =>
    t().app.inject({ method: 'PUT', url: url() + path, headers: bearer(w.users[who].token), payload: body })
  const post = (who: keyof ValuesWorld['users'], path: string, body: Record<string, unknown> = {}) =>
    t().app.inject({ method: 'POST', url: url() + path, headers: bearer(w.users[who].token), payload: body })
  const get = (who: keyof ValuesWorld['users'], path: string) =>
    t().app.inject({ method: 'GET', url: url() + path, headers: bearer(w.users[who].token) })
  const crimeAt = (placeId: string, period = '2008/09 Q1') => ({ indicatorId: w.crime.id, placeId, period })

  /** The police's Q1 value for the area, entered from numerator and denominator and submitted. */
  const submittedCrime = async () => {
    const entered = await put('police', {
      ...crimeAt(w.area.id),
      numerator: 620,
      denominator: 1000,
      commentary: 'Survey wave 1',
      version: 0,
    })
    expect(entered.statusCode, entered.body).toBe(200)
    const { id, version } = entered.json().data
    expect((await post('police', `/${id}/submit`, { version })).statusCode).toBe(200)
  }
  /** The council's Q1 waste value for the area, a draft. */
  const councilWaste = async () => {
    const res = await put('council', {
      indicatorId: w.waste.id,
      placeId: w.area.id,
      period: '2008/09 Q1',
      value: 950,
      version: 0,
    })
    expect(res.statusCode, res.body).toBe(200)
  }

  // Each test has its own partnership, with Q1 open, Q2 closed and Q3 not yet open.
  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('vals'))
    await setWindow(t().services, w, '2008/09 Q1', 'open')
    await setWindow(t().services, w, '2008/09 Q2', 'closed')
    await setWindow(t().services, w, '2008/09 Q3', 'upcoming')
  })

  it('lets a provider enter and submit its own organisation’s value, derived from numerator and denominator', async () => {
    const res = await put('police', {
      ...crimeAt(w.area.id),
      numerator: 620,
      denominator: 1000,
      commentary: 'Survey wave 1',
      version: 0,
    })
    expect(res.statusCode, res.body).toBe(200)
    const { data } = res.json()
    expect(data).toMatchObject({
      value: 62,
      numerator: 620,
      denominator: 1000,
      status: 'draft',
      version: 1,
      late: false,
      locked: false,
    })
    expect(data.organisationId).toBe(w.police.id)

    const submitted = await post('police', `/${data.id}/submit`, { version: 1 })
    expect(submitted.statusCode, submitted.body).toBe(200)
    expect(submitted.json().data).toMatchObject({ status: 'submitted', version: 2 })

    const again = await get(
      'police',
      `?indicatorId=${w.crime.id}&placeId=${w.area.id}&period=${encodeURIComponent('2008/09 q1')}`,
    )
    expect(again.statusCode).toBe(200)
    expect(again.json().data.history.map((h: { action: string }) => h.action)).toEqual([
      'entered',
      'submitted',
    ])
  })

  it('limits a provider to its own organisation’s indicators', async () => {
    const res = await put('council', { ...crimeAt(w.districts[0]!.id), value: 55, version: 0 })
    expect(res.statusCode).toBe(403)
    expect(res.json().error.message).toMatch(/reported by Police/)
    const own = await put('council', {
      indicatorId: w.waste.id,
      placeId: w.area.id,
      period: '2008/09 Q1',
      value: 950,
      version: 0,
    })
    expect(own.statusCode, own.body).toBe(200)
  })

  it('refuses values that do not fit the unit, the period or the catalogue', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await put('police', { ...crimeAt(w.districts[0]!.id), version: 0, ...body })
      expect(res.statusCode, res.body).toBe(422)
      return res.json().error.fields
    }
    expect(await bad({ value: 120 })).toEqual({ value: 'A percentage must be between 0 and 100' })
    expect(await bad({ numerator: 70, denominator: 60 })).toMatchObject({
      numerator: expect.stringMatching(/not be more than the denominator/),
    })
    expect(await bad({ value: 50, period: '2008/09' })).toMatchObject({
      period: expect.stringMatching(/must be a quarter/),
    })
    expect(await bad({ value: 50, period: '2008/09 Q5' })).toMatchObject({
      period: expect.stringMatching(/Q1 to Q4/),
    })
    expect(await bad({ value: 50, indicatorId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      indicatorId: expect.any(String),
    })
    expect(await bad({ value: 50, placeId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      placeId: expect.any(String),
    })
    await councilWaste()
    const count = await put('council', {
      indicatorId: w.waste.id,
      placeId: w.area.id,
      period: '2008/09 Q1',
      value: 2.5,
      version: 1,
    })
    expect(count.json().error.fields).toEqual({ value: 'A count must be a whole number, 0 or more' })
  })

  it('takes a value for a place no target asks for only from an administrator', async () => {
    const key = {
      indicatorId: w.waste.id,
      placeId: w.elsewhere.id,
      period: '2008/09 Q1',
      value: 10,
      version: 0,
    }
    const provider = await put('council', key)
    expect(provider.statusCode).toBe(422)
    expect(provider.json().error.fields.placeId).toMatch(/only an administrator/)
    expect((await put('officer', key)).statusCode).toBe(422)
    expect((await put('admin', key)).statusCode).toBe(200)
  })

  it('gives the second of two concurrent saves a conflict showing the first one’s value', async () => {
    const key = crimeAt(w.districts[1]!.id)
    const first = await put('police', { ...key, value: 55, version: 0 })
    const id = first.json().data.id
    const [a, b] = await Promise.all([
      put('police', { ...key, value: 56, version: 1 }),
      put('officer', { ...key, value: 57, version: 1 }),
    ])
    const codes = [a.statusCode, b.statusCode].sort()
    expect(codes).toEqual([200, 409])
    const loser = a.statusCode === 409 ? a : b
    const winner = a.statusCode === 200 ? a : b
    const stored = winner.json().data.value
    expect(loser.json().error.message).toContain(`it is now ${stored}`)
    expect(loser.json().error.details).toContain('version: 2')
    // Nothing lost: both the first and the winning value are in the history.
    const history = (await get('police', `/${id}`)).json().data.history
    expect(history.map((h: { value: number }) => h.value)).toEqual([55, stored])

    // Two creates at once: one wins, the other is told.
    const fresh = crimeAt(w.districts[0]!.id, '2008/09 Q1')
    const [c, d] = await Promise.all([
      put('police', { ...fresh, value: 40, version: 0 }),
      put('officer', { ...fresh, value: 41, version: 0 }),
    ])
    expect([c.statusCode, d.statusCode].sort()).toEqual([200, 409])
  })

  it('locks approved values until an administrator reopens them with a reason', async () => {
    await submittedCrime()
    const list = (
      await get(
        'officer',
        `?indicatorId=${w.crime.id}&placeId=${w.area.id}&period=${encodeURIComponent('2008/09 Q1')}`,
      )
    ).json().data
    expect(list.status).toBe('submitted')
    expect((await post('police', `/${list.id}/approve`, {})).statusCode).toBe(403)
    const approved = await post('officer', `/${list.id}/approve`, { version: list.version })
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json().data).toMatchObject({ status: 'approved', locked: true })

    const change = await put('police', { value: 64, version: approved.json().data.version }, `/${list.id}`)
    expect(change.statusCode).toBe(409)
    expect(change.json().error.message).toMatch(/approved and locked/)
    expect((await post('officer', `/${list.id}/reopen`, { reason: 'Wrong wave' })).statusCode).toBe(403)
    expect((await post('admin', `/${list.id}/reopen`, { reason: '' })).statusCode).toBe(422)
    const reopened = await post('admin', `/${list.id}/reopen`, { reason: 'Survey weights corrected' })
    expect(reopened.statusCode, reopened.body).toBe(200)
    expect(reopened.json().data).toMatchObject({
      status: 'draft',
      statusReason: 'Survey weights corrected',
      locked: false,
    })
    const fixed = await put('police', { value: 63.5, version: reopened.json().data.version }, `/${list.id}`)
    expect(fixed.statusCode, fixed.body).toBe(200)
    expect(fixed.json().data).toMatchObject({ value: 63.5, numerator: null, status: 'draft' })

    const history = (await get('officer', `/${list.id}`)).json().data.history
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'entered',
      'submitted',
      'approved',
      'reopened',
      'entered',
    ])
    expect(history[3]).toMatchObject({ reason: 'Survey weights corrected', status: 'draft' })
    // Every change audited with the same id.
    const audits = await t()
      .database.db.select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'data_value'), eq(auditEvents.entityId, list.id)))
    expect(audits.map((a) => a.action).sort()).toEqual([
      'approved',
      'create',
      'entered',
      'reopened',
      'submitted',
    ])
  })

  it('returns a submitted value with a reason and tells the provider (outbox without SMTP)', async () => {
    await councilWaste()
    const key = { indicatorId: w.waste.id, placeId: w.area.id, period: '2008/09 Q1' }
    const current = (
      await get(
        'council',
        `?indicatorId=${key.indicatorId}&placeId=${key.placeId}&period=${encodeURIComponent(key.period)}`,
      )
    ).json().data
    const submitted = await post('council', `/${current.id}/submit`, { version: current.version })
    expect(submitted.statusCode, submitted.body).toBe(200)
    expect((await post('officer', `/${current.id}/return`, {})).statusCode).toBe(422)
    const returned = await post('officer', `/${current.id}/return`, {
      reason: 'Tonnage excludes the county’s own sites',
    })
    expect(returned.statusCode, returned.body).toBe(200)
    expect(returned.json().data).toMatchObject({
      status: 'returned',
      statusReason: 'Tonnage excludes the county’s own sites',
    })
    const messages = await t()
      .database.db.select()
      .from(outbox)
      .where(eq(outbox.partnershipId, w.partnershipId))
    const note = messages.find((m) => m.kind === 'returned')
    expect(note).toMatchObject({
      toAddress: w.users.council.email,
      sentAt: null,
      organisationId: w.council.id,
    })
    expect(note!.body).toContain('Tonnage excludes')
    // Approving a returned value is not allowed: it must be corrected and submitted again.
    expect((await post('officer', `/${current.id}/approve`, {})).statusCode).toBe(409)
    const resubmitted = await put('council', {
      ...key,
      value: 990,
      version: returned.json().data.version,
      submit: true,
    })
    expect(resubmitted.json().data).toMatchObject({ status: 'submitted', statusReason: null })
  })

  it('needs an exception to enter after the due date, and marks such values late', async () => {
    const key = crimeAt(w.area.id, '2008/09 Q2')
    const closed = await put('police', { ...key, value: 61, version: 0 })
    expect(closed.statusCode).toBe(422)
    expect(closed.json().error.fields._form).toMatch(/closed on .*exception/)
    const early = await put('police', { ...crimeAt(w.area.id, '2008/09 Q3'), value: 61, version: 0 })
    expect(early.json().error.fields._form).toMatch(/opens on/)

    const round = w.rounds['2008/09 Q2']!
    const until = new Date(Date.now() + 7 * 864e5).toISOString().slice(0, 10)
    const grant = await t().app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${w.slug}/rounds/${round}/exceptions`,
      headers: bearer(w.users.officer.token),
      payload: { organisationId: w.police.id, grantedUntil: until, reason: 'Survey contractor delay' },
    })
    expect(grant.statusCode, grant.body).toBe(201)
    const late = await put('police', { ...key, value: 61, version: 0, submit: true })
    expect(late.statusCode, late.body).toBe(200)
    expect(late.json().data).toMatchObject({ late: true, status: 'submitted' })
    // The exception is the police's alone.
    const council = await put('council', {
      indicatorId: w.waste.id,
      placeId: w.area.id,
      period: '2008/09 Q2',
      value: 900,
      version: 0,
    })
    expect(council.statusCode).toBe(422)

    const c = await t().app.inject({
      method: 'GET',
      url: `/api/v1/partnerships/${w.slug}/rounds/${round}/completeness`,
      headers: bearer(w.users.officer.token),
    })
    expect(c.statusCode, c.body).toBe(200)
    const police = c
      .json()
      .data.organisations.find((o: { organisation: string }) => o.organisation === 'Police')
    expect(police).toMatchObject({ expected: 3, entered: 1, submitted: 1, late: 1, missing: 2 })
    expect(c.json().data.overdue.map((o: { code: string; place: string }) => o.code)).toEqual([
      'L 01',
      'L 01',
      'L 02',
    ])
  })

  it('warns, without refusing, about a value far from its history', async () => {
    await councilWaste()
    const key = { indicatorId: w.waste.id, placeId: w.area.id, period: '2008/09 Q3' }
    await setWindow(t().services, w, '2008/09 Q3', 'open')
    const res = await put('council', { ...key, value: 3000, version: 0 })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().warnings.join(' ')).toMatch(/up \d+% on 2008\/09 Q1/)
  })

  it('does not show another partnership’s values', async () => {
    await submittedCrime()
    const other = await seedValuesWorld(t().services, unique('other'))
    const mine = (
      await get(
        'police',
        `?indicatorId=${w.crime.id}&placeId=${w.area.id}&period=${encodeURIComponent('2008/09 Q1')}`,
      )
    ).json().data
    const res = await t().app.inject({
      method: 'GET',
      url: `/api/v1/partnerships/${other.slug}/values/${mine.id}`,
      headers: bearer(other.users.officer.token),
    })
    expect(res.statusCode).toBe(404)
  })
})

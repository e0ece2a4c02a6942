import { eq } from 'drizzle-orm'
import { startSmtp } from '../../../test/helpers/smtp.ts'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { outbox } from '../../db/schema/index.ts'
import { createServices } from '../../services.ts'
import { bearer, describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { buildRounds, buildValue } from '../../../test/helpers/factories.ts'
import { seedValuesWorld, setWindow, type ValuesWorld } from '../values/values.fixtures.ts'
import { targetCreate } from '../targets/targets.schema.ts'
import { ukDate as ukToday } from '../../lib/clock.ts'
import { addDays } from './rounds.rules.ts'

describeIntegration('collection rounds, completeness and reminders', (t) => {
  let w: ValuesWorld
  const api = (path: string) => `/api/v1/partnerships/${w.slug}/rounds${path}`
  const as = (who: keyof ValuesWorld['users']) => bearer(w.users[who].token)
  const today = ukToday(new Date())

  /** The police's Q1 value for the area, submitted. */
  const submittedCrime = () =>
    buildValue(
      t().services,
      w.partnershipId,
      { indicatorId: w.crime.id, placeId: w.area.id, period: '2008/09 Q1' },
      { value: 61 },
    )

  // Each test has its own partnership, with the 2008/09 rounds and Q1 open.
  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('rounds'))
    await setWindow(t().services, w, '2008/09 Q1', 'open')
  })

  it('generates a year’s rounds from the indicators’ frequencies, with default windows', async () => {
    const list = await t().app.inject({ method: 'GET', url: api(''), headers: as('police') })
    expect(list.statusCode).toBe(200)
    const periods = list.json().data.map((r: { period: string }) => r.period)
    expect(periods).toEqual(['2008/09 Q4', '2008/09 Q3', '2008/09 Q2', '2008/09 Q1'])
    expect(list.json().data[0]).toMatchObject({ opensOn: '2009-04-01', dueOn: '2009-05-12', state: 'closed' })

    const again = await t().app.inject({
      method: 'POST',
      url: api('/generate'),
      headers: as('officer'),
      payload: { year: '2009/10', dueWeeks: 4 },
    })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().data.map((r: { period: string; dueOn: string }) => `${r.period} ${r.dueOn}`)).toEqual(
      ['2009/10 Q1 2009-07-28', '2009/10 Q2 2009-10-28', '2009/10 Q3 2010-01-28', '2009/10 Q4 2010-04-28'],
    )
    const repeat = await t().app.inject({
      method: 'POST',
      url: api('/generate'),
      headers: as('officer'),
      payload: { year: '2009/10' },
    })
    expect(repeat.json()).toMatchObject({ data: [], skipped: 4 })
    const none = await t().app.inject({
      method: 'POST',
      url: api('/generate'),
      headers: as('officer'),
      payload: { year: '2015/16' },
    })
    expect(none.statusCode).toBe(422)
    expect(none.json().error.fields.year).toMatch(/No targets/)
    const provider = await t().app.inject({
      method: 'POST',
      url: api('/generate'),
      headers: as('police'),
      payload: { year: '2010/11' },
    })
    expect(provider.statusCode).toBe(403)
  })

  it('edits windows and grants exceptions, refusing nonsense', async () => {
    const id = w.rounds['2008/09 Q4']!
    const bad = await t().app.inject({
      method: 'PUT',
      url: api(`/${id}`),
      headers: as('officer'),
      payload: { opensOn: '2009-05-01', dueOn: '2009-04-01' },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.fields.dueOn).toMatch(/on or after the opening date/)
    const early = await t().app.inject({
      method: 'POST',
      url: api(`/${id}/exceptions`),
      headers: as('officer'),
      payload: { organisationId: w.police.id, grantedUntil: '2009-05-01', reason: 'x' },
    })
    expect(early.statusCode).toBe(422)
    expect(early.json().error.fields.grantedUntil).toMatch(/past the due date/)
    const ok = await t().app.inject({
      method: 'PUT',
      url: api(`/${id}`),
      headers: as('officer'),
      payload: { opensOn: '2009-04-01', dueOn: '2009-05-19' },
    })
    expect(ok.json().data).toMatchObject({ dueOn: '2009-05-19', state: 'closed' })
  })

  it('reports completeness per organisation and what is still owed', async () => {
    await t().services.values.save(
      system,
      w.partnershipId,
      { indicatorId: w.crime.id, placeId: w.area.id, period: '2008/09 Q1' },
      { value: 61, numerator: null, denominator: null, commentary: null, version: 0, submit: true },
    )
    const res = await t().app.inject({
      method: 'GET',
      url: api(`/${w.rounds['2008/09 Q1']}/completeness`),
      headers: as('council'),
    })
    expect(res.statusCode, res.body).toBe(200)
    const { data } = res.json()
    expect(data.round.state).toBe('open')
    expect(data.organisations).toEqual([
      expect.objectContaining({ organisation: 'County Council', expected: 1, entered: 0, missing: 1 }),
      expect.objectContaining({ organisation: 'Police', expected: 3, entered: 1, submitted: 1, missing: 2 }),
    ])
    expect(data.totals).toMatchObject({ expected: 4, entered: 1, missing: 3 })
    expect(data.outstanding).toHaveLength(3)
    expect(data.overdue).toEqual([])
  })

  it('shows providers what their organisation owes in open rounds', async () => {
    await submittedCrime()
    const res = await t().app.inject({
      method: 'GET',
      url: `/api/v1/partnerships/${w.slug}/returns`,
      headers: as('police'),
    })
    expect(res.statusCode, res.body).toBe(200)
    const rounds = res.json().data.rounds
    expect(rounds.map((r: { round: { period: string } }) => r.round.period)).toEqual(['2008/09 Q1'])
    expect(rounds[0].items.map((i: { place: string; status: string }) => `${i.place}:${i.status}`)).toEqual([
      `${w.area.name}:submitted`,
      `${w.districts[0]!.name}:missing`,
      `${w.districts[1]!.name}:missing`,
    ])
  })

  it('records one reminder per person per run, listing every return owed with a link to each', async () => {
    const s = t().services
    await submittedCrime()
    await buildRounds(s, w.partnershipId, '2009/10', 4)
    // Other tests' partnerships share the database: run this partnership's reminders only.
    const only = { partnershipId: w.partnershipId }
    expect(s.outbox.mailConfigured).toBe(false)
    // An indicator nobody is responsible for: its values are owed by the performance officer.
    await s.indicators.create(system, w.partnershipId, {
      code: 'L 09',
      title: 'Indicator nobody owns',
      set: 'local',
      theme: null,
      definition: null,
      numerator: null,
      denominator: null,
      unit: 'count',
      ratePer: null,
      polarity: 'higher',
      frequency: 'quarterly',
      combine: 'sum',
      dataSource: null,
      lagMonths: null,
      responsibleOrganisationId: null,
    })
    const [agreement] = await s.agreements.list(system, w.partnershipId)
    await s.targets.create(
      system,
      w.partnershipId,
      agreement!.id,
      targetCreate.parse({
        indicatorCode: 'L 09',
        kind: 'designated',
        status: 'agreed',
        trajectory: [{ period: '2008/09', value: 10 }],
      }),
    )
    const mine = async () =>
      (await t().database.db.select().from(outbox).where(eq(outbox.partnershipId, w.partnershipId))).filter(
        (m) => m.kind === 'reminder',
      )
    // Five days before the Q1 due date: Q1's week-before reminder; the other 2008/09 and 2009/10 rounds are overdue.
    const now = new Date(`${addDays(today, 5)}T12:00:00Z`)
    const first = await s.rounds.sendDueReminders(now, only)
    expect(first.sent).toBe(0)
    const rows = await mine()
    const to = (email: string) => rows.filter((r) => r.toAddress === email)
    // One message to each person, not one per round.
    for (const who of ['police', 'council', 'officer'] as const)
      expect(to(w.users[who].email)).toHaveLength(1)
    expect(to(w.users.admin.email)).toHaveLength(0)
    const police = to(w.users.police.email)[0]!
    expect(police.subject).toMatch(/^Overdue: \d+ values for /)
    for (const period of ['2008/09 Q1', '2008/09 Q2', '2008/09 Q3', '2008/09 Q4'])
      expect(police.body).toContain(`The ${period} return for Police`)
    expect(police.body).toContain(w.districts[0]!.name)
    expect(police.body).not.toContain(`${w.area.name} (submitted)`) // submitted: not owed
    // A link a mail client can follow to each value: the service's address (BASE_URL), not a bare path.
    const missingQ1 = `/p/${w.slug}/values/enter?indicatorId=${w.crime.id}&placeId=${w.districts[0]!.id}&period=2008%2F09%20Q1`
    expect(police.body).toContain(`http://localhost:3000${missingQ1}`)
    expect(police.body).toContain(`http://localhost:3000/p/${w.slug}/returns`)
    expect(police.body).not.toContain('L 09')
    // Returns nobody is responsible for go to the performance officer.
    const officer = to(w.users.officer.email)[0]!
    expect(officer.body).toContain('indicators with no responsible organisation')
    expect(officer.body).toContain('L 09 Indicator nobody owns')

    const second = await s.rounds.sendDueReminders(now, only)
    expect(second.recorded).toBe(0)
    // Once Q1 is overdue too, each person gets one fresh message listing everything.
    const after = await s.rounds.sendDueReminders(new Date(`${addDays(today, 12)}T12:00:00Z`), only)
    expect(after.recorded).toBe(3)
    const latest = (await mine()).filter((r) => r.toAddress === w.users.police.email)
    expect(latest).toHaveLength(2)
    expect(latest.find((m) => m.id !== police.id)!.body).toMatch(
      /The 2008\/09 Q1 return for Police was due on/,
    )
  })

  describeSmtp()

  function describeSmtp() {
    let smtp: Awaited<ReturnType<typeof startSmtp>>
    beforeAll(async () => {
      smtp = await startSmtp()
    })
    afterAll(async () => {
      await smtp?.close()
    })

    it('sends reminders and returned-value messages through a real SMTP server', async () => {
      const mailing = createServices(t().database.db, {
        engine: t().database.engine,
        config: { uploadLimitBytes: 1e6, smtpUrl: smtp.url, mailFrom: 'Performance Team <lsp@example.org>' },
      })
      expect(mailing.outbox.mailConfigured).toBe(true)
      await t().services.rounds.sendDueReminders(new Date(`${addDays(today, 5)}T12:00:00Z`), {
        partnershipId: w.partnershipId,
      })
      // Messages recorded while no SMTP was configured go out on the next run.
      const r = await mailing.rounds.sendDueReminders(new Date(`${addDays(today, 12)}T12:00:00Z`))
      expect(r.failed).toBe(0)
      expect(r.sent).toBeGreaterThan(0)
      const toPolice = smtp.received.filter((m) => m.to.includes(w.users.police.email))
      expect(toPolice.length).toBeGreaterThan(0)
      expect(toPolice.map((m) => m.raw).join('\n')).toMatch(/Subject: (Reminder|Overdue)/)
      expect(toPolice[0]!.raw).toContain('From: Performance Team <lsp@example.org>')
      const unsent = (
        await t().database.db.select().from(outbox).where(eq(outbox.partnershipId, w.partnershipId))
      ).filter((m) => !m.sentAt)
      expect(unsent).toEqual([])

      // A value returned through the mailing services is emailed at once.
      const saved = await mailing.values.save(
        system,
        w.partnershipId,
        { indicatorId: w.waste.id, placeId: w.area.id, period: '2008/09 Q1' },
        {
          value: 870,
          numerator: null,
          denominator: null,
          commentary: 'Provisional',
          version: 0,
          submit: true,
        },
      )
      await mailing.values.returnValue(system, w.partnershipId, saved.value.id, {
        reason: 'Please include December',
      })
      const toCouncil = smtp.received.filter((m) => m.to.includes(w.users.council.email))
      expect(toCouncil.map((m) => m.raw).join('\n')).toContain('Please include December')
      mailing.outbox.close()
    })
  }
})

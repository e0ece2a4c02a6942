import { buffer } from 'node:stream/consumers'
import { Readable } from 'node:stream'
import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { csvSource } from '../../../test/helpers/workbook.ts'
import { isAppError, type AppError } from '../../errors.ts'

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (isAppError(e)) return e
    throw e
  }
  throw new Error('expected a failure')
}

const ORGS = 'name,type,duty_to_cooperate\nLeicestershire Constabulary,police,yes\n'
const HEAD =
  'code,title,set,unit,polarity,frequency,combine,accumulation,rate_per,decimals,responsible_organisation,lag_months'

describeIntegration('Indicators sheet: who reports, lag, accumulation and decimals', (t) => {
  it('imports, exports and re-imports the four columns unchanged', async () => {
    const { services: s } = t()
    const { partnership } = await seedPartnership(s)
    await s.workbook.import(system, partnership.id, csvSource('Organisations.csv', ORGS))
    const csv = [
      HEAD,
      'L 01,Burglaries,local,count,lower,monthly,sum,cumulative,,0,leicestershire constabulary,2',
      'L 02,Satisfaction,local,percent,higher,annual,,,,1,,',
    ].join('\n')
    const first = await s.workbook.import(system, partnership.id, csvSource('Indicators.csv', csv))
    expect(first.sheets.Indicators).toMatchObject({ created: 2 })
    const l1 = await s.indicators.findByCode(system, partnership.id, 'L 01')
    expect(l1).toMatchObject({ accumulation: 'cumulative', decimals: 0, lagMonths: 2 })
    expect(l1!.responsibleOrganisationId).not.toBeNull()
    const l2 = await s.indicators.findByCode(system, partnership.id, 'L 02')
    expect(l2).toMatchObject({
      accumulation: null,
      decimals: 1,
      lagMonths: null,
      responsibleOrganisationId: null,
    })

    const file = await s.workbook.export(system, partnership.id, 'Indicators', 'csv')
    const text = (await buffer(file.stream)).toString()
    const header = text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]!
      .split(',')
    for (const c of ['accumulation', 'decimals', 'responsible_organisation', 'lag_months'])
      expect(header).toContain(c)
    const l1Line = text.split(/\r?\n/).find((l) => l.startsWith('L 01'))!
    expect(l1Line).toContain('Leicestershire Constabulary')
    expect(l1Line).toContain('cumulative')
    const again = await s.workbook.import(system, partnership.id, {
      kind: 'file',
      stream: Readable.from([Buffer.from(text)]),
      filename: 'Indicators.csv',
    })
    expect(again.sheets.Indicators).toMatchObject({ created: 0, updated: 0 })

    // Blank keeps what the entry has; a value changes it.
    const change = [HEAD, 'L 01,Burglaries,local,count,lower,monthly,sum,snapshot,,,,3'].join('\n')
    await s.workbook.import(system, partnership.id, csvSource('Indicators.csv', change))
    expect(await s.indicators.findByCode(system, partnership.id, 'L 01')).toMatchObject({
      accumulation: 'snapshot',
      decimals: 0,
      lagMonths: 3,
      responsibleOrganisationId: l1!.responsibleOrganisationId,
    })
  })

  it('refuses an unknown organisation, bad decimals and bad lag, naming the rows', async () => {
    const { services: s } = t()
    const { partnership } = await seedPartnership(s)
    const unknown = [HEAD, 'L 01,Burglaries,local,count,lower,monthly,sum,cumulative,,0,Nobody Ltd,2'].join(
      '\n',
    )
    const err1 = await failure(
      s.workbook.import(system, partnership.id, csvSource('Indicators.csv', unknown)),
    )
    expect(err1.details).toContain(
      'Indicators!2 responsible_organisation: Nobody Ltd is not an organisation of the partnership or on the Organisations sheet',
    )
    const csv = [
      HEAD,
      'L 01,Burglaries,local,count,lower,monthly,sum,cumulative,,0,,2',
      'L 02,Satisfaction,local,percent,higher,annual,,sometimes,,,,',
      'L 03,Trust,local,percent,higher,annual,,,,9,,-1',
    ].join('\n')
    const err = await failure(s.workbook.import(system, partnership.id, csvSource('Indicators.csv', csv)))
    const details = (err.details ?? []).join('\n')
    expect(details).toContain('Indicators!3 accumulation')
    expect(details).toContain('Indicators!4 decimals: must be a whole number from 0 to 6')
    expect(details).toContain('Indicators!4 lag_months: must be a whole number, 0 or more')
    expect(await s.indicators.findByCode(system, partnership.id, 'L 01')).toBeUndefined()
  })

  it('sets accumulation and decimals through the API and the form', async () => {
    const { app, services: s } = t()
    const { slug, users, partnership } = await seedPartnership(s, ['admin'])
    const h = bearer(users.admin!.token)
    const payload = {
      code: 'L 05',
      title: 'Money raised',
      set: 'local',
      unit: 'money',
      polarity: 'higher',
      frequency: 'quarterly',
      accumulation: 'cumulative',
      decimals: 0,
    }
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/indicators`,
      headers: h,
      payload,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().data).toMatchObject({ accumulation: 'cumulative', decimals: 0 })
    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/indicators`,
      headers: h,
      payload: { ...payload, code: 'L 06', accumulation: 'rolling', decimals: 12 },
    })
    expect(bad.statusCode).toBe(422)
    expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['accumulation', 'decimals']))
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json()
    expect(JSON.stringify(doc)).toContain('snapshot')
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const page = await agent.get(`/p/${slug}/indicators/${created.json().data.id}`)
    expect(page.body).toContain('Cumulative')
    const form = await agent.submit(`/p/${slug}/indicators/new`, `/p/${slug}/indicators`, {
      code: 'L 07',
      title: 'Volunteers',
      set: 'local',
      unit: 'count',
      polarity: 'higher',
      frequency: 'annual',
      combine: 'sum',
      accumulation: 'snapshot',
      decimals: '2',
    })
    expect(form.statusCode).toBe(302)
    expect(await s.indicators.findByCode(system, partnership.id, 'L 07')).toMatchObject({
      accumulation: 'snapshot',
      decimals: 2,
    })
  })
})

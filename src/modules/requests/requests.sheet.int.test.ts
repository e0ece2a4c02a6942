import { expect, it } from 'vitest'
import { bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { multipart } from '../../../test/helpers/workbook.ts'

describeIntegration('the Requests sheet', (t) => {
  async function setup() {
    const { app, services } = t()
    const seeded = await seedPartnership(services, ['performance_officer', 'government_office'])
    const pid = seeded.partnership.id
    await services.strategy.startVersion(system, pid, { title: 'Strategy' })
    const theme = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Safer Communities',
      tagIds: [],
    })
    const outcome = await services.strategyNodes.createNode(system, pid, 1, {
      kind: 'outcome',
      title: 'Reduction in offending by PPOs',
      parentId: theme.id,
      tagIds: [],
    })
    const h = bearer(seeded.users.performance_officer!.token)
    const importRows = (rows: object[]) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${seeded.slug}/imports?sheet=Requests`,
        headers: h,
        payload: rows,
      })
    return { ...seeded, app, services, pid, theme, outcome, h, importRows }
  }

  const rows = () => [
    {
      ref: 'FF-01',
      title: 'Reduction in levels of PPO monitoring',
      outcome_ref: '1.1',
      department: 'Home Office',
      business_case: 'Free officer time to monitor re-offending.',
      status: 'submitted',
    },
    {
      ref: 'FF-02',
      title: '=Relaxation of the capital / revenue split',
      department: 'Home Office',
      business_case: 'Building Safer Communities has a small capital element.',
      status: 'refused',
      decision: 'Treasury rules do not allow it.',
      decided_on: '2006-03-01',
    },
  ]

  it('imports, exports as CSV and imports the export again changing nothing', async () => {
    const s = await setup()
    const res = await s.importRows(rows())
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().data.sheets.Requests).toEqual({ created: 2, updated: 0, unchanged: 0 })
    const list = await s.services.requests.list(system, s.pid)
    expect(list.map((r) => [r.ref, r.status, r.outcomeRef])).toEqual([
      ['FF-01', 'submitted', '1.1'],
      ['FF-02', 'refused', null],
    ])

    const csv = await s.app.inject({
      url: `/api/v1/partnerships/${s.slug}/exports/Requests?format=csv`,
      headers: s.h,
    })
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('ref,title,outcome_ref,department,business_case,status,decision,decided_on')
    expect(csv.body).toContain("'=Relaxation")
    const file = multipart('Requests.csv', csv.body)
    const again = await s.app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${s.slug}/imports`,
      headers: { ...s.h, ...file.headers },
      payload: file.payload,
    })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().data.sheets.Requests).toEqual({ created: 0, updated: 0, unchanged: 2 })

    // A row that moves a request on as the transitions allow updates it.
    const moved = await s.importRows([
      { ...rows()[0]!, status: 'agreed', decision: 'Quarterly returns', decided_on: '2006-04-01' },
    ])
    expect(moved.json().data.sheets.Requests).toEqual({ created: 0, updated: 1, unchanged: 0 })
  })

  it('writes nothing when any row is wrong, naming every row and column', async () => {
    const s = await setup()
    await s.importRows(rows())
    // Cells that cannot be read are reported first, before anything is looked up.
    const unreadable = await s.importRows([
      { ...rows()[0]!, status: 'draft' },
      { ref: 'FF-06', title: 'W', department: 'DCLG', status: 'draft', decided_on: '2006-01-01' },
      { ref: 'FF-07', title: 'V', department: 'DCLG', status: 'maybe', decided_on: '2006-02-30' },
      { ref: 'ff-06', title: 'Again', department: 'DCLG' },
    ])
    expect(unreadable.statusCode).toBe(422)
    expect(unreadable.json().error.details).toEqual([
      'Requests!3 decided_on: only an agreed or refused request has a decision (status is draft)',
      'Requests!4 status: must be one of draft, submitted, agreed, refused, withdrawn (found "maybe")',
      'Requests!4 decided_on: must be a date as YYYY-MM-DD, like 2006-03-01 (found "2006-02-30")',
      'Requests!5 ref: ff-06 appears more than once in this sheet (first at row 3)',
    ])
    // Then every row that does not fit the partnership's records, and nothing is written.
    const bad = await s.importRows([
      { ...rows()[0]!, status: 'draft' },
      { ref: 'FF-03', title: 'X', department: 'DCLG', outcome_ref: '1', status: 'draft' },
      { ref: 'FF-04', title: 'Y', department: 'DCLG', outcome_ref: '9.9' },
      { ref: 'FF-05', title: 'Z', department: 'DCLG', status: 'submitted' },
      { ref: 'FF-08', title: 'New', department: 'DCLG' },
    ])
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.details).toEqual([
      'Requests!2 status: FF-01 is submitted: it can become agreed or refused or withdrawn, not draft',
      'Requests!3 outcome_ref: 1 is a theme: name an outcome or sub-outcome',
      'Requests!4 outcome_ref: 9.9 is not a ref of the current strategy',
      'Requests!5 business_case: a request needs its business case to be submitted',
    ])
    const after = await s.services.requests.list(system, s.pid)
    expect(after.map((r) => [r.ref, r.status])).toEqual([
      ['FF-01', 'submitted'],
      ['FF-02', 'refused'],
    ])
    // The government office reads but does not import.
    const go = await t().app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${s.slug}/imports?sheet=Requests`,
      headers: bearer(s.users.government_office!.token),
      payload: rows(),
    })
    expect(go.statusCode).toBe(403)
  })
})

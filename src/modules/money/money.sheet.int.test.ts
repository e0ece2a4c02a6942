import { buffer } from 'node:stream/consumers'
import { expect, it } from 'vitest'
import { describeIntegration, system, unique } from '../../../test/helpers/app.ts'
import { csvSource } from '../../../test/helpers/workbook.ts'
import type { AppError } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import type { ImportSource } from '../../workbook/read.ts'
import { moneyPartnership } from './money.fixtures.ts'
import { IMPORT_SELF_APPROVAL_REFUSED } from './money.spend.sheet.ts'

/** The sheets given (a sheet set to undefined is left out of the workbook). */
const withoutBlank = (sheets: Record<string, Record<string, unknown>[] | undefined>) =>
  Object.fromEntries(Object.entries(sheets).filter(([, rows]) => rows !== undefined)) as Record<
    string,
    Record<string, unknown>[]
  >

describeIntegration('money: the Funding, Allocations, Budgets and Spend sheets', (t) => {
  async function setup() {
    const s = t().services
    const m = await moneyPartnership(s)
    const finance = await m.actorOf(m.users.finance_officer!.userId)
    const provider = await m.actorOf(m.provider.userId)
    await s.money.publishProtocol(finance, m.pid, { text: 'Funds are released once signed.' })
    await s.money.signProtocol(finance, m.pid, { organisationId: m.council.id, signedByName: 'Jo Treasurer' })
    const abg = unique('ABG')
    const bsc = unique('BSC')
    const run = (source: ImportSource, actor: Actor = finance) => s.workbook.import(actor, m.pid, source)
    const failure = async (p: Promise<unknown>) => {
      const e = (await p.then(
        () => undefined,
        (x: unknown) => x,
      )) as AppError | undefined
      if (!e) throw new Error('expected the import to fail')
      expect(e.id).toBe('import_failed')
      return e.details ?? []
    }
    const exported = async (sheet: string) =>
      (await buffer((await s.workbook.export(finance, m.pid, sheet, 'csv')).stream))
        .toString('utf8')
        .replace(/^\uFEFF/, '')
    /** A whole workbook (every money sheet), as the JSON door takes it. */
    const workbook = (over: Partial<Record<string, Record<string, unknown>[]>> = {}): ImportSource => ({
      kind: 'json',
      sheets: withoutBlank({
        Funding: [
          {
            ref: abg,
            name: 'Area Based Grant',
            source: 'CLG',
            kind: 'pooled',
            accountable_body: m.council.name,
          },
          {
            ref: bsc,
            name: 'Building Safer Communities',
            source: 'Home Office',
            kind: 'grant',
            ring_fenced: 'yes',
            spend_type: 'capital',
            parent_ref: abg,
          },
        ],
        // Allocations come before Budgets in the workbook: they are checked once both are applied.
        Allocations: [
          {
            funding_ref: abg,
            year: '2008/09',
            recipient: m.council.name,
            amount: '£60,000.00',
            notes: 'Youth',
          },
          { funding_ref: abg, year: '2008/09', recipient: m.police.name, amount: '30000' },
          { funding_ref: bsc, year: '2008/09', recipient: m.council.name, amount: '£1,000.50' },
        ],
        Budgets: [
          { funding_ref: abg, year: '2008/09', amount: '£100,000' },
          { funding_ref: bsc, year: '2008/09', amount: '5000.5' },
        ],
        Spend: [
          {
            funding_ref: abg,
            recipient: m.council.name,
            period: '2008/09 Q2',
            actual: '£30,000.00',
            forecast: '60000',
          },
        ],
        ...over,
      }),
    })
    return { s, m, finance, provider, abg, bsc, run, failure, exported, workbook }
  }

  it('imports a whole money workbook, Allocations before Budgets, and reads its export back unchanged', async () => {
    const { s, m, finance, abg, run, exported, workbook } = await setup()
    const first = await run(workbook())
    expect(first.sheets).toMatchObject({
      Funding: { created: 2 },
      Allocations: { created: 3 },
      Budgets: { created: 2 },
      Spend: { created: 1 },
    })
    // Every change is audited inside the import's transaction, as the forms audit it.
    const audited = async (entityType: string) =>
      (await s.audit.list(system, m.pid, { entityType, limit: 50, offset: 0 })).rows.length
    const counts = async () =>
      Promise.all(['funding_stream', 'allocation', 'stream_budget', 'spend_return'].map(audited))
    expect(await counts()).toEqual([2, 3, 2, 1])
    const tree = await s.money.streamTree(finance, m.pid)
    expect(tree.map((n) => [n.ref, n.children.map((c) => c.ref)])).toEqual([[abg, [expect.any(String)]]])
    expect(tree[0]!.years[0]).toMatchObject({ budget: 10_000_000, allocated: 9_000_000 })
    const [ret] = await s.money.listSpend(finance, m.pid)
    expect(ret).toMatchObject({ actualPence: 3_000_000, forecastPence: 6_000_000, status: 'submitted' })

    // Export → import changes nothing: every row unchanged, no new version, the same export again.
    const sheets = ['Funding', 'Allocations', 'Budgets', 'Spend']
    const before = Object.fromEntries(await Promise.all(sheets.map(async (n) => [n, await exported(n)])))
    const history = (await s.money.budgetHistory(finance, m.pid, tree[0]!.id)).length
    for (const name of sheets) {
      const again = await run(csvSource(`${name}.csv`, String(before[name])))
      expect(again.sheets[name]).toEqual({
        created: 0,
        updated: 0,
        unchanged: name === 'Funding' ? 2 : name === 'Spend' ? 1 : name === 'Budgets' ? 2 : 3,
      })
    }
    const whole = await run(workbook())
    for (const name of sheets) expect(whole.sheets[name]).toMatchObject({ created: 0, updated: 0 })
    for (const name of sheets) expect(await exported(name)).toBe(before[name])
    expect((await s.money.budgetHistory(finance, m.pid, tree[0]!.id)).length).toBe(history)
    expect((await s.money.getSpend(finance, m.pid, ret!.id)).history).toHaveLength(1)
    expect(await counts()).toEqual([2, 3, 2, 1])

    // Re-importing a changed row makes a new version and keeps the history.
    const changed = await run(
      workbook({ Budgets: [{ funding_ref: abg, year: '2008/09', amount: '120000' }] }),
    )
    expect(changed.sheets.Budgets).toEqual({ created: 0, updated: 1, unchanged: 0 })
    expect((await s.money.budgetHistory(finance, m.pid, tree[0]!.id)).length).toBe(history + 1)
  })

  it('imports the sheets one file at a time in the contract’s order: allocations await the budget that follows', async () => {
    const { s, m, finance, abg, bsc, run, failure, workbook } = await setup()
    const { sheets } = workbook() as { sheets: Record<string, readonly unknown[]> }
    const only = (sheet: string, rows: readonly unknown[] = sheets[sheet]!): ImportSource => ({
      kind: 'json',
      sheets: { [sheet]: rows },
    })
    await run(only('Funding'))
    // Allocations.csv before Budgets.csv: no budget yet, so they await it.
    expect((await run(only('Allocations'))).sheets.Allocations).toMatchObject({ created: 3 })
    const waiting = await s.money.streamTree(finance, m.pid, { year: '2008/09' })
    expect(waiting[0]!.years[0]).toMatchObject({ hasBudget: false, allocated: 9_000_000 })
    // A budget less than what is allocated is refused, naming its row, and nothing is written.
    const low = [
      { funding_ref: abg, year: '2008/09', amount: '50000' },
      { funding_ref: bsc, year: '2008/09', amount: '5000.5' },
    ]
    expect((await failure(run(only('Budgets', low)))).join('\n')).toContain(
      `Budgets!2 amount: ${abg}’s allocations for 2008/09 add up to £90,000.00, more than its budget of £50,000.00`,
    )
    expect((await run(only('Budgets'))).sheets.Budgets).toMatchObject({ created: 2 })
    expect((await run(only('Spend'))).sheets.Spend).toMatchObject({ created: 1 })
    // The same as the whole workbook gives.
    const tree = await s.money.streamTree(finance, m.pid)
    expect(tree[0]!.years[0]).toMatchObject({
      budget: 10_000_000,
      allocated: 9_000_000,
      unallocated: 1_000_000,
    })
    const again = await run(workbook())
    for (const name of ['Funding', 'Allocations', 'Budgets', 'Spend'])
      expect(again.sheets[name]).toMatchObject({ created: 0, updated: 0 })
  })

  it('exports the Variance sheet with figures that reconcile with the budgets, allocations and spend', async () => {
    const { s, m, finance, abg, run, exported, workbook } = await setup()
    await run(workbook())
    const csv = await exported('Variance')
    const [header, ...lines] = csv.trim().split(/\r?\n/)
    expect(header).toBe(
      'funding_ref,recipient,year,budget,allocated,actual_to_date,forecast,variance,variance_percent,explanation',
    )
    const rows = lines.map((l) => l.split(','))
    const ofAbg = rows.filter((r) => r[0] === abg)
    const council = ofAbg.find((r) => r[1] === m.council.name)!
    const police = ofAbg.find((r) => r[1] === m.police.name)!
    const total = ofAbg.find((r) => r[1] === '')!
    // £60,000 evenly profiled: £30,000 to the end of Q2, spent exactly.
    expect(council).toEqual([
      abg,
      m.council.name,
      '2008/09',
      '',
      '60000.00',
      '30000.00',
      '60000.00',
      '0.00',
      '0.00',
      '',
    ])
    expect(police.slice(3, 6)).toEqual(['', '30000.00', ''])
    expect(total.slice(3, 8)).toEqual(['100000.00', '90000.00', '30000.00', '60000.00', '0.00'])
    const read = await s.money.varianceRows(finance, m.pid, { year: '2008/09' })
    expect(read.filter((r) => r.fundingRef === abg)).toHaveLength(ofAbg.length)
  })

  it('refuses every bad row as Sheet!row column, and writes nothing', async () => {
    const { s, m, finance, abg, bsc, run, failure, workbook } = await setup()
    const cases: [Record<string, Record<string, unknown>[]>, string][] = [
      [
        {
          Budgets: [
            { funding_ref: abg, year: '2008/09', amount: '-5' },
            { funding_ref: bsc, year: '2008/09', amount: '5000.5' },
          ],
        },
        'Budgets!2 amount: The budget must be £0 or more',
      ],
      [
        {
          Budgets: [
            { funding_ref: abg, year: '2008/09', amount: '50000' },
            { funding_ref: bsc, year: '2008/09', amount: '5000.5' },
          ],
        },
        `Allocations!3 amount: ${abg}’s allocations for 2008/09 add up to £90,000.00, more than its budget of £50,000.00`,
      ],
      [
        {
          Spend: [{ funding_ref: abg, recipient: m.council.name, period: '2010/11 Q1', actual: '10' }],
        },
        `Spend!2 period: ${abg} has no budget for 2010/11`,
      ],
      [
        {
          Budgets: [
            { funding_ref: abg, year: '2008/09', amount: '100000.001' },
            { funding_ref: bsc, year: '2008/09', amount: '5000.5' },
          ],
        },
        'Budgets!2 amount: The budget has more than two decimal places',
      ],
      [
        {
          Allocations: [{ funding_ref: abg, year: '2008/09', recipient: 'Nobody Ltd', amount: '10' }],
        },
        'Allocations!2 recipient: Nobody Ltd is not an organisation of the partnership',
      ],
      [
        {
          Spend: [{ funding_ref: abg, recipient: m.police.name, period: '2008/09 Q1', actual: '100' }],
        },
        `Spend!2 recipient: ${m.police.name} has not signed the financial protocol (version 1)`,
      ],
    ]
    for (const [over, expected] of cases) {
      const details = await failure(run(workbook(over)))
      expect(details.join('\n')).toContain(expected)
      expect(await s.money.listStreams(finance, m.pid)).toHaveLength(0)
    }
    expect(await s.money.listSpend(finance, m.pid)).toHaveLength(0)
  })

  it('lets a data provider import only their own organisation’s spend, and only the Spend sheet', async () => {
    const { s, m, provider, abg, run, failure, workbook } = await setup()
    await run(workbook({ Spend: undefined }))
    const own = `funding_ref,recipient,period,actual,forecast,variance_explanation\n${abg},${m.council.name},2008/09 Q1,"£15,000.00",,`
    expect((await run(csvSource('Spend.csv', own), provider)).sheets.Spend).toMatchObject({ created: 1 })
    const theirs = `funding_ref,recipient,period,actual\n${abg},${m.police.name},2008/09 Q1,100`
    expect(await failure(run(csvSource('Spend.csv', theirs), provider))).toEqual([
      'Spend!2 recipient: You may enter spend only for the organisation you act for',
    ])
    const budgets = `funding_ref,year,amount\n${abg},2008/09,1`
    expect((await failure(run(csvSource('Budgets.csv', budgets), provider)))[0]).toMatch(
      /^Budgets: you cannot import/,
    )
    expect(await s.money.listSpend(provider, m.pid)).toHaveLength(1)
  })

  it('approves imported spend only where the partnership allows self-approval', async () => {
    const { s, m, finance, failure, workbook } = await setup()
    const approving = () => s.workbook.import(finance, m.pid, workbook(), { approve: true })
    expect(await failure(approving())).toEqual([`Spend: ${IMPORT_SELF_APPROVAL_REFUSED}`])
    expect(await s.money.listStreams(finance, m.pid)).toHaveLength(0)
    const ctx = await s.partnerships.resolve(finance, m.slug)
    await s.partnerships.update(system, ctx, {
      name: ctx.partnership.name,
      kind: ctx.partnership.kind,
      description: null,
      accountableBodyId: null,
      areaPlaceId: null,
      allowSelfApproval: true,
    } as never)
    expect((await approving()).sheets.Spend).toMatchObject({ created: 1 })
    expect((await s.money.listSpend(finance, m.pid))[0]!.status).toBe('approved')
  })
})

import { expect, it } from 'vitest'
import { describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { buildOrganisation } from '../../../test/helpers/factories.ts'
import { moneyPartnership, refusal } from './money.fixtures.ts'

describeIntegration('money: funding streams and budgets', (t) => {
  it('keeps a stream with its parent, accountable body and purpose, as a tree with each year’s money', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const abg = await s.money.createStream(system, m.pid, {
      ref: 'ABG',
      name: 'Area Based Grant',
      source: 'Communities and Local Government',
      kind: 'pooled',
      ringFenced: 'no',
      spendType: 'revenue',
      accountableOrganisationId: m.council.id,
    })
    const sure = await s.money.createStream(system, m.pid, {
      ref: 'ABG-SS',
      name: 'Supporting People',
      source: 'CLG',
      kind: 'grant',
      parentId: abg.id,
    })
    await s.money.createStream(system, m.pid, {
      ref: 'RG',
      name: 'Reward grant',
      source: 'CLG',
      kind: 'grant',
      purpose: 'reward',
    })
    await s.money.setBudget(system, m.pid, abg.id, { year: '2008/09', amount: '£1,300,000' })
    await s.money.setBudget(system, m.pid, sure.id, { year: '2008/2009', amount: 250000.5 })
    await s.money.createAllocation(system, m.pid, {
      streamId: abg.id,
      year: '2008/09',
      recipientId: m.police.id,
      amount: '300,000.25',
    })
    const tree = await s.money.streamTree(system, m.pid)
    expect(tree.map((n) => n.ref)).toEqual(['ABG', 'RG'])
    const [abgNode, rg] = tree
    expect(abgNode).toMatchObject({
      accountableName: m.council.name,
      spendType: 'revenue',
      rewardEarned: null,
    })
    expect(abgNode!.years).toEqual([
      {
        streamId: abg.id,
        year: '2008/09',
        budget: 130_000_000,
        allocated: 30_000_025,
        unallocated: 99_999_975,
        hasBudget: true,
      },
    ])
    expect(abgNode!.children.map((c) => [c.ref, c.years[0]?.budget])).toEqual([['ABG-SS', 25_000_050]])
    // The reward grant earned shows beside the reward stream (none earned yet: no assessments).
    expect(rg).toMatchObject({ purpose: 'reward', rewardEarned: 0 })
    // Anyone in the partnership reads.
    const board = await m.actorOf(m.users.board_member!.userId)
    expect((await s.money.listStreams(board, m.pid)).map((x) => x.ref)).toEqual(['ABG', 'ABG-SS', 'RG'])
  })

  it('versions a budget: a change supersedes the row, the same amount writes nothing', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const st = await m.stream({ budget: '1000' })
    await s.money.setBudget(system, m.pid, st.id, { year: '2008/09', amount: '1000.00' })
    await s.money.setBudget(system, m.pid, st.id, { year: '2008/09', amount: '1500' })
    const history = await s.money.budgetHistory(system, m.pid, st.id)
    expect(history.map((h) => [h.amountPence, h.supersededAt === null])).toEqual([
      [100000, false],
      [150000, true],
    ])
    const audit = await s.audit.list(system, m.pid, {
      entityType: 'stream_budget',
      entityId: st.id,
      limit: 10,
      offset: 0,
    })
    expect(audit.rows.map((r) => r.event.action).sort()).toEqual(['create', 'update'])
  })

  it('refuses bad budgets naming the field, and writes nothing', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const st = await m.stream()
    const negative = await refusal(s.money.setBudget(system, m.pid, st.id, { year: '2008/09', amount: '-3' }))
    expect(negative.status).toBe(422)
    expect(negative.fields).toEqual({ amount: 'The budget must be £0 or more' })
    const decimals = await refusal(
      s.money.setBudget(system, m.pid, st.id, { year: '2008/09', amount: '10.005' }),
    )
    expect(decimals.fields?.amount).toMatch(/more than two decimal places/)
    const quarter = await refusal(
      s.money.setBudget(system, m.pid, st.id, { year: '2008/09 Q1', amount: '10' }),
    )
    expect(quarter.fields).toEqual({ year: '2008/09 Q1 is not a financial year: write it like 2008/09' })
    const notYear = await refusal(s.money.setBudget(system, m.pid, st.id, { year: '2008/10', amount: '10' }))
    expect(notYear.fields?.year).toMatch(/not a financial year/)
    expect(await s.money.budgetHistory(system, m.pid, st.id)).toEqual([])
    // Below what is already allocated.
    await s.money.setBudget(system, m.pid, st.id, { year: '2008/09', amount: '100' })
    await s.money.createAllocation(system, m.pid, {
      streamId: st.id,
      year: '2008/09',
      recipientId: m.council.id,
      amount: '80',
    })
    const below = await refusal(s.money.setBudget(system, m.pid, st.id, { year: '2008/09', amount: '79.99' }))
    expect(below.fields?.amount).toMatch(
      /^£80\.00 is already allocated from .* in 2008\/09: the budget cannot be less$/,
    )
    expect((await s.money.budgetHistory(system, m.pid, st.id)).map((h) => h.amountPence)).toEqual([10000])
  })

  it('refuses a parent or accountable body that is not the partnership’s, a loop and a duplicate ref', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const other = await seedPartnership(s)
    const theirs = await buildOrganisation(s, other.partnership.id)
    const a = await m.stream({ ref: 'LOOP-A' })
    const b = await m.stream({ ref: 'LOOP-B', parentId: a.id })
    const base = { name: 'X', source: 'Y', kind: 'grant' as const }
    const bad = await refusal(
      s.money.createStream(system, m.pid, {
        ...base,
        ref: 'loop-a',
        kind: 'grant',
        accountableOrganisationId: theirs.id,
        parentId: '00000000-0000-4000-8000-000000000000',
      }),
    )
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['accountableOrganisationId', 'parentId', 'ref'])
    const loop = await refusal(
      s.money.updateStream(system, m.pid, a.id, { ...base, ref: 'LOOP-A', parentId: b.id }),
    )
    expect(loop.fields?.parentId).toMatch(/cannot be part of itself/)
    const kind = await refusal(
      s.money.createStream(system, m.pid, { ...base, ref: 'K', kind: 'loan' as 'grant' }),
    )
    expect(kind.fields?.kind).toBe('Choose pooled, aligned or grant')
    expect((await s.money.listStreams(system, m.pid)).map((x) => x.ref)).toEqual(['LOOP-A', 'LOOP-B'])
  })

  it('archives a stream only without component streams or allocations; only finance officers and admins write', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const parent = await m.stream({ budget: '10' })
    const child = await m.stream({ parentId: parent.id })
    expect((await refusal(s.money.archiveStream(system, m.pid, parent.id))).status).toBe(409)
    await s.money.archiveStream(system, m.pid, child.id)
    await s.money.createAllocation(system, m.pid, {
      streamId: parent.id,
      year: '2008/09',
      recipientId: m.council.id,
      amount: '1',
    })
    expect((await refusal(s.money.archiveStream(system, m.pid, parent.id))).status).toBe(409)
    const board = await m.actorOf(m.users.board_member!.userId)
    expect(
      (await refusal(s.money.setBudget(board, m.pid, parent.id, { year: '2008/09', amount: '5' }))).status,
    ).toBe(403)
    const finance = await m.actorOf(m.users.finance_officer!.userId)
    const updated = await s.money.updateStream(finance, m.pid, parent.id, {
      ref: parent.ref,
      name: 'Renamed',
      source: parent.source,
      kind: 'aligned',
    })
    expect(updated).toMatchObject({ name: 'Renamed', kind: 'aligned' })
  })
})

import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../test/helpers/app.ts'
import { moneyPartnership, refusal } from './money.fixtures.ts'

describeIntegration('money: the financial protocol and release of funds', (t) => {
  it('refuses release to an unsigned recipient, then releases once it signs the current version', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const finance = await m.actorOf(m.users.finance_officer!.userId)
    const st = await m.stream({ budget: '1000' })
    const alloc = await s.money.createAllocation(finance, m.pid, {
      streamId: st.id,
      year: '2008/09',
      recipientId: m.council.id,
      amount: '500',
    })
    const none = await refusal(s.money.releaseAllocation(finance, m.pid, alloc.id))
    expect(none.status).toBe(422)
    expect(none.message).toBe(
      `${m.council.name} has not signed the financial protocol: none has been published yet`,
    )

    await s.money.publishProtocol(finance, m.pid, { text: 'Version one of the protocol.' })
    await s.money.signProtocol(finance, m.pid, { organisationId: m.council.id, signedByName: 'A. Treasurer' })
    const v2 = await s.money.publishProtocol(finance, m.pid, { text: 'Version two: variance within 2%.' })
    expect(v2.version).toBe(2)
    expect(await s.money.hasSignedCurrent(t().database.db, m.pid, m.council.id)).toBe(false)
    const refused = await refusal(s.money.releaseAllocation(finance, m.pid, alloc.id))
    expect(refused).toMatchObject({ status: 422, id: 'protocol_not_signed' })
    expect(refused.message).toBe(`${m.council.name} has not signed the financial protocol (version 2)`)
    expect(refused.fields?.recipientId).toBe(refused.message)
    expect((await s.money.getAllocation(system, m.pid, alloc.id)).releasedAt).toBeNull()

    // The data provider signs for the organisation they act for (and only that one).
    const provider = await m.actorOf(m.provider.userId)
    const notMine = await refusal(
      s.money.signProtocol(provider, m.pid, { organisationId: m.police.id, signedByName: 'Someone' }),
    )
    expect(notMine.status).toBe(403)
    const old = await refusal(
      s.money.signProtocol(provider, m.pid, { organisationId: m.council.id, signedByName: 'B', version: 1 }),
    )
    expect(old.fields?.version).toBe(
      'Only the current version (version 2) of the financial protocol can be signed',
    )
    const sig = await s.money.signProtocol(provider, m.pid, {
      organisationId: m.council.id,
      signedByName: 'Chief Finance Officer',
      version: '2',
    })
    expect(sig).toMatchObject({ signedByName: 'Chief Finance Officer', signedByUserId: m.provider.userId })
    expect(await s.money.hasSignedCurrent(t().database.db, m.pid, m.council.id)).toBe(true)
    const again = await s.money.signProtocol(finance, m.pid, {
      organisationId: m.council.id,
      signedByName: 'Other',
    })
    expect(again.id).toBe(sig.id)

    const signatories = await s.money.signatories(system, m.pid)
    expect(signatories.map((x) => [x.organisationName, x.signedByName])).toEqual([
      [m.council.name, 'Chief Finance Officer'],
    ])
    const current = await s.money.protocol(system, m.pid)
    expect(current).toMatchObject({ version: 2, text: 'Version two: variance within 2%.' })
    expect((await s.money.protocolVersions(system, m.pid)).map((v) => v.version)).toEqual([2, 1])

    const released = await s.money.releaseAllocation(finance, m.pid, alloc.id)
    expect(released.releasedAt).toBeInstanceOf(Date)
    expect(released.releasedBy).toBe(finance.label)
    const moved = await refusal(
      s.money.updateAllocation(finance, m.pid, alloc.id, { recipientId: m.police.id, amount: '500' }),
    )
    expect(moved.fields?.recipientId).toMatch(/^The funds have been released to this recipient/)
    const twice = await s.money.releaseAllocation(finance, m.pid, alloc.id)
    expect(twice.releasedAt).toEqual(released.releasedAt)
    const audit = await s.audit.list(system, m.pid, {
      entityType: 'allocation',
      entityId: alloc.id,
      limit: 10,
      offset: 0,
    })
    expect(audit.rows.map((r) => r.event.action).sort()).toEqual(['create', 'release'])
  })

  it('lets only finance officers and administrators publish and release; refuses a blank protocol', async () => {
    const s = t().services
    const m = await moneyPartnership(s)
    const board = await m.actorOf(m.users.board_member!.userId)
    expect((await refusal(s.money.publishProtocol(board, m.pid, { text: 'x' }))).status).toBe(403)
    const blank = await refusal(s.money.publishProtocol(system, m.pid, { text: '  ' }))
    expect(blank.fields).toEqual({ text: 'Enter the text of the financial protocol' })
    expect(await s.money.protocol(system, m.pid)).toBeNull()
    const st = await m.stream({ budget: '10' })
    const alloc = await s.money.createAllocation(system, m.pid, {
      streamId: st.id,
      year: '2008/09',
      recipientId: m.police.id,
      amount: '10',
    })
    expect((await refusal(s.money.releaseAllocation(board, m.pid, alloc.id))).status).toBe(403)
    const noVersion = await refusal(
      s.money.signProtocol(system, m.pid, { organisationId: m.police.id, signedByName: 'X' }),
    )
    expect(noVersion.fields?.version).toBe('There is no financial protocol to sign yet')
  })
})

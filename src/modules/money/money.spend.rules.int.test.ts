import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../test/helpers/app.ts'
import { refusal } from './money.fixtures.ts'
import { moneySetup } from './money.spend.fixtures.ts'
import { SPEND_SELF_APPROVAL_REFUSED } from './money.spend.rules.ts'

const Q2 = '2008/09 Q2'
const day = (offset: number) => new Date(Date.now() + offset * 864e5).toISOString().slice(0, 10)

describeIntegration('money: the rules of spend returns (a second approver, the round’s window)', (t) => {
  const setup = () => moneySetup(t())

  it('refuses approval by whoever submitted the return, unless the partnership allows self-approval', async () => {
    const s = await setup()
    const input = { streamId: s.stream.id, recipientId: s.signed.id, period: Q2, actual: '20000' }
    const mine = await s.money.saveSpend(s.finance, s.pid, input, { submit: true })
    const own = await refusal(s.money.approveSpend(s.finance, s.pid, mine.id))
    expect(own).toMatchObject({ status: 403, message: SPEND_SELF_APPROVAL_REFUSED })
    expect((await s.money.getSpend(s.board, s.pid, mine.id)).history.map((h) => h.status)).toEqual([
      'submitted',
    ])
    // The provider submitted theirs: the finance officer approves it.
    const theirs = await s.money.saveSpend(
      s.provider,
      s.pid,
      { ...input, period: '2008/09 Q1', actual: '10000' },
      { submit: true },
    )
    expect((await s.money.approveSpend(s.finance, s.pid, theirs.id)).status).toBe('approved')
    // Someone else approves the finance officer's own return.
    expect((await s.money.approveSpend(s.admin, s.pid, mine.id)).status).toBe('approved')

    // A partnership that allows self-approval (its settings, as for values) lets them.
    const ctx = await s.services.partnerships.resolve(system, s.seeded.slug)
    await s.services.partnerships.update(system, ctx, {
      name: ctx.partnership.name,
      kind: ctx.partnership.kind,
      description: null,
      accountableBodyId: null,
      areaPlaceId: null,
      allowSelfApproval: true,
    } as never)
    const next = await s.money.saveSpend(
      s.finance,
      s.pid,
      { ...input, period: '2008/09 Q3', actual: '30000' },
      { submit: true },
    )
    expect((await s.money.approveSpend(s.finance, s.pid, next.id)).status).toBe('approved')
  })

  it('refuses a recipient’s return once the quarter’s round has closed, naming period; finance officers are not stopped', async () => {
    const s = await setup()
    await s.services.rounds.create(system, s.pid, { period: Q2, opensOn: day(-60), dueOn: day(-7) })
    const input = { streamId: s.stream.id, recipientId: s.signed.id, period: Q2, actual: '20000' }
    const late = await refusal(s.money.saveSpend(s.provider, s.pid, input))
    expect(late.status).toBe(422)
    expect(late.fields?.period).toBe(
      `The ${Q2} round closed on ${day(-7)}: a late return needs an exception from your performance officer`,
    )
    expect(await s.money.listSpend(s.board, s.pid, {})).toEqual([])
    // A quarter without a round is not stopped; nor is a finance officer entering on its behalf.
    expect(
      (await s.money.saveSpend(s.provider, s.pid, { ...input, period: '2008/09 Q1', actual: '10000' }))
        .status,
    ).toBe('draft')
    expect((await s.money.saveSpend(s.finance, s.pid, input)).roundId).not.toBeNull()
  })
})

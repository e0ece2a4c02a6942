import { expect, it } from 'vitest'
import { describeIntegration, system } from '../../../test/helpers/app.ts'
import { buildOrganisation, buildPartnership } from '../../../test/helpers/factories.ts'
import { noticeEndsOn } from './money.commissioning.schema.ts'
import { buildOutcome, moneySetup } from './money.spend.fixtures.ts'

describeIntegration('money: commissioning decisions', (t) => {
  const failure = async (p: Promise<unknown>) => {
    try {
      await p
    } catch (e) {
      const err = e as { status?: number; fields?: Record<string, string> }
      return { status: err.status, fields: err.fields ?? {} }
    }
    throw new Error('expected a refusal')
  }

  it('computes the end of notice from the decision date, calendar months, clamped to the month', () => {
    expect(noticeEndsOn('2009-01-31', 1)).toBe('2009-02-28')
    expect(noticeEndsOn('2008-01-31', 1)).toBe('2008-02-29')
    expect(noticeEndsOn('2008-10-15', 6)).toBe('2009-04-15')
    expect(noticeEndsOn('2008-12-01', 12)).toBe('2009-12-01')
  })

  it('records decisions per service with the reason and outcome; the list shows each service’s latest', async () => {
    const s = await moneySetup(t())
    const outcome = await buildOutcome(t(), s.pid)
    const base = {
      service: 'Youth inclusion programme',
      reason: 'Reduces first-time entrants (NI 111)',
      outcomeKey: outcome.key,
      providerId: s.signed.id,
      streamId: s.stream.id,
      allocationId: s.allocation.id,
    }
    await s.money.recordCommissioningDecision(s.finance, s.pid, {
      ...base,
      decision: 'commission',
      decidedOn: '2008-04-01',
    })
    const notice = await s.money.recordCommissioningDecision(s.finance, s.pid, {
      ...base,
      service: '  youth  inclusion programme ',
      decision: 'notice',
      noticeMonths: '3',
      reason: 'Outcomes met by the new family intervention project',
      decidedOn: '2009-01-31',
    })
    expect(notice).toMatchObject({ decision: 'notice', noticeMonths: 3, noticeEndsOn: '2009-04-30' })
    await s.money.recordCommissioningDecision(s.finance, s.pid, {
      service: 'Drug intervention programme',
      decision: 'continue',
      reason: 'On track',
      outcomeKey: outcome.key,
      decidedOn: '2008-06-01',
    })
    const list = await s.money.commissionedServices(s.board, s.pid)
    expect(list.map((l) => [l.service, l.latest.decision, l.decisions])).toEqual([
      ['Drug intervention programme', 'continue', 1],
      ['youth inclusion programme', 'notice', 2],
    ])
    expect(list[1]!.latest).toMatchObject({
      provider: s.signed.name,
      streamRef: s.stream.ref,
      outcome: { ref: '1.1', title: 'Less re-offending' },
    })
    const history = await s.money.serviceDecisions(s.board, s.pid, 'Youth Inclusion Programme')
    expect(history.map((h) => h.decision)).toEqual(['notice', 'commission'])
    await s.money.archiveCommissioningDecision(s.finance, s.pid, notice.id)
    expect((await s.money.commissionedServices(s.board, s.pid))[1]!.latest.decision).toBe('commission')
  })

  it('refuses bad input naming the field, and writes nothing', async () => {
    const s = await moneySetup(t())
    const outcome = await buildOutcome(t(), s.pid)
    const other = await buildPartnership(s.services, ['admin'])
    const stranger = await buildOrganisation(s.services, other.partnership.id)
    const parsed = await failure(
      s.money.recordCommissioningDecision(s.finance, s.pid, {
        service: '',
        decision: 'notice',
        reason: ' ',
        outcomeKey: 'x',
        decidedOn: '2009-02-30',
      }),
    )
    expect(Object.keys(parsed.fields).sort()).toEqual([
      'decidedOn',
      'noticeMonths',
      'outcomeKey',
      'reason',
      'service',
    ])
    const months = await failure(
      s.money.recordCommissioningDecision(s.finance, s.pid, {
        service: 'X',
        decision: 'notice',
        reason: 'R',
        outcomeKey: outcome.key,
        decidedOn: '2009-01-01',
      }),
    )
    expect(months.fields).toHaveProperty('noticeMonths')
    const unrelated = await failure(
      s.money.recordCommissioningDecision(s.finance, s.pid, {
        service: 'X',
        decision: 'commission',
        reason: 'R',
        outcomeKey: '00000000-0000-4000-8000-000000000000',
        providerId: stranger.id,
        decidedOn: '2009-01-01',
      }),
    )
    expect(Object.keys(unrelated.fields).sort()).toEqual(['outcomeKey', 'providerId'])
    const stream2 = await s.money.createStream(s.finance, s.pid, {
      ref: 'BSC',
      name: 'Building Safer Communities',
      source: 'Home Office',
      kind: 'grant',
      purpose: null,
    })
    const mismatch = await failure(
      s.money.recordCommissioningDecision(s.finance, s.pid, {
        service: 'X',
        decision: 'commission',
        reason: 'R',
        outcomeKey: outcome.key,
        streamId: stream2.id,
        allocationId: s.allocation.id,
        decidedOn: '2009-01-01',
      }),
    )
    expect(mismatch.fields).toHaveProperty('allocationId')
    expect(
      await failure(
        s.money.recordCommissioningDecision(s.board, s.pid, {
          service: 'X',
          decision: 'commission',
          reason: 'R',
          outcomeKey: outcome.key,
          decidedOn: '2009-01-01',
        }),
      ),
    ).toMatchObject({ status: 403 })
    expect(await s.money.commissionedServices(s.board, s.pid)).toEqual([])
    const audit = await s.services.audit.list(system, s.pid, {
      entityType: 'commissioning_decision',
      limit: 10,
      offset: 0,
    })
    expect(audit.rows).toEqual([])
  })
})

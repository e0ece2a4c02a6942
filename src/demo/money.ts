/**
 * The demo's money (issue #15, 001 §3-4, 002 §2, §18-19, §23-24, Safer §4): the Area Based Grant
 * with some of the grants it absorbed, Building Safer Communities with its small capital element,
 * the reward grant and the £1.3m pump-priming; budgets for 2008/09 to 2010/11 (illustrative,
 * exact to the penny); allocations for 2009/10 to the partners paying for targets, outcomes and an
 * action, one passed on; the financial protocol signed by every first-level recipient but the
 * Councils for Voluntary Service (whose allocation is therefore not released); a quarter of spend
 * (2009/10 Q3) approved, with one variance beyond amber explained and decided with the lead
 * officer; and two commissioning decisions, one giving notice. Idempotent: a second load adds
 * nothing (streams by ref, allocations by ref, returns by stream, recipient and quarter).
 */
import { systemActor, type Actor } from '../modules/auth/actor.ts'
import type { Services } from '../services.ts'
import {
  ALLOCATIONS,
  CHARNWOOD,
  COUNCIL,
  DEMO_SPEND_PERIOD,
  FINANCE_EMAIL,
  PROBATION,
  PROTOCOL,
  SIGNERS,
  SPEND,
  STREAMS,
  YEARS,
} from './money.data.ts'

export { DEMO_SPEND_PERIOD } from './money.data.ts'

export async function loadMoneyDemo(services: Services, partnershipId: string): Promise<void> {
  const pid = partnershipId
  const { money } = services
  const user = await services.users.findByEmail(FINANCE_EMAIL)
  const actor: Actor = (user && (await services.auth.actorForUser(user.id))) || systemActor('demo')
  const orgs = await services.organisations.list(actor, pid)
  const org = (name: string) => {
    const o = orgs.find((x) => x.name === name)
    if (!o) throw new Error(`demo money: no organisation ${name}`)
    return o.id
  }

  // Streams and their budgets (setBudget writes nothing for the same amount).
  let streams = await money.listStreams(actor, pid)
  for (const d of STREAMS) {
    let row = streams.find((s) => s.ref === d.ref)
    if (!row) {
      row = {
        ...(await money.createStream(actor, pid, {
          ref: d.ref,
          name: d.name,
          source: d.source,
          kind: d.kind,
          ringFenced: d.ringFenced ? 'yes' : 'no',
          spendType: d.spendType,
          parentId: d.parent ? (streams.find((s) => s.ref === d.parent)?.id ?? null) : null,
          accountableOrganisationId: org(COUNCIL),
          purpose: d.purpose ?? null,
          notes: d.notes ?? null,
        })),
        accountableName: COUNCIL,
      }
      streams = [...streams, row]
    }
    for (const [i, amount] of d.budgets.entries())
      if (amount) await money.setBudget(actor, pid, row.id, { year: YEARS[i]!, amount })
  }
  const streamId = (ref: string) => streams.find((s) => s.ref === ref)!.id

  // The protocol, and the signatures of every first-level recipient but the CVS.
  if (!(await money.protocol(actor, pid))) await money.publishProtocol(actor, pid, { text: PROTOCOL })
  const signed = new Set((await money.signatories(actor, pid)).map((s) => s.organisationId))
  for (const [name, signer] of Object.entries(SIGNERS))
    if (!signed.has(org(name)))
      await money.signProtocol(actor, pid, { organisationId: org(name), signedByName: signer })

  // Allocations for 2009/10, released to those who signed.
  const [targets, nodes, plans] = await Promise.all([
    services.risks.targetChoices(actor, pid),
    services.strategy.currentNodes(actor, pid),
    services.delivery.list(actor, pid),
  ])
  const actions = (await Promise.all(plans.map((p) => services.delivery.get(actor, pid, p.id)))).flatMap(
    (p) => p.actions,
  )
  const paysFor = (ref: string) => {
    const [kind, key] = ref.split(':') as [string, string]
    if (kind === 'target') {
      const t = targets.find((x) => x.code === key)
      return t ? `target:${t.id}` : null
    }
    if (kind === 'outcome') {
      const n = nodes.find((x) => x.ref === key)
      return n ? `outcome:${n.key}` : null
    }
    const a = actions.find((x) => x.ref === key)
    return a ? `action:${a.id}` : null
  }
  let allocations = await money.listAllocations(actor, pid, { year: '2009/10' })
  for (const d of ALLOCATIONS) {
    if (allocations.some((a) => a.ref === d.ref)) continue
    const parent = d.from ? allocations.find((a) => a.ref === d.from) : undefined
    await money.createAllocation(actor, pid, {
      ...(parent ? { parentAllocationId: parent.id } : { streamId: streamId(d.stream), year: '2009/10' }),
      recipientId: org(d.recipient),
      amount: d.amount,
      paysFor: paysFor(d.paysFor),
      ref: d.ref,
      title: d.title,
      awardedOn: '2009-04-01',
    })
    allocations = await money.listAllocations(actor, pid, { year: '2009/10' })
  }
  for (const a of allocations)
    if (!a.parentAllocationId && !a.releasedAt && SIGNERS[a.recipientName])
      await money.releaseAllocation(actor, pid, a.id)

  // A quarter of spend: submitted, approved; the one variance beyond amber decided with the lead officer.
  const returned = await money.listSpend(actor, pid, { period: DEMO_SPEND_PERIOD })
  for (const d of SPEND) {
    const a = allocations.find((x) => x.ref === d.allocation)!
    if (returned.some((r) => r.streamId === a.streamId && r.recipientId === a.recipientId)) continue
    // Entered on the recipient's behalf by the loader (the round has closed); Helen approves it.
    const saved = await money.saveSpend(
      systemActor('demo'),
      pid,
      {
        streamId: a.streamId,
        recipientId: a.recipientId,
        period: DEMO_SPEND_PERIOD,
        actual: d.actual,
        forecast: d.forecast,
        explanation: d.explanation ?? null,
      },
      { submit: true },
    )
    const approved = await money.approveSpend(actor, pid, saved.id)
    if (d.explanation)
      await money.decideVariance(actor, pid, approved.id, {
        decision:
          'Accepted: the underspend is re-profiled into Q4 within the year’s allocation; no funds are withdrawn.',
        decidedWith: 'Tom Hughes, Head of Adult Social Care Commissioning (lead officer, drug treatment)',
        overspendResponsibility: null,
      })
  }

  // Commissioning decisions: one continued, one given notice.
  const services_ = (await money.commissionedServices(actor, pid)).map((s) => s.service)
  const node = (ref: string) => nodes.find((n) => n.ref === ref)?.key ?? ''
  const decisions = [
    {
      service: 'Prolific offender mentoring',
      providerId: org(PROBATION),
      streamId: streamId('ABG-SSCF'),
      outcomeKey: node('4.2'),
      decision: 'continue' as const,
      decidedOn: '2009-04-01',
      reason:
        'Re-offending by the prolific and priority offender cohort is falling; continued for 2009/10 as an onward allocation from the police.',
    },
    {
      service: 'CCTV maintenance contract, Loughborough',
      providerId: org(CHARNWOOD),
      streamId: streamId('BSC-CAP'),
      outcomeKey: node('4.3'),
      decision: 'notice' as const,
      noticeMonths: '6',
      decidedOn: '2009-12-15',
      reason:
        'Maintenance is revenue spending the capital element cannot sensibly carry (002 Safer Communities §4): the borough council takes it on from June 2010.',
    },
  ]
  for (const d of decisions)
    if (!services_.includes(d.service)) await money.recordCommissioningDecision(actor, pid, d)
}

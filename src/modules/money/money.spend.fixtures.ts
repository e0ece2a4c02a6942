/**
 * Test set-up for the spend, commissioning and value-for-money integration tests: a partnership
 * with a finance officer, a stream with a 2008/09 budget, the protocol signed by one recipient and
 * not by another, and allocations to both. Everything is made through the services.
 */
import type { Actor } from '../auth/actor.ts'
import type { TestContext } from '../../../test/helpers/app.ts'
import {
  buildMember,
  buildOrganisation,
  buildPartnership,
  system,
  unique,
} from '../../../test/helpers/factories.ts'

export async function moneySetup(t: TestContext) {
  const { services } = t
  const money = services.money
  const seeded = await buildPartnership(services, ['admin', 'finance_officer', 'board_member'])
  const pid = seeded.partnership.id
  const actorOf = async (userId: string): Promise<Actor> => (await services.auth.actorForUser(userId))!
  const finance = await actorOf(seeded.users.finance_officer!.userId)
  const board = await actorOf(seeded.users.board_member!.userId)
  const signed = await buildOrganisation(services, pid, { name: unique('Youth Offending Service') })
  const unsigned = await buildOrganisation(services, pid, { name: unique('Drug Action Team') })
  const providerMember = await buildMember(services, pid, {
    role: 'data_provider',
    organisationId: signed.id,
  })
  const provider = await actorOf(providerMember.userId)
  const stream = await money.createStream(finance, pid, {
    ref: unique('ABG'),
    name: 'Area Based Grant',
    source: 'Communities and Local Government',
    kind: 'pooled',
    purpose: null,
  } as never)
  await money.setBudget(finance, pid, stream.id, { year: '2008/09', amount: '100,000' })
  await money.publishProtocol(finance, pid, {
    text: 'Funds are released once this protocol is signed (002 §24).',
  })
  await money.signProtocol(finance, pid, { organisationId: signed.id, signedByName: 'Jo Treasurer' })
  // £40,000 evenly: £10,000 a quarter, £20,000 profiled to the end of Q2.
  const allocation = await money.createAllocation(finance, pid, {
    streamId: stream.id,
    year: '2008/09',
    recipientId: signed.id,
    amount: '40000',
  })
  const unsignedAllocation = await money.createAllocation(finance, pid, {
    streamId: stream.id,
    year: '2008/09',
    recipientId: unsigned.id,
    amount: '10000',
  })
  return {
    money,
    services,
    pid,
    seeded,
    finance,
    board,
    provider,
    admin: system,
    signed,
    unsigned,
    stream,
    allocation,
    unsignedAllocation,
  }
}

/** A theme and an outcome of a new strategy version; the outcome's node (its `key` names it). */
export async function buildOutcome(t: TestContext, partnershipId: string) {
  const s = t.services
  const version = await s.strategy.startVersion(system, partnershipId, { title: 'SCS' })
  const theme = await s.strategyNodes.createNode(system, partnershipId, version.number, {
    kind: 'theme',
    title: 'Safer communities',
    tagIds: [],
  })
  return s.strategyNodes.createNode(system, partnershipId, version.number, {
    kind: 'outcome',
    parentId: theme.id,
    ref: '1.1',
    title: 'Less re-offending',
    tagIds: [],
  })
}

import { describe, expect, it } from 'vitest'
import {
  GIVING_COLUMNS,
  givingCsv,
  givingJson,
  givingPrefix,
  toGrants,
  type GivingAllocation,
} from './money.giving.ts'

const council = '11111111-1111-4111-8111-111111111111'
const police = '22222222-2222-4222-8222-222222222222'
const body = '33333333-3333-4333-8333-333333333333'
const abg = '44444444-4444-4444-8444-444444444444'
const bsc = '55555555-5555-4555-8555-555555555555'

const allocation = (over: Partial<GivingAllocation>): GivingAllocation => ({
  id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  ref: null,
  title: null,
  notes: null,
  streamId: abg,
  streamRef: 'ABG',
  streamName: 'Area Based Grant',
  year: '2008/09',
  recipientId: council,
  recipientName: 'County Council',
  parentAllocationId: null,
  amountPence: 123456,
  awardedOn: '2008-04-01',
  createdAt: new Date('2008-05-02T10:00:00Z'),
  paysFor: null,
  ...over,
})

const streams = [
  { id: abg, accountableOrganisationId: null, accountableName: null },
  { id: bsc, accountableOrganisationId: body, accountableName: 'Accountable Body' },
]
const funder = { prefix: '360G-shire', id: '360G-shire', name: 'Shire Partnership' }

describe('360Giving export', () => {
  it('derives the prefix from the slug unless one is given', () => {
    expect(givingPrefix('shire')).toBe('360G-shire')
    expect(givingPrefix('shire', ' 360G-ShireLSP ')).toBe('360G-ShireLSP')
    expect(givingPrefix('shire', '  ')).toBe('360G-shire')
  })

  it('maps allocations to the core fields: identifier, title, description, money, dates, organisations', () => {
    const first = allocation({})
    const second = allocation({
      id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      streamId: bsc,
      streamRef: 'BSC',
      streamName: 'Building Safer Communities',
      recipientId: police,
      recipientName: 'Police',
      amountPence: 1000000,
      title: 'Street wardens',
      notes: 'Wardens in three estates',
      awardedOn: null,
      paysFor: { label: 'NI 15 Serious violent crime' },
    })
    const onward = allocation({
      id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
      parentAllocationId: second.id,
      streamId: bsc,
      streamRef: 'BSC',
      streamName: 'Building Safer Communities',
      recipientId: council,
      amountPence: 5,
    })
    const grants = toGrants([first, second, onward], streams, funder)
    expect(grants[0]).toEqual({
      id: '360G-shire-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      title: 'Grant to County Council',
      description: 'Allocation from Area Based Grant (ABG) for 2008/09',
      currency: 'GBP',
      amountAwarded: 1234.56,
      awardDate: '2008-04-01',
      recipientOrganization: [{ id: `360G-shire-org-${council}`, name: 'County Council' }],
      fundingOrganization: [{ id: '360G-shire', name: 'Shire Partnership' }],
    })
    expect(grants[1]).toMatchObject({
      title: 'Street wardens',
      description: 'Wardens in three estates',
      amountAwarded: 10000,
      awardDate: '2008-05-02',
      fundingOrganization: [{ id: `360G-shire-org-${body}`, name: 'Accountable Body' }],
    })
    expect(grants[2]).toMatchObject({
      description: 'Onward allocation from Building Safer Communities (BSC) for 2008/09',
      amountAwarded: 0.05,
      fundingOrganization: [{ id: `360G-shire-org-${police}`, name: 'Police' }],
    })
    expect(givingJson(grants)).toEqual({ grants })
  })

  it('writes the standard’s CSV with its column titles, exact pounds, and no formulas', () => {
    const grants = toGrants(
      [allocation({ title: '=HYPERLINK("x")', notes: '-1+2', amountPence: 1 })],
      streams,
      funder,
    )
    const csv = givingCsv(grants)
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.slice(1).trimEnd().split('\n')
    expect(lines[0]).toBe(GIVING_COLUMNS.join(','))
    expect(lines[0]).toBe(
      'Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name',
    )
    expect(lines[1]).toBe(
      `360G-shire-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa,"'=HYPERLINK(""x"")",'-1+2,GBP,0.01,2008-04-01,360G-shire-org-${council},County Council,360G-shire,Shire Partnership`,
    )
  })
})

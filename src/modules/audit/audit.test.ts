import { describe, expect, it } from 'vitest'
import { changedKeys, entityTypeLabel, paginationFor, readable } from './audit.presenter.ts'
import {
  auditApiQuery,
  fromBound,
  parseAuditPageQuery,
  parseYmd,
  toBound,
  ukStartOfDay,
} from './audit.schema.ts'

describe('UK dates', () => {
  it('starts a winter day at midnight UTC and a summer day at 23:00 UTC the day before', () => {
    expect(ukStartOfDay(2024, 1, 15).toISOString()).toBe('2024-01-15T00:00:00.000Z')
    expect(ukStartOfDay(2024, 7, 1).toISOString()).toBe('2024-06-30T23:00:00.000Z')
    // The clocks go forward on 31 March 2024 at 01:00 UTC: that day starts in GMT, the next in BST.
    expect(ukStartOfDay(2024, 3, 31).toISOString()).toBe('2024-03-31T00:00:00.000Z')
    expect(ukStartOfDay(2024, 3, 31, 1).toISOString()).toBe('2024-03-31T23:00:00.000Z')
  })

  it('takes `to` as the whole day and accepts exact instants', () => {
    expect(toBound('2024-07-01')!.toISOString()).toBe('2024-07-01T23:00:00.000Z')
    expect(fromBound('2024-07-01T12:00:00Z')!.toISOString()).toBe('2024-07-01T12:00:00.000Z')
    expect(fromBound('yesterday')).toBeUndefined()
  })

  it('refuses dates outside 1900 to 2200, which the database cannot take as given', () => {
    expect(toBound('9999-12-31')).toBeUndefined()
    expect(fromBound('0001-01-01')).toBeUndefined()
    expect(toBound('9999-12-31T23:59:59Z')).toBeUndefined()
    expect(parseAuditPageQuery({ to: '9999-12-31' }).errors).toEqual({
      to: 'Date to must be between 1900 and 2200',
    })
    expect(auditApiQuery.safeParse({ to: '9999-12-31' }).success).toBe(false)
  })

  it('refuses impossible dates', () => {
    expect(parseYmd('2024-02-29')).toEqual([2024, 2, 29])
    expect(parseYmd('2023-02-29')).toBeUndefined()
    expect(parseYmd('2024-13-01')).toBeUndefined()
    expect(parseYmd('1/2/2024')).toBeUndefined()
  })
})

describe('audit filters', () => {
  it('names each bad field for the page', () => {
    const r = parseAuditPageQuery({ from: '2024-02-30', to: 'soon', actorUserId: 'bob' })
    expect(r.errors).toEqual({
      from: 'Date from must be a real date',
      to: 'Date to must be a real date',
      actorUserId: 'Select a person from the list',
    })
    expect(parseAuditPageQuery({ from: '2024-05-02', to: '2024-05-01' }).errors).toEqual({
      to: 'Date to must be the same as or after date from',
    })
    const ok = parseAuditPageQuery({ from: '2024-05-01', to: '2024-05-01', page: '3', entityType: '' })
    expect(ok.errors).toBeUndefined()
    expect(ok.page).toBe(3)
    expect(ok.query).toMatchObject({ entityType: undefined, from: new Date('2024-04-30T23:00:00Z') })
  })

  it('validates the API query', () => {
    expect(auditApiQuery.safeParse({ from: '2024-05-02', to: '2024-05-01' }).success).toBe(false)
    expect(auditApiQuery.safeParse({ from: 'x' }).success).toBe(false)
    expect(auditApiQuery.safeParse({ limit: '501' }).success).toBe(false)
    expect(auditApiQuery.parse({ limit: '10' })).toMatchObject({ limit: 10, offset: 0 })
  })
})

describe('audit presentation', () => {
  it('shows only the keys whose values differ', () => {
    expect(
      changedKeys(
        { name: 'A', type: 'police', tags: ['x'], updatedAt: '1' },
        { name: 'B', type: 'police', tags: ['x'], updatedAt: '2', extra: true },
      ),
    ).toEqual([
      { key: 'extra', before: null, after: true },
      { key: 'name', before: 'A', after: 'B' },
      { key: 'updatedAt', before: '1', after: '2' },
    ])
    expect(changedKeys(null, { name: 'A' })).toEqual([{ key: 'name', before: null, after: 'A' }])
    expect(changedKeys(null, null)).toEqual([])
    expect(changedKeys('a', 'b')).toEqual([{ key: 'value', before: 'a', after: 'b' }])
  })

  it('reads values and types as words', () => {
    expect(readable(null)).toBe('(none)')
    expect(readable(true)).toBe('Yes')
    expect(readable({ a: 1 })).toBe('{"a":1}')
    expect(entityTypeLabel('api_token')).toBe('Api token')
  })

  it('paginates with ellipses around the current page', () => {
    expect(paginationFor(1, 1, String)).toBeUndefined()
    const p = paginationFor(5, 10, (n) => `?page=${n}`)!
    expect(p.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, '…', 4, 5, 6, '…', 10])
    expect(p.previous).toEqual({ href: '?page=4' })
    expect(p.next).toEqual({ href: '?page=6' })
    expect(paginationFor(1, 2, String)!.previous).toBeUndefined()
  })
})

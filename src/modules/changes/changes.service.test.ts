import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors.ts'
import { addDays, checkTokenScope } from '../auth/tokens.ts'
import { decodeCursor, encodeCursor, type Position } from './changes.service.ts'

const id = '0b6c3f9e-3f53-4c0e-9f62-6c1f4d2b7a10'

describe('changes feed cursors', () => {
  it('give back exactly the position they were made from', () => {
    const positions: Position[] = [
      { at: '2026-12-04T16:59:01.123456Z', kind: 'a', key: id },
      { at: '2026-12-04T16:59:01.123456Z', kind: 'v', key: `${id}:0000000003` },
    ]
    for (const p of positions) {
      const cursor = encodeCursor(p)
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(decodeCursor(cursor)).toEqual(p)
    }
  })

  it('refuse anything else with 400 naming since', () => {
    const made = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    for (const bad of [
      '',
      'a b',
      '%%%',
      made({}),
      made(['2026-12-04T16:59:01.123456Z', 'a']),
      made(['2026-12-04T16:59:01Z', 'a', id]),
      made(['2026-13-40T16:59:01.123456Z', 'a', id]),
      made(['2026-12-04T16:59:01.123456Z', 'a', `${id}:0000000003`]),
      made(['2026-12-04T16:59:01.123456Z', 'v', id]),
      made(['2026-12-04T16:59:01.123456Z', 'z', id]),
    ]) {
      let err: unknown
      try {
        decodeCursor(bad)
      } catch (e) {
        err = e
      }
      expect(err, bad).toBeInstanceOf(AppError)
      expect((err as AppError).status).toBe(400)
      expect((err as AppError).fields).toHaveProperty('since')
    }
  })
})

describe('token scopes', () => {
  const now = new Date('2026-12-04T12:00:00Z')
  const ctx = { now, partnershipIds: [id], mayBeEndless: false }

  it('takes a partnership of the user, read or write, and a last day within a year', () => {
    expect(checkTokenScope({ partnershipId: id, access: 'read', expiresOn: '2027-03-04' }, ctx)).toEqual({
      partnershipId: id,
      access: 'read',
      // The end of that day in England (GMT in March before the clocks change).
      expiresAt: new Date('2027-03-04T23:59:59.999Z'),
    })
    expect(checkTokenScope({ expiresOn: addDays('2026-12-04', 365) }, ctx).access).toBe('write')
    expect(checkTokenScope({}, { ...ctx, mayBeEndless: true }).expiresAt).toBeNull()
  })

  it('names the field that is wrong', () => {
    const fieldOf = (input: Parameters<typeof checkTokenScope>[0]) => {
      try {
        checkTokenScope(input, ctx)
      } catch (e) {
        return Object.keys((e as AppError).fields ?? {})
      }
      return []
    }
    expect(fieldOf({ expiresOn: '2026-12-04' })).toEqual(['expiresOn'])
    expect(fieldOf({ expiresOn: addDays('2026-12-04', 366) })).toEqual(['expiresOn'])
    expect(fieldOf({ expiresOn: '' })).toEqual(['expiresOn'])
    expect(fieldOf({ expiresOn: '4/12/2027' })).toEqual(['expiresOn'])
    expect(fieldOf({ access: 'owner', expiresOn: '2027-01-01' })).toEqual(['access'])
    expect(fieldOf({ partnershipId: 'elsewhere', expiresOn: '2027-01-01' })).toEqual(['partnershipId'])
  })
})

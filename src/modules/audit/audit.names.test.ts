import { describe, expect, it } from 'vitest'
import { namedValue, recordLabel, referencedIds } from './audit.names.ts'

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

describe('naming the records of an audit page', () => {
  it('gathers every id a page refers to, by kind, once each: one lookup per kind for the page', () => {
    const events = [
      {
        entityType: 'data_value',
        entityId: id(1),
        before: null,
        after: { indicatorId: id(2), placeId: id(3) },
      },
      {
        entityType: 'data_value',
        entityId: id(4),
        before: null,
        after: { indicatorId: id(2), placeId: id(5) },
      },
      { entityType: 'place', entityId: id(5), before: { parentId: id(3) }, after: { parentId: id(6) } },
      { entityType: 'membership', entityId: id(7), before: null, after: { userId: id(8), role: 'admin' } },
      { entityType: 'import', entityId: 'Values.csv', before: null, after: { rows: 3 } },
    ]
    const ids = referencedIds(events)
    expect([...ids.keys()].sort()).toEqual(['indicator', 'place', 'user', 'value'])
    expect([...ids.get('indicator')!]).toEqual([id(2)])
    expect([...ids.get('place')!].sort()).toEqual([id(3), id(5), id(6)])
    expect([...ids.get('value')!]).toEqual([id(1), id(4)])
  })

  it('labels a record by its looked-up name, else by a name its snapshot carries', () => {
    const names = new Map([
      [`value:${id(1)}`, 'NI 8 at Melton, 2008/09 Q1'],
      [`user:${id(8)}`, 'Ann Smith'],
      [`indicator:${id(2)}`, 'NI 8 Adult participation in sport'],
    ])
    expect(recordLabel({ entityType: 'data_value', entityId: id(1), before: null, after: {} }, names)).toBe(
      'NI 8 at Melton, 2008/09 Q1',
    )
    expect(
      recordLabel(
        {
          entityType: 'membership',
          entityId: id(7),
          before: null,
          after: { userId: id(8), role: 'data_provider' },
        },
        names,
      ),
    ).toBe('Ann Smith (data provider)')
    expect(
      recordLabel(
        { entityType: 'strategy_node', entityId: id(9), before: null, after: { title: 'Safer' } },
        names,
      ),
    ).toBe('Safer')
    expect(
      recordLabel({ entityType: 'import', entityId: 'x', before: null, after: { rows: 1 } }, names),
    ).toBeNull()
    expect(namedValue('target', 'indicatorId', id(2), names)).toBe('NI 8 Adult participation in sport')
    expect(namedValue('target', 'indicatorId', id(99), names)).toBe(id(99))
    expect(namedValue('target', 'notes', id(2), names)).toBe(id(2))
  })

  it('names a partnership’s settings of a national indicator by the indicator', () => {
    const event = {
      entityType: 'partnership_indicator',
      entityId: id(9),
      before: { lagMonths: null },
      after: { lagMonths: 2 },
    }
    expect([...referencedIds([event]).get('indicator')!]).toEqual([id(9)])
    const names = new Map([[`indicator:${id(9)}`, 'NI 16 Serious acquisitive crime rate']])
    expect(recordLabel(event, names)).toBe('NI 16 Serious acquisitive crime rate')
  })
})

import { describe, expect, it } from 'vitest'
import {
  addDays,
  completeness,
  defaultWindow,
  outstanding,
  periodsForYear,
  reminderDue,
  roundState,
} from './rounds.rules.ts'
import { ukDate as ukToday } from '../../lib/clock.ts'

describe('round windows', () => {
  it('opens the day after the period ends and is due six weeks after it ends', () => {
    expect(defaultWindow('2008/09 Q2')).toEqual({ opensOn: '2008-10-01', dueOn: '2008-11-11' })
    expect(defaultWindow('2008/09 Q4', 4)).toEqual({ opensOn: '2009-04-01', dueOn: '2009-04-28' })
    expect(defaultWindow('2008/09')).toEqual({ opensOn: '2009-04-01', dueOn: '2009-05-12' })
    expect(defaultWindow('2009-01')).toEqual({ opensOn: '2009-02-01', dueOn: '2009-03-14' })
  })

  it('is upcoming, open through its due date, then closed', () => {
    const r = { opensOn: '2008-10-01', dueOn: '2008-11-11' }
    expect(roundState(r, '2008-09-30')).toBe('upcoming')
    expect(roundState(r, '2008-10-01')).toBe('open')
    expect(roundState(r, '2008-11-11')).toBe('open')
    expect(roundState(r, '2008-11-12')).toBe('closed')
  })

  it('reads the day in UK time and adds days across month ends', () => {
    expect(ukToday(new Date('2009-06-30T23:30:00Z'))).toBe('2009-07-01')
    expect(ukToday(new Date('2009-01-31T23:30:00Z'))).toBe('2009-01-31')
    expect(addDays('2008-02-28', 1)).toBe('2008-02-29')
    expect(addDays('2009-01-01', -1)).toBe('2008-12-31')
  })
})

describe('a year of rounds', () => {
  it('follows the frequencies of the indicators with targets', () => {
    expect(periodsForYear(2008, ['quarterly', 'quarterly'])).toEqual([
      '2008/09 Q1',
      '2008/09 Q2',
      '2008/09 Q3',
      '2008/09 Q4',
    ])
    expect(periodsForYear(2008, ['annual', null])).toEqual(['2008/09'])
    const all = periodsForYear(2009, ['monthly', 'annual', 'quarterly'])
    expect(all).toHaveLength(17)
    expect(all[0]).toBe('2009/10')
    expect(all.at(-1)).toBe('2010-03')
    expect(periodsForYear(2008, [null, 'weekly'])).toEqual([])
  })
})

describe('completeness', () => {
  const expected = [
    { indicatorId: 'a', placeId: 'x', organisationId: 'police' },
    { indicatorId: 'a', placeId: 'y', organisationId: 'police' },
    { indicatorId: 'b', placeId: 'x', organisationId: 'council' },
    { indicatorId: 'c', placeId: 'x', organisationId: 'council' },
  ]
  const values = [
    { indicatorId: 'a', placeId: 'x', status: 'approved', late: false },
    { indicatorId: 'a', placeId: 'y', status: 'returned', late: true },
    { indicatorId: 'b', placeId: 'x', status: 'submitted', late: false },
    // Entered by an administrator for a place nobody expects: not counted.
    { indicatorId: 'b', placeId: 'z', status: 'draft', late: false },
  ]

  it('counts expected, entered, submitted, approved, returned, late and missing per organisation', () => {
    expect(completeness(expected, values)).toEqual([
      {
        organisationId: 'police',
        expected: 2,
        entered: 2,
        submitted: 0,
        approved: 1,
        returned: 1,
        late: 1,
        missing: 0,
      },
      {
        organisationId: 'council',
        expected: 2,
        entered: 1,
        submitted: 1,
        approved: 0,
        returned: 0,
        late: 0,
        missing: 1,
      },
    ])
  })

  it('lists what is owed: missing, draft or returned', () => {
    expect(outstanding(expected, values).map((o) => `${o.indicatorId}${o.placeId}:${o.status}`)).toEqual([
      'ay:returned',
      'cx:missing',
    ])
  })
})

describe('reminders', () => {
  const r = { opensOn: '2008-10-01', dueOn: '2008-11-11' }
  it('reminds in the week before the due date, and once overdue', () => {
    expect(reminderDue(r, '2008-10-20')).toBeNull()
    expect(reminderDue(r, '2008-11-04')).toBe('before-7')
    expect(reminderDue(r, '2008-11-11')).toBe('before-7')
    expect(reminderDue(r, '2008-11-12')).toBe('overdue')
    // Not before the round opens, however short its window.
    expect(reminderDue({ opensOn: '2008-11-10', dueOn: '2008-11-11' }, '2008-11-09')).toBeNull()
  })
})

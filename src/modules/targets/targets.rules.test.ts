import { describe, expect, it } from 'vitest'
import {
  checkTrajectory,
  designatedLimitProblem,
  trajectoryChangeIsRevision,
  type TrajectoryContext,
} from './targets.rules.ts'

const county = { id: 'county', path: '/county/', name: 'Leicestershire' }
const places = new Map([
  ['E10000018', county],
  ['E07000129', { id: 'blaby', path: '/county/blaby/', name: 'Blaby' }],
  ['E06000016', { id: 'leicester', path: '/leicester/', name: 'Leicester' }],
])
const ctx = (frequency: string | null): TrajectoryContext => ({
  code: 'NI 19',
  frequency,
  startYear: 2008,
  endYear: 2010,
  places,
  targetPlace: county,
})

describe('checkTrajectory', () => {
  it('takes years always and the indicator’s own frequency for a profile', () => {
    const r = checkTrajectory(
      [
        { period: '2008/09', value: 20.5, placeGss: null },
        { period: '2008/09 q1', value: 21, placeGss: null },
        { period: '2009/10', value: 20, placeGss: 'E07000129' },
        { period: '2009/10', value: 19, placeGss: 'E10000018' },
      ],
      ctx('quarterly'),
    )
    expect(r.errors).toEqual({})
    expect(r.rows.map((x) => [x.period, x.periodType, x.placeId, x.periodStart])).toEqual([
      ['2008/09', 'year', null, '2008-04-01'],
      ['2008/09 Q1', 'quarter', null, '2008-04-01'],
      ['2009/10', 'year', 'blaby', '2009-04-01'],
      ['2009/10', 'year', null, '2009-04-01'],
    ])
  })

  it('refuses periods that do not fit the frequency or the agreement, unknown places and repeats', () => {
    const r = checkTrajectory(
      [
        { period: '2008/09 Q2', value: 1, placeGss: null },
        { period: '2008-05', value: 1, placeGss: null },
        { period: '2011/12', value: 1, placeGss: null },
        { period: 'next year', value: 1, placeGss: null },
        { period: '2009/10', value: 1, placeGss: 'E99999999' },
        { period: '2009/10', value: 1, placeGss: 'E06000016' },
        { period: '2010/11', value: 1, placeGss: null },
        { period: '2010/11', value: 2, placeGss: null },
      ],
      ctx('annual'),
    )
    expect(r.errors).toEqual({
      'trajectory.0.period':
        'NI 19 is measured annually: its trajectory takes financial years like 2008/09, not quarters (2008/09 Q2)',
      'trajectory.1.period':
        'NI 19 is measured annually: its trajectory takes financial years like 2008/09, not months (2008-05)',
      'trajectory.2.period': '2011/12 is outside the agreement (2008/09 - 2010/11)',
      'trajectory.3.period': expect.stringContaining('is not a period'),
      'trajectory.4.placeGss': 'No place has the GSS code E99999999',
      'trajectory.5.placeGss': 'Leicester is not within Leicestershire, the target’s place',
      'trajectory.7.period': '2010/11 is given twice',
    })
    expect(checkTrajectory([{ period: '2008-05', value: 1, placeGss: null }], ctx(null)).errors).toEqual({
      'trajectory.0.period':
        'NI 19 has no frequency recorded yet: its trajectory takes financial years like 2008/09, not months (2008-05)',
    })
  })
})

describe('designatedLimitProblem', () => {
  it('allows up to 35 and names the limit after that', () => {
    expect(designatedLimitProblem(34)).toBeUndefined()
    expect(designatedLimitProblem(35)).toMatch(/at most 35 designated targets/)
  })
})

describe('trajectoryChangeIsRevision', () => {
  it('lets any target load its first trajectory; an agreed one with a trajectory is revised', () => {
    expect(trajectoryChangeIsRevision('agreed', [])).toBe(false)
    expect(trajectoryChangeIsRevision('agreed', [{}])).toBe(true)
    expect(trajectoryChangeIsRevision('negotiating', [{}])).toBe(false)
    expect(trajectoryChangeIsRevision('placeholder', [])).toBe(false)
  })
})

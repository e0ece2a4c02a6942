import { describe, expect, it } from 'vitest'
import type { StoredAssessment } from './assessments.queries.ts'
import { presentAssessment } from './assessments.presenter.ts'

const stored = (row: Partial<StoredAssessment['row']>) =>
  ({
    code: 'NI 16',
    placeGss: 'E10000018',
    row: {
      period: '2008-04',
      value: null,
      valueSource: null,
      targetValue: null,
      status: 'green',
      direction: 'n/a',
      directionBaseline: 'n/a',
      forecastValue: null,
      forecastStatus: 'green',
      rewardShare: null,
      rewardPayable: null,
      needsPlan: false,
      provisional: false,
      targetId: 't',
      validFrom: new Date('2009-01-01T00:00:00Z'),
      ...row,
    },
  }) as unknown as StoredAssessment

describe('assessments as exported', () => {
  it('carry entered figures exactly and derived ones to six places, without binary noise', () => {
    const doc = presentAssessment(
      stored({
        value: 1.23456789,
        valueSource: 'entered',
        targetValue: 108.333333333333,
        forecastValue: -2.50000000000001,
        rewardShare: 0.5999999999999996,
        rewardPayable: 60000.004,
      }),
    )
    expect(doc).toMatchObject({
      value: 1.23456789,
      target_value: 108.333333,
      forecast_value: -2.5,
      reward_share: 0.6,
      reward_payable: 60000,
    })
    expect(presentAssessment(stored({ value: 20.5263157894737, valueSource: 'derived' })).value).toBe(
      20.526316,
    )
  })
})

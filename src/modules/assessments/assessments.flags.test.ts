import { describe, expect, it } from 'vitest'
import { flagsOf, type FlagInputRow } from './assessments.flags.ts'

const rows = (targetId: string, statuses: string[]): FlagInputRow[] =>
  statuses.map((status, i) => ({
    targetId,
    period: `Q${i + 1}`,
    status,
    // The stored rows' flag, as the engine sets it (red two running, held until amber or green).
    needsPlan: false,
    hasValue: status !== 'no-data',
  }))

/** Rows with the engine's flag, for the statuses given. */
function flagged(targetId: string, statuses: string[]) {
  const out = rows(targetId, statuses)
  let flag = false
  let previous: string | undefined
  for (const r of out) {
    if (r.status === 'red' && previous === 'red') flag = true
    else if (r.status === 'green' || r.status === 'amber') flag = false
    previous = r.status === 'no-data' ? undefined : r.status
    r.needsPlan = flag
  }
  return out
}

describe('improvement-plan flags', () => {
  it('names the two red periods that raised the flag', () =>
    expect(flagsOf(flagged('t', ['green', 'red', 'red'])).get('t')).toEqual({
      flagged: true,
      periods: ['Q2', 'Q3'],
      period: 'Q3',
    }))
  it('names every red period of a longer run', () =>
    expect(flagsOf(flagged('t', ['red', 'red', 'red'])).get('t')!.periods).toEqual(['Q1', 'Q2', 'Q3']))
  it('reads the flag at the latest period with a value: a gap neither raises nor clears it', () => {
    expect(flagsOf(flagged('t', ['red', 'red', 'no-data'])).get('t')).toMatchObject({
      flagged: true,
      period: 'Q2',
    })
    expect(flagsOf(flagged('t', ['red', 'no-data', 'red'])).get('t')!.flagged).toBe(false)
  })
  it('clears on amber or green, and keeps targets apart', () => {
    const f = flagsOf([...flagged('a', ['red', 'red', 'amber']), ...flagged('b', ['red', 'red'])])
    expect(f.get('a')).toEqual({ flagged: false, periods: [], period: 'Q3' })
    expect(f.get('b')!.flagged).toBe(true)
  })
})

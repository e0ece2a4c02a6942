/**
 * What improved and what slipped: a target's status in its latest assessed period against the
 * period before. Only rated statuses count (red < amber < green); a target going to or from "no
 * data" has not improved or slipped, it has simply not been rated.
 */
export const RANK: Record<string, number> = { red: 0, amber: 1, green: 2 }

export interface StatusAt {
  status: string
  period: string
}

export interface ChangeInput {
  targetId: string
  code: string
  title: string | null
  latest: StatusAt | undefined
  previous: StatusAt | undefined
}

export type Change = ChangeInput & { latest: StatusAt; previous: StatusAt; way: 'improved' | 'slipped' }

export function classifyChange(c: ChangeInput): Change | null {
  if (!c.latest || !c.previous) return null
  const to = RANK[c.latest.status]
  const from = RANK[c.previous.status]
  if (to === undefined || from === undefined || to === from) return null
  return { ...c, latest: c.latest, previous: c.previous, way: to > from ? 'improved' : 'slipped' }
}

/** Each list with its biggest moves first (the furthest falls, the biggest rises), then by code. */
export function changesOf(inputs: ChangeInput[]) {
  const all = inputs.map(classifyChange).filter((c): c is Change => c !== null)
  const drop = (c: Change) => RANK[c.previous.status]! - RANK[c.latest.status]!
  const byCode = (a: Change, b: Change) => a.code.localeCompare(b.code, 'en-GB', { numeric: true })
  return {
    slipped: all.filter((c) => c.way === 'slipped').sort((a, b) => drop(b) - drop(a) || byCode(a, b)),
    improved: all.filter((c) => c.way === 'improved').sort((a, b) => drop(a) - drop(b) || byCode(a, b)),
  }
}

import { describe, expect, it } from 'vitest'
import { setupChecklist, type SetupFacts } from './home.checklist.ts'

const empty: SetupFacts = {
  areaChosen: false,
  places: 0,
  organisations: 0,
  strategyOutcomes: 0,
  indicatorsWithOrganisation: 0,
  agreements: 0,
  targets: 0,
  targetsWithoutTrajectory: 0,
  rounds: 0,
  members: 1,
}

describe('setup checklist', () => {
  it('has every step open for a new partnership, in the order the work is done', () => {
    const c = setupChecklist('lt', empty)
    expect(c.done).toBe(0)
    expect(c.complete).toBe(false)
    expect(c.items.map((i) => i.key)).toEqual([
      'areaChosen',
      'places',
      'organisations',
      'strategyOutcomes',
      'indicatorsWithOrganisation',
      'agreements',
      'targets',
      'trajectories',
      'rounds',
      'members',
    ])
    expect(c.items[0]!.href).toBe('/p/lt/settings')
  })

  it('ticks itself from what the partnership holds', () => {
    const c = setupChecklist('lt', {
      areaChosen: true,
      places: 8,
      organisations: 12,
      strategyOutcomes: 20,
      indicatorsWithOrganisation: 35,
      agreements: 1,
      targets: 40,
      targetsWithoutTrajectory: 2,
      rounds: 4,
      members: 9,
    })
    expect(c.done).toBe(9)
    const trajectories = c.items.find((i) => i.key === 'trajectories')!
    expect(trajectories.done).toBe(false)
    expect(trajectories.detail).toBe('2 targets without one')
  })

  it('does not count the area alone as places, nor the first member as people', () => {
    const c = setupChecklist('lt', { ...empty, areaChosen: true, places: 1, members: 1 })
    expect(c.items.find((i) => i.key === 'places')!.done).toBe(false)
    expect(c.items.find((i) => i.key === 'members')!.done).toBe(false)
  })
})

describe('the people step', () => {
  it('is left out for someone who may not see the members', () => {
    const c = setupChecklist('lt', { ...empty, members: null })
    expect(c.total).toBe(9)
    expect(c.items.map((i) => i.key)).not.toContain('members')
  })
})

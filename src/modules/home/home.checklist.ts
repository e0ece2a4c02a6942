/**
 * A new partnership's setup, in the order the work is done (README "Setting up a partnership"):
 * each step ticks itself from what the partnership holds, so nobody marks anything done.
 */
export interface SetupFacts {
  areaChosen: boolean
  places: number
  organisations: number
  strategyOutcomes: number
  indicatorsWithOrganisation: number
  agreements: number
  targets: number
  targetsWithoutTrajectory: number
  rounds: number
  /** Null when the reader may not see the members (only administrators invite people). */
  members: number | null
}

export interface ChecklistItem {
  key: keyof SetupFacts | 'trajectories'
  label: string
  done: boolean
  /** What is there, or what is missing, in a few words. */
  detail: string
  href: string
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

export function setupChecklist(slug: string, f: SetupFacts) {
  const at = (path: string) => `/p/${slug}${path}`
  const all: (ChecklistItem | null)[] = [
    {
      key: 'areaChosen',
      label: 'Choose the partnership’s area',
      done: f.areaChosen,
      detail: f.areaChosen ? 'Chosen' : 'Not chosen yet',
      href: at('/settings'),
    },
    {
      key: 'places',
      label: 'Add the places you report on',
      done: f.places > 1,
      detail: f.places > 1 ? plural(f.places, 'place') : 'Only the area, or none: add its districts or wards',
      href: at('/places'),
    },
    {
      key: 'organisations',
      label: 'Add the partner organisations',
      done: f.organisations > 0,
      detail: f.organisations ? plural(f.organisations, 'organisation') : 'None yet',
      href: at('/organisations'),
    },
    {
      key: 'strategyOutcomes',
      label: 'Write the strategy’s themes and outcomes',
      done: f.strategyOutcomes > 0,
      detail: f.strategyOutcomes
        ? plural(f.strategyOutcomes, 'theme or outcome', 'themes and outcomes')
        : 'None yet',
      href: at('/strategy'),
    },
    {
      key: 'indicatorsWithOrganisation',
      label: 'Say which organisation provides each indicator',
      done: f.indicatorsWithOrganisation > 0,
      detail: f.indicatorsWithOrganisation
        ? plural(f.indicatorsWithOrganisation, 'indicator has a provider', 'indicators have a provider')
        : 'No indicator has a responsible organisation yet',
      href: at('/indicators'),
    },
    {
      key: 'agreements',
      label: 'Start the Local Area Agreement',
      done: f.agreements > 0,
      detail: f.agreements ? 'Started' : 'Not started',
      href: at('/agreements'),
    },
    {
      key: 'targets',
      label: 'Propose the targets',
      done: f.targets > 0,
      detail: f.targets ? plural(f.targets, 'target') : 'None yet',
      href: at('/targets'),
    },
    {
      key: 'trajectories',
      label: 'Give every target its trajectory',
      done: f.targets > 0 && f.targetsWithoutTrajectory === 0,
      detail:
        f.targets === 0
          ? 'No targets yet'
          : f.targetsWithoutTrajectory
            ? `${plural(f.targetsWithoutTrajectory, 'target')} without one`
            : 'Every target has one',
      href: at('/targets'),
    },
    {
      key: 'rounds',
      label: 'Open the collection rounds',
      done: f.rounds > 0,
      detail: f.rounds ? plural(f.rounds, 'round') : 'None yet',
      href: at('/rounds'),
    },
    f.members === null
      ? null
      : {
          key: 'members',
          label: 'Invite the people who will use it',
          done: f.members > 1,
          detail: f.members > 1 ? plural(f.members, 'member') : 'Only you so far',
          href: at('/users'),
        },
  ]
  const items = all.filter((i): i is ChecklistItem => i !== null)
  const done = items.filter((i) => i.done).length
  return { items, done, total: items.length, complete: done === items.length }
}

export type SetupChecklist = ReturnType<typeof setupChecklist>

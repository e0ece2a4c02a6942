/**
 * Illustrative figures for the demo's quarterly returns: populations and waste tonnages to give
 * rates and percentages a numerator and denominator, the words providers write, and the reasons
 * officers give for returning a figure. Not Leicestershire's real data.
 */

/** Mid-2008 population, rounded (for rates per 1,000 and per 100,000). */
export const population: Record<string, number> = {
  E10000018: 640_000,
  E07000129: 93_000,
  E07000130: 166_000,
  E07000131: 83_000,
  E07000132: 104_000,
  E07000133: 50_000,
  E07000134: 91_000,
  E07000135: 57_000,
}

/** Household waste collected in a quarter, tonnes (the denominator of NI 192). */
export const householdWasteTonnes = 78_000

export type Outcome = 'green' | 'amber' | 'red'

/** What providers write, by indicator and by how the figure compares with its target. */
const byIndicator: Record<string, Partial<Record<Outcome, string[]>>> = {
  'NI 16': {
    green: [
      'Serious acquisitive crime continues to fall; burglary down after the autumn crime prevention campaign.',
      'Vehicle crime at its lowest for three years; the Loughborough student-area burglary initiative is paying off.',
    ],
    amber: [
      'A small rise in theft from vehicles at retail parks; targeted patrols agreed at the Joint Action Group.',
    ],
    red: [
      'A spike in shed and garage burglaries and metal theft. The tasking group has moved resources and a prolific offender was charged in March.',
      'Burglary dwelling up in two beats; problem-solving plan in place with the Community Safety Partnership.',
    ],
  },
  'NI 20': {
    green: ['Night-time economy violence down following the Pubwatch scheme and later-running taxis.'],
    amber: ['Slight rise in assaults around the Christmas period, in line with previous years.'],
    red: [
      'Rise in domestic-related assaults recorded after the change in recording practice; not all is a real increase.',
    ],
  },
  'NI 40': {
    green: ['Treatment numbers up; the new Coalville satellite clinic opened in the quarter.'],
    amber: ['Waiting times rose while a provider contract transferred; numbers recovering.'],
    red: ['Fewer new presentations than planned; the outreach worker post was vacant for the quarter.'],
  },
  'NI 135': {
    green: ['More carers’ assessments completed as the new carers’ support service bedded in.'],
    amber: ['Assessments slipped during the social care restructure; a backlog clearance is under way.'],
    red: ['Staff vacancies in two locality teams: carers’ services delayed. Recruitment is approved.'],
  },
  'NI 192': {
    green: ['Garden waste collections and the new kerbside plastics service lifted the recycling rate.'],
    amber: ['Seasonal dip in green waste; rate expected to recover in the spring quarter.'],
    red: ['Contamination rejected two loads at the materials recovery facility; education campaign planned.'],
  },
  'NI 191': {
    green: ['Residual waste per household falling with alternate weekly collections in more districts.'],
    red: [
      'Residual tonnage up after the extra Christmas collections; figure is provisional until WasteDataFlow is validated.',
    ],
  },
  'L 01': {
    green: ['Benefit take-up campaign with Age Concern reached 1,200 older people this quarter.'],
    amber: ['Fewer outreach sessions during the quarter; DWP joint visits resume next quarter.'],
    red: ['Campaign paused while the benefits advice contract was retendered.'],
  },
  'L 02': {
    green: ['Direct payments continue to grow with the personal budgets pilot.'],
    amber: ['Growth slower than planned while the brokerage service was set up.'],
    red: ['Take-up held back by delays in the support planning process; reviewed by the programme board.'],
  },
}

const generic: Record<Outcome, string[]> = {
  green: [
    'On track: performance better than the trajectory.',
    'Improvement sustained this period; no concerns.',
    'Ahead of target, in line with the delivery plan.',
  ],
  amber: [
    'Slightly below trajectory; actions in the delivery plan are expected to bring it back on track.',
    'Just short of target. The lead officer is reviewing the actions with partners.',
  ],
  red: [
    'Off track. An improvement plan is being drawn up for the steering group.',
    'Below target for the period; the theme group has asked for a recovery plan.',
  ],
}

export function commentaryFor(code: string, outcome: Outcome, pick: number): string {
  const list = byIndicator[code]?.[outcome] ?? generic[outcome]
  return list[Math.floor(pick * list.length) % list.length]!
}

/** Why an officer returned a figure. */
export const returnReasons = [
  'The figure does not match the quarterly extract we hold: please check the denominator.',
  'Please add commentary explaining the change since last quarter.',
  'This looks like it includes Rutland: please give the Leicestershire figure only.',
  'Provisional figure: please send the validated one.',
]

export const lateReason = 'Figures delayed by the data supplier'
export const currentExceptionReason =
  'New crime recording system: the figures for the quarter could not be extracted in time'

/**
 * The demo's second Local Area Agreement (LAA2, 2008/09 - 2010/11), modelled on the seed papers:
 * designated targets from the National Indicator Set, the statutory early-years target, local
 * targets from the older people's block, placeholders awaiting the 2008 Place Survey (003 §2),
 * and a reward target modelled on the youth re-offending stretch (002 Safer Communities,
 * Outcome 5: a 21.6% baseline, the national 5% reduction stretched to 6%).
 *
 * Codes and titles are real NIS entries from the reference list. Baselines, trajectories and the
 * reward grant are illustrative figures for the demonstration, not Leicestershire's.
 */

export const DEMO_AGREEMENT = {
  name: 'Leicestershire Local Area Agreement 2008-2011',
  start: 2008,
  end: 2010,
  description:
    'The second LAA, agreed with the Government in May 2008: 35 national targets, 10 local and 16 mandatory children and young people’s targets at the time (003 §2). The demo holds a selection.',
  signedOn: '2008-05-30',
  signedBy: 'Leicestershire Together Board and the Government Office for the East Midlands',
}

type Unit = 'percent' | 'count' | 'rate' | 'money' | 'score' | 'ratio'
type Polarity = 'higher' | 'lower' | 'neither'
type Frequency = 'annual' | 'quarterly' | 'monthly'

/** What the demo's officers recorded about catalogue entries the reference list leaves blank. */
export interface DemoMeta {
  unit: Unit
  polarity: Polarity
  frequency: Frequency
  ratePer?: number
  combine?: 'sum' | 'ratio' | 'none'
  /**
   * Stated where the unit's default would mislead (assessment.md): counts and rates of events in
   * the year build up (cumulative, rated on the year to date); a count of people at a moment and
   * a percentage stand on their own (snapshot).
   */
  accumulation?: 'snapshot' | 'cumulative'
  dataSource?: string
  responsible?: string
}

/** Local indicators the partnership adds (002 §5.1, the older people's reward areas). */
export const demoLocalIndicators: (DemoMeta & { code: string; title: string; definition: string })[] = [
  {
    code: 'L 01',
    title:
      'Older people taking up housing benefit, council tax benefit, attendance allowance and disability living allowance',
    definition: 'New awards to people aged 60 and over in the year, across the four benefits (002 §5.1).',
    unit: 'count',
    polarity: 'higher',
    frequency: 'quarterly',
    combine: 'sum',
    accumulation: 'cumulative',
    dataSource: 'Department for Work and Pensions; district benefit services',
    responsible: 'Leicestershire County Council',
  },
  {
    code: 'L 02',
    title: 'Older people directing their own care through direct payments',
    definition: 'People aged 65 and over receiving a direct payment at the end of the period.',
    unit: 'count',
    polarity: 'higher',
    frequency: 'quarterly',
    combine: 'sum',
    accumulation: 'snapshot',
    dataSource: 'Adult social care records',
    responsible: 'Leicestershire County Council',
  },
]

export interface DemoTarget {
  code: string
  meta: DemoMeta
  kind: 'designated' | 'mandatory' | 'local' | 'reward'
  status: 'proposed' | 'negotiating' | 'agreed' | 'placeholder'
  outcomes: string[]
  placeholder?: string
  baseline?: [string, number]
  tolerance?: number
  reward?: { without: number; stretch: number; grant: number }
  trajectory?: [string, number][]
  /** District targets: GSS code → [period, value] pairs. */
  places?: Record<string, [string, number][]>
  notes?: string
}

export const years = (a: number, b: number, c: number): [string, number][] => [
  ['2008/09', a],
  ['2009/10', b],
  ['2010/11', c],
]

export const demoTargets: DemoTarget[] = [
  {
    code: 'NI 19',
    meta: {
      unit: 'percent',
      polarity: 'lower',
      frequency: 'annual',
      dataSource: 'Youth Offending Service',
      responsible: 'Leicestershire County Council',
    },
    kind: 'reward',
    status: 'agreed',
    outcomes: ['4.5', '3.3'],
    baseline: ['2007/08', 21.6],
    reward: { without: 20.5, stretch: 20.3, grant: 600000 },
    trajectory: years(21.2, 20.8, 20.3),
    notes:
      'Modelled on the youth crime prevention stretch: the national 5% reduction in re-offending stretched to 6% (002 Safer Communities, Outcome 5).',
  },
  {
    code: 'NI 16',
    meta: {
      unit: 'rate',
      ratePer: 1000,
      polarity: 'lower',
      frequency: 'quarterly',
      combine: 'ratio',
      accumulation: 'cumulative',
      dataSource: 'Leicestershire Constabulary recorded crime',
      responsible: 'Leicestershire Constabulary',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['4.1'],
    baseline: ['2007/08', 14.8],
    trajectory: [
      ...years(14.4, 13.9, 13.4),
      // The first year profiled by quarter, as year-to-date targets (3.7, 3.6, 3.6, 3.5 a quarter).
      ['2008/09 Q1', 3.7],
      ['2008/09 Q2', 7.3],
      ['2008/09 Q3', 10.9],
      ['2008/09 Q4', 14.4],
    ],
    places: {
      E07000130: years(16.9, 16.3, 15.7),
      E07000129: years(13.1, 12.7, 12.2),
    },
  },
  {
    code: 'NI 20',
    meta: {
      unit: 'rate',
      ratePer: 1000,
      polarity: 'lower',
      frequency: 'quarterly',
      combine: 'ratio',
      accumulation: 'cumulative',
      responsible: 'Leicestershire Constabulary',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['4.1.1'],
    baseline: ['2007/08', 5.9],
    trajectory: years(5.8, 5.6, 5.4),
  },
  {
    code: 'NI 32',
    meta: {
      unit: 'percent',
      polarity: 'lower',
      frequency: 'annual',
      dataSource: 'MARAC referrals',
      responsible: 'Leicestershire Constabulary',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['4.1.2'],
    baseline: ['2007/08', 28],
    trajectory: years(27, 25, 23),
  },
  {
    code: 'NI 30',
    meta: {
      unit: 'percent',
      polarity: 'lower',
      frequency: 'annual',
      responsible: 'Leicestershire and Rutland Probation Area',
    },
    kind: 'designated',
    status: 'placeholder',
    outcomes: ['4.2'],
    placeholder: 'The baseline from the new PPO cohort, and the 2009/10 and 2010/11 targets',
  },
  {
    code: 'NI 17',
    meta: { unit: 'percent', polarity: 'lower', frequency: 'annual', dataSource: '2008 Place Survey' },
    kind: 'designated',
    status: 'placeholder',
    outcomes: ['4.3', '4.6'],
    placeholder: 'The baseline from the 2008 Place Survey and the targets set from it',
  },
  {
    code: 'NI 40',
    meta: {
      unit: 'count',
      polarity: 'higher',
      frequency: 'quarterly',
      combine: 'sum',
      // People in treatment at the time, not a count that builds up.
      accumulation: 'snapshot',
      dataSource: 'National Drug Treatment Monitoring System',
      responsible: 'Leicestershire Drug and Alcohol Action Team',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['4.4.1'],
    baseline: ['2007/08', 1520],
    trajectory: years(1580, 1640, 1700),
  },
  {
    code: 'NI 39',
    meta: {
      unit: 'rate',
      ratePer: 100000,
      polarity: 'lower',
      frequency: 'annual',
      combine: 'ratio',
      accumulation: 'cumulative',
    },
    kind: 'designated',
    status: 'negotiating',
    outcomes: ['1.4', '4.4.2'],
    baseline: ['2007/08', 1321],
    trajectory: years(1380, 1420, 1450),
    notes: 'A reduction in the rate of increase: admissions are still rising nationally.',
  },
  {
    code: 'NI 135',
    meta: {
      unit: 'percent',
      polarity: 'higher',
      frequency: 'quarterly',
      accumulation: 'snapshot',
      responsible: 'Leicestershire County Council',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['1.7.1'],
    baseline: ['2007/08', 17.5],
    trajectory: years(20, 23, 26),
  },
  {
    code: 'NI 47',
    meta: {
      unit: 'count',
      polarity: 'lower',
      frequency: 'annual',
      combine: 'sum',
      accumulation: 'cumulative',
      dataSource: 'STATS19 road casualty data',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['1.3'],
    baseline: ['2007/08', 412],
    trajectory: years(400, 385, 370),
  },
  {
    code: 'NI 6',
    meta: { unit: 'percent', polarity: 'higher', frequency: 'annual', dataSource: '2008 Place Survey' },
    kind: 'designated',
    status: 'placeholder',
    outcomes: ['5.1', '3.2'],
    placeholder: 'The baseline from the 2008 Place Survey and the 2010/11 target',
  },
  {
    code: 'NI 4',
    meta: { unit: 'percent', polarity: 'higher', frequency: 'annual', dataSource: '2008 Place Survey' },
    kind: 'designated',
    status: 'placeholder',
    outcomes: ['5.2'],
    placeholder: 'The baseline from the 2008 Place Survey and the 2010/11 target',
  },
  {
    code: 'NI 1',
    meta: { unit: 'percent', polarity: 'higher', frequency: 'annual', dataSource: '2008 Place Survey' },
    kind: 'designated',
    status: 'placeholder',
    outcomes: ['5.3'],
    placeholder: 'The baseline from the 2008 Place Survey; targets to be set with the districts',
  },
  {
    code: 'NI 7',
    meta: {
      unit: 'percent',
      polarity: 'higher',
      frequency: 'annual',
      dataSource: 'National survey of third sector organisations',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['5.4'],
    baseline: ['2007/08', 22],
    trajectory: [['2010/11', 26]],
  },
  {
    code: 'NI 192',
    meta: {
      unit: 'percent',
      polarity: 'higher',
      frequency: 'quarterly',
      combine: 'ratio',
      accumulation: 'snapshot',
      dataSource: 'WasteDataFlow',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['6.2'],
    baseline: ['2007/08', 45.2],
    trajectory: years(47, 49, 51),
  },
  {
    code: 'NI 191',
    meta: {
      unit: 'count',
      polarity: 'lower',
      frequency: 'quarterly',
      accumulation: 'cumulative',
      dataSource: 'WasteDataFlow',
    },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['6.2'],
    baseline: ['2007/08', 612],
    trajectory: years(600, 585, 570),
    notes: 'Kilograms of residual household waste per household.',
  },
  {
    code: 'NI 186',
    meta: {
      unit: 'percent',
      polarity: 'higher',
      frequency: 'annual',
      dataSource: 'Department of Energy and Climate Change',
    },
    kind: 'designated',
    status: 'negotiating',
    outcomes: [],
    baseline: ['2005/06', 0],
    trajectory: years(3.5, 7, 11),
    notes: 'Not yet linked to an outcome: the Cleaner and Greener block is reviewing where it belongs.',
  },
  {
    code: 'NI 117',
    meta: { unit: 'percent', polarity: 'lower', frequency: 'annual', dataSource: 'Connexions' },
    kind: 'designated',
    status: 'agreed',
    outcomes: ['3.1', '7.4'],
    baseline: ['2007/08', 6.1],
    trajectory: years(5.8, 5.5, 5.2),
  },
  {
    code: 'NI 112',
    meta: { unit: 'rate', ratePer: 1000, polarity: 'lower', frequency: 'annual', combine: 'ratio' },
    kind: 'designated',
    status: 'proposed',
    outcomes: ['3.1'],
    baseline: ['1998/99', 37.4],
  },
  {
    code: 'NI 92',
    meta: {
      unit: 'percent',
      polarity: 'lower',
      frequency: 'annual',
      dataSource: 'Early Years Foundation Stage Profile',
    },
    kind: 'mandatory',
    status: 'agreed',
    outcomes: ['3.1'],
    baseline: ['2007/08', 33.8],
    trajectory: years(32.5, 31, 29.5),
    notes:
      'One of the statutory early years targets set with the Department for Children, Schools and Families.',
  },
  {
    code: 'L 01',
    meta: { unit: 'count', polarity: 'higher', frequency: 'quarterly', combine: 'sum' },
    kind: 'local',
    status: 'negotiating',
    outcomes: ['2.3.1'],
    baseline: ['2007/08', 2150],
    trajectory: years(2300, 2450, 2600),
  },
  {
    code: 'L 02',
    meta: { unit: 'count', polarity: 'higher', frequency: 'quarterly', combine: 'sum' },
    kind: 'local',
    status: 'proposed',
    outcomes: ['1.7.2'],
    baseline: ['2007/08', 640],
    trajectory: years(720, 800, 880),
  },
]

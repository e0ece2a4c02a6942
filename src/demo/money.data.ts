/** The demo's money (src/demo/money.ts): streams and budgets, allocations, signatures, a quarter of spend. */

export const FINANCE_EMAIL = 'helen.price@leicestershire-together.example'
export const DEMO_SPEND_PERIOD = '2009/10 Q3'
export const YEARS = ['2008/09', '2009/10', '2010/11'] as const

export const COUNCIL = 'Leicestershire County Council'
export const POLICE = 'Leicestershire Constabulary'
export const PCT = 'Leicestershire County and Rutland Primary Care Trust'
export const DAAT = 'Leicestershire Drug and Alcohol Action Team'
export const CHARNWOOD = 'Charnwood Borough Council'
export const CVS = 'Councils for Voluntary Service in Leicestershire'
export const PROBATION = 'Leicestershire and Rutland Probation Area'

export interface DemoStream {
  ref: string
  name: string
  source: string
  kind: 'pooled' | 'aligned' | 'grant'
  ringFenced: boolean
  spendType: 'revenue' | 'capital'
  parent?: string
  purpose?: 'reward' | 'pump-priming'
  /** Per year of YEARS, in pounds (strings: exact); null for no budget that year. */
  budgets: (string | null)[]
  notes?: string
}

export const STREAMS: DemoStream[] = [
  {
    ref: 'ABG',
    name: 'Area Based Grant',
    source: 'Communities and Local Government',
    kind: 'pooled',
    ringFenced: false,
    spendType: 'revenue',
    budgets: ['4216500.00', '4305200.00', '4398700.00'],
    notes:
      'Replaced pooled funding: over 40 previously ring-fenced grants are in it (001 §3). The budget here is the part not itemised as a component grant below.',
  },
  {
    ref: 'ABG-SP',
    name: 'Supporting People Administration',
    source: 'Communities and Local Government',
    kind: 'pooled',
    ringFenced: false,
    spendType: 'revenue',
    parent: 'ABG',
    budgets: ['312400.00', '318650.00', '324950.00'],
  },
  {
    ref: 'ABG-YPSM',
    name: 'Young People’s Substance Misuse',
    source: 'Home Office',
    kind: 'pooled',
    ringFenced: false,
    spendType: 'revenue',
    parent: 'ABG',
    budgets: ['186300.00', '190030.00', '193830.00'],
  },
  {
    ref: 'ABG-SSCF',
    name: 'Stronger Safer Communities Fund',
    source: 'Home Office',
    kind: 'pooled',
    ringFenced: false,
    spendType: 'revenue',
    parent: 'ABG',
    budgets: ['742100.00', '756940.00', '772080.00'],
  },
  {
    ref: 'ABG-CF',
    name: 'Children’s Fund',
    source: 'Department for Children, Schools and Families',
    kind: 'pooled',
    ringFenced: false,
    spendType: 'revenue',
    parent: 'ABG',
    budgets: ['1104600.00', '1126690.00', '1149220.00'],
  },
  {
    ref: 'BSC',
    name: 'Building Safer Communities',
    source: 'Home Office',
    kind: 'grant',
    ringFenced: true,
    spendType: 'revenue',
    budgets: ['428750.00', '437330.00', '446080.00'],
  },
  {
    ref: 'BSC-CAP',
    name: 'Building Safer Communities capital',
    source: 'Home Office',
    kind: 'grant',
    ringFenced: true,
    spendType: 'capital',
    parent: 'BSC',
    budgets: ['64900.00', '66200.00', '67520.00'],
    notes:
      'The small capital element: the partnership asked for the flexibility to use it as revenue (002 Safer Communities §4).',
  },
  {
    ref: 'PP',
    name: 'Pump-priming grant for the reward targets',
    source: 'Communities and Local Government',
    kind: 'grant',
    ringFenced: true,
    spendType: 'revenue',
    purpose: 'pump-priming',
    budgets: ['650000.00', '650000.00', null],
    notes:
      'The £1.3m from the Government to pump prime the achievement of the reward targets only (002 §23).',
  },
  {
    ref: 'RG',
    name: 'Reward grant',
    source: 'Communities and Local Government',
    kind: 'grant',
    ringFenced: false,
    spendType: 'revenue',
    purpose: 'reward',
    budgets: [null, null, '1500000.00'],
    notes:
      'Paid on the reward targets’ achievement at the end of the agreement; may pump prime targets (002 §23).',
  },
]

export interface DemoAllocation {
  ref: string
  stream: string
  recipient: string
  amount: string
  /** `target:NI 40`, `outcome:4.2` or `action:A-010`. */
  paysFor: string
  title: string
  /** Passed on from this allocation's ref (an onward allocation). */
  from?: string
}

export const ALLOCATIONS: DemoAllocation[] = [
  {
    ref: 'AL-0901',
    stream: 'ABG-SSCF',
    recipient: POLICE,
    amount: '320000.00',
    paysFor: 'outcome:4.2',
    title: 'Prolific and priority offender scheme',
  },
  {
    ref: 'AL-0902',
    stream: 'BSC',
    recipient: POLICE,
    amount: '180000.00',
    paysFor: 'target:NI 16',
    title: 'Serious acquisitive crime reduction',
  },
  {
    ref: 'AL-0903',
    stream: 'ABG-YPSM',
    recipient: PCT,
    amount: '150000.00',
    paysFor: 'outcome:4.4',
    title: 'Young people’s substance misuse treatment',
  },
  {
    ref: 'AL-0904',
    stream: 'PP',
    recipient: PCT,
    amount: '250000.00',
    paysFor: 'target:NI 40',
    title: 'Treatment workers for the drug treatment stretch',
  },
  {
    ref: 'AL-0905',
    stream: 'ABG',
    recipient: DAAT,
    amount: '220000.00',
    paysFor: 'action:A-010',
    title: 'Satellite treatment service in Melton',
  },
  {
    ref: 'AL-0906',
    stream: 'BSC-CAP',
    recipient: CHARNWOOD,
    amount: '40000.00',
    paysFor: 'outcome:4.3',
    title: 'Re-deployable CCTV in Loughborough',
  },
  {
    ref: 'AL-0907',
    stream: 'ABG-SP',
    recipient: COUNCIL,
    amount: '318650.00',
    paysFor: 'outcome:2.2',
    title: 'Supporting People programme administration',
  },
  {
    ref: 'AL-0908',
    stream: 'ABG-CF',
    recipient: CVS,
    amount: '185000.00',
    paysFor: 'outcome:3.2',
    title: 'Young people’s volunteering programme',
  },
  {
    ref: 'AL-0909',
    stream: 'ABG-SSCF',
    recipient: PROBATION,
    amount: '60000.00',
    paysFor: 'outcome:4.2',
    title: 'Offender mentoring',
    from: 'AL-0901',
  },
]

export const SIGNERS: Record<string, string> = {
  [COUNCIL]: 'Brian Roberts, Director of Corporate Resources',
  [POLICE]: 'Paul Dawson, Director of Finance',
  [PCT]: 'Andrew Kerr, Director of Finance',
  [DAAT]: 'Ruth Wallace, DAAT Manager',
  [CHARNWOOD]: 'Clare Moss, Head of Finance',
}

/** The 2009/10 Q3 returns: actual to date and forecast outturn, per allocation ref. */
export const SPEND: { allocation: string; actual: string; forecast: string; explanation?: string }[] = [
  { allocation: 'AL-0901', actual: '238412.57', forecast: '320000.00' },
  { allocation: 'AL-0902', actual: '134120.00', forecast: '180000.00' },
  { allocation: 'AL-0903', actual: '113650.40', forecast: '150000.00' },
  {
    allocation: 'AL-0904',
    actual: '182100.00',
    forecast: '250000.00',
    explanation:
      'Recruitment of two treatment workers slipped from September to November; both posts are now filled and the spend will catch up in Q4.',
  },
  { allocation: 'AL-0905', actual: '166980.25', forecast: '220000.00' },
  { allocation: 'AL-0906', actual: '29600.00', forecast: '40000.00' },
  { allocation: 'AL-0907', actual: '239010.00', forecast: '318650.00' },
]

export const PROTOCOL = `Leicestershire Together financial protocol

1. Funds allocated through the Local Area Agreement are released to a first-level recipient only once it has signed this protocol.
2. The first-level recipient is accountable for the funds it receives, including any it passes on to other bodies.
3. Each quarter the recipient returns its actual spend to date and forecast outturn through the quarterly performance management arrangement.
4. Variations on spend beyond the partnership's threshold are explained by the recipient, and the decision on them is taken with the lead officer.
5. An overspend is met by the recipient unless the partnership decides otherwise.`

/**
 * The demo strategy, built from the seed papers: the seven LAA blocks (002 App. 4 §14), the
 * outcomes the papers name (Safer Communities 002 §5.4, Older People 002 §5.1, outcome 1.7 of
 * 003 §5) and a few more in the same spirit. The tree is keyed by reference: one segment is a
 * theme, two an outcome, more a sub-outcome.
 */
export interface DemoNode {
  ref: string
  title: string
  statement?: string
  rationale?: string
  tags?: string[]
}

export const DEMO_STRATEGY_TITLE = 'Leicestershire Sustainable Community Strategy 2008 to 2026'

export const demoVision =
  'Leicestershire is a place where everyone enjoys a good quality of life: healthy, safe and strong communities, a good environment and a thriving economy, with no one left behind.'

/** From the revised introductory text for the LAA (002 App. 4 §1-6): "telling the story". */
export const demoNarrative = [
  'Most Leicestershire people enjoy a good quality of life. There are high levels of employment and a good quality environment. In most places there is strong community cohesion and a strong sense of community spirit.',
  'However, although numbers are relatively small and their places of residence dispersed, there are vulnerable people that experience inequality of access to employment or services, have low levels of skills or suffer from relative poverty. There are also small areas where these and other signs of deprivation are more evident than in the county as a whole.',
  'A lot more can be done to improve quality of life for everyone through better co-ordination of services on the ground, better targeting of help to vulnerable people and more integrated planning between agencies. This strategy does that by focusing effort on the people, families and areas that need greater support to reach the county average, and by improving the universal services everybody uses.',
  'That needs more joining up of and innovation in services, jointly owned performance management, more flexible use of funds, stronger communities with equality of opportunity for all, more emphasis on prevention and better access to services, particularly for vulnerable people.',
].join('\n')

export const demoTags = [
  {
    name: 'Equality',
    description: 'Narrowing gaps for groups and places; subject to an equality impact assessment (002 §22)',
  },
  {
    name: 'Rural proofing',
    description: 'Checked for its effect on rural communities (GOEM feedback on 002)',
  },
  { name: 'Sustainability', description: 'Good for the long term: environment, economy and communities' },
  {
    name: 'Prevention',
    description: 'Acting early to prevent harm and loss of independence (002 App. 4 §5)',
  },
  {
    name: 'Priority neighbourhoods',
    description: 'Targeted at the neighbourhoods agreed for geographic targeting (002 §19)',
  },
]

export const demoTree: DemoNode[] = [
  {
    ref: '1',
    title: 'Healthier Communities',
    statement:
      'People in Leicestershire live longer, healthier lives, and the gap in health between places and groups narrows.',
    rationale:
      'A new Healthier Communities Commissioning Body will commission jointly across health and the councils (002 App. 4 §15).',
  },
  { ref: '1.1', title: 'Health inequalities are reduced', tags: ['Equality', 'Priority neighbourhoods'] },
  { ref: '1.2', title: 'Fewer people smoke', tags: ['Prevention'] },
  {
    ref: '1.3',
    title: 'Fewer people are killed or seriously injured on the roads',
    rationale:
      'Road safety connects the health block with the Local Transport Plan (GOEM feedback on the second draft).',
  },
  { ref: '1.4', title: 'Less harm is caused by alcohol', tags: ['Prevention'] },
  { ref: '1.5', title: 'More people eat healthily and are physically active', tags: ['Prevention'] },
  {
    ref: '1.6',
    title: 'Fewer older people fall',
    statement: 'Falls are prevented through a holistic approach across agencies.',
    rationale: 'A particular focus throughout will be to prevent falls in older people (002 §5.1).',
    tags: ['Prevention'],
  },
  {
    ref: '1.7',
    title: 'More older people are able to lead independent lives',
    statement:
      'Older people live healthier lives in their own homes for longer, with choice and control over how they live.',
    rationale:
      'To support more older people to live healthier lives in their own homes we need to work across a wider range of agencies to identify and reduce the risks to independence at an earlier stage (002 §5.1). The LAA target NI 135 covers only a small part of this outcome (003 §5).',
    tags: ['Prevention', 'Rural proofing'],
  },
  {
    ref: '1.7.1',
    title: 'Carers receive a needs assessment or review and a carer’s service, or advice and information',
    statement: 'Measured by NI 135.',
  },
  {
    ref: '1.7.2',
    title: 'More older people direct their own care through direct payments',
    rationale: 'One of the two Older People reward targets (002 §5.1).',
  },
  { ref: '1.7.3', title: 'More older people are supported at home with assistive technology' },
  {
    ref: '2',
    title: 'Older People',
    statement:
      'Improve the quality of life and well-being of older people by strengthening partnership arrangements that support key health, social care and housing strategies.',
    rationale:
      'Independent older people value choice and control, contributing to the life of the community, comfortable homes and safe neighbourhoods, getting out and about, adequate income, information and being listened to (Audit Commission 2004, in 002 §5.1).',
  },
  {
    ref: '2.1',
    title: 'A range of decent and safer housing is available across all tenures',
    tags: ['Equality'],
  },
  { ref: '2.2', title: 'Older people have a better quality of life at home', tags: ['Prevention'] },
  { ref: '2.3', title: 'Older people’s income is maximised and better used', tags: ['Equality'] },
  {
    ref: '2.3.1',
    title:
      'More older people take up housing benefit, council tax benefit, attendance allowance and disability living allowance',
    rationale:
      'A reward target: take-up of pension credit is already high, so the focus is on the other benefits (002 §5.1).',
  },
  {
    ref: '2.4',
    title: 'Older people are engaged through a consultative network',
    statement: 'An older people’s consultative network across Leicestershire, established by Age Concern.',
  },
  {
    ref: '3',
    title: 'Children and Young People',
    statement:
      'Every child and young person is healthy, safe, enjoys and achieves, contributes and is well prepared for adult life.',
  },
  {
    ref: '3.1',
    title: 'Vulnerable children, young people and families get targeted support from a multi-agency team',
    rationale: 'Joint work through a virtual multi-agency team (002 App. 4 §15).',
    tags: ['Prevention', 'Equality'],
  },
  { ref: '3.2', title: 'More young people volunteer and take part in community activity' },
  { ref: '3.3', title: 'Fewer young people offend or re-offend', tags: ['Prevention'] },
  {
    ref: '4',
    title: 'Safer Communities',
    statement: 'Improve community safety and reduce the fear of crime and anti-social behaviour.',
    rationale:
      'Seven outcomes drawn from the three national PSA outcomes, the common priorities of the seven district Crime and Drugs Reduction Strategies and the priorities partners identified at the June 2005 conference (002 §5.4).',
  },
  {
    ref: '4.1',
    title: 'Overall crime is reduced',
    rationale:
      'In line with the national PSA reduction agreements; reducing violent crime is a particular priority of the Community Safety Programme Board.',
  },
  { ref: '4.1.1', title: 'Violent crime is reduced' },
  {
    ref: '4.1.2',
    title: 'Repeat incidents of domestic violence are reduced',
    rationale:
      'Domestic violence is a quarter of all violent crime; a stretch target builds on the previous LPSA (002 §5.4).',
    tags: ['Equality'],
  },
  { ref: '4.2', title: 'Offending by prolific and other priority offenders is reduced' },
  { ref: '4.3', title: 'Anti-social behaviour is reduced', tags: ['Priority neighbourhoods'] },
  { ref: '4.4', title: 'Less harm is caused by illegal drugs and alcohol misuse' },
  { ref: '4.4.1', title: 'More drug users are in effective treatment' },
  { ref: '4.4.2', title: 'Baselines for alcohol-related harm are established and harm reduced' },
  {
    ref: '4.5',
    title: 'Fewer young people re-offend after a police reprimand',
    statement:
      'Reduce re-offending by reprimanded first-time offenders by 6%, a stretch of 1% over the national 5% target.',
    rationale:
      'Re-offending rose from a 21.6% baseline (2000-02 cohort) to 32.9% (2001-03) and 31.2% (2002-04) (002 §5.4, Outcome 5).',
    tags: ['Prevention'],
  },
  {
    ref: '4.6',
    title: 'Public confidence and reassurance are improved',
    rationale:
      'Achieved largely through the other outcomes, with communication and genuine engagement with communities (002 §5.4, Outcome 6).',
  },
  {
    ref: '4.7',
    title: 'Vulnerability is reduced in priority neighbourhoods',
    rationale:
      'A neighbourhood improvement plan across all seven blocks, linked to neighbourhood policing (002 §5.4, Outcome 7).',
    tags: ['Priority neighbourhoods', 'Equality'],
  },
  {
    ref: '5',
    title: 'Stronger Communities',
    statement:
      'Communities are confident, cohesive and active, and people can influence what happens where they live.',
  },
  { ref: '5.1', title: 'More people volunteer', tags: ['Sustainability'] },
  {
    ref: '5.2',
    title: 'Neighbourhoods have greater confidence and social capital',
    tags: ['Priority neighbourhoods'],
  },
  {
    ref: '5.3',
    title: 'Communities are cohesive and black and minority ethnic communities are engaged',
    tags: ['Equality'],
  },
  { ref: '5.4', title: 'The voluntary and community sector is stronger and able to deliver public services' },
  {
    ref: '6',
    title: 'Cleaner and Greener Communities',
    statement: 'A clean, green and sustainable environment, led with the district councils.',
  },
  { ref: '6.1', title: 'More people walk and cycle', tags: ['Sustainability'] },
  { ref: '6.2', title: 'Less waste goes to landfill', tags: ['Sustainability'] },
  {
    ref: '6.3',
    title: 'Streets and open spaces in priority neighbourhoods are cleaner and safer',
    tags: ['Priority neighbourhoods'],
  },
  {
    ref: '7',
    title: 'Economic Development and Enterprise',
    statement: 'A thriving economy with opportunity for everyone.',
  },
  {
    ref: '7.1',
    title: 'Fewer people claim incapacity benefit',
    rationale: 'A higher-level indicator: the net reduction in claimants across the county (000 §4f).',
    tags: ['Equality'],
  },
  { ref: '7.2', title: 'Key economic sectors grow' },
  {
    ref: '7.3',
    title: 'Town and rural centres are more vital',
    rationale: 'Through new regeneration models (002 App. 4 §15).',
    tags: ['Rural proofing'],
  },
  {
    ref: '7.4',
    title: 'People in priority neighbourhoods gain skills and jobs',
    tags: ['Priority neighbourhoods', 'Equality'],
  },
]

/** Related outcomes across themes (cross-cutting work in the block commentaries). */
export const demoLinks: [string, string, string][] = [
  ['1.6', '2.2', 'Falls prevention keeps older people independent at home'],
  ['1.4', '4.4', 'The alcohol harm reduction group links the health and safer blocks'],
  [
    '4.5',
    '3.3',
    'A composite target for vulnerable children shared with the children and young people block',
  ],
  ['4.6', '5.2', 'Confidence in neighbourhoods'],
  ['4.7', '7.4', 'Neighbourhood improvement plans across the blocks'],
  ['1.7', '2.2', 'Independence at home'],
]

/** People the directory names beyond the demo's users. Fictional. */
export const directoryPeople = [
  [
    'Dr Sarah Bell',
    'sarah.bell',
    'Leicestershire County and Rutland Primary Care Trust',
    'Director of Public Health',
  ],
  [
    'Cllr Peter Osborne',
    'peter.osborne',
    'Leicestershire County Council',
    'Cabinet Lead Member for Adult Social Care',
  ],
  ['John Reid', 'john.reid', 'Leicestershire County Council', 'Director of Adults and Communities'],
  [
    'Cllr Ernie White',
    'ernie.white',
    'Leicestershire County Council',
    'Cabinet Lead Member for Community Safety',
  ],
  [
    'Gill Turner',
    'gill.turner',
    'Leicestershire County Council',
    'Director of Children and Young People’s Service',
  ],
  ['Mark Lewis', 'mark.lewis', 'Leicestershire and Rutland Probation Area', 'Assistant Chief Officer'],
] as const

/** Thematic partnerships of the county LSP that lead blocks (002 §5.1, §5.4). */
export const thematic = [
  {
    slug: 'llr-community-safety',
    name: 'Community Safety Programme Board (Leicester, Leicestershire and Rutland)',
  },
  { slug: 'leicestershire-cipop', name: 'Countywide Integrated Partnerships for Older People (CIPOP)' },
]

/** Directory by reference: lead (`p:slug` or `o:organisation`), champion, executive, outcome lead. Gaps on purpose. */
export const demoDirectory: Record<string, [string?, string?, string?, string?]> = {
  '1.1': [
    'o:Leicestershire County and Rutland Primary Care Trust',
    'Cllr Margaret Ellis',
    'Dr Sarah Bell',
    'David Chen',
  ],
  '1.2': ['o:Leicestershire County and Rutland Primary Care Trust', 'Cllr Margaret Ellis', 'Dr Sarah Bell'],
  '1.3': ['o:Leicestershire County Council', 'Cllr Margaret Ellis', undefined, undefined],
  '1.4': [
    'o:Leicestershire County and Rutland Primary Care Trust',
    'Cllr Margaret Ellis',
    'Dr Sarah Bell',
    'Dr Sarah Bell',
  ],
  '1.5': ['o:Leicestershire County and Rutland Primary Care Trust', undefined, 'Dr Sarah Bell'],
  '1.6': ['p:leicestershire-cipop', 'Cllr Peter Osborne', 'John Reid', 'Tom Hughes'],
  '1.7': ['p:leicestershire-cipop', 'Cllr Peter Osborne', 'John Reid', 'Tom Hughes'],
  '1.7.1': ['p:leicestershire-cipop', 'Cllr Peter Osborne', 'John Reid', 'Tom Hughes'],
  '1.7.2': ['p:leicestershire-cipop', 'Cllr Peter Osborne', 'John Reid', 'Tom Hughes'],
  '2.1': ['p:leicestershire-cipop', 'Cllr Peter Osborne', 'Ann Patel', 'Ann Patel'],
  '2.2': ['p:leicestershire-cipop', 'Cllr Peter Osborne', 'John Reid', 'Tom Hughes'],
  '2.3': ['p:leicestershire-cipop', 'Cllr Peter Osborne', 'John Reid', 'Karen Walsh'],
  '2.3.1': ['p:leicestershire-cipop', undefined, undefined, 'Karen Walsh'],
  '2.4': ['o:Age Concern Leicestershire and Rutland', 'Cllr Peter Osborne', 'John Reid', 'Karen Walsh'],
  '3.1': ['o:Leicestershire County Council', undefined, 'Gill Turner'],
  '3.2': ['o:Leicestershire County Council', undefined, 'Gill Turner'],
  '3.3': ['o:Leicestershire County Council', undefined, 'Gill Turner', 'Mark Lewis'],
  '4.1': ['p:llr-community-safety', 'Cllr Ernie White', 'Martin Doyle', 'Martin Doyle'],
  '4.1.1': ['p:llr-community-safety', 'Cllr Ernie White', 'Martin Doyle', 'Martin Doyle'],
  '4.1.2': ['p:llr-community-safety', undefined, 'Martin Doyle', 'Martin Doyle'],
  '4.2': ['p:llr-community-safety', 'Cllr Ernie White', 'Martin Doyle', 'Mark Lewis'],
  '4.3': ['p:llr-community-safety', 'Cllr Ernie White', 'Martin Doyle', 'Martin Doyle'],
  '4.4': ['o:Leicestershire Drug and Alcohol Action Team', 'Cllr Ernie White', 'Martin Doyle'],
  '4.5': ['p:llr-community-safety', 'Cllr Ernie White', 'Mark Lewis', 'Mark Lewis'],
  '4.6': ['p:llr-community-safety', 'Cllr Ernie White', 'Martin Doyle', 'Martin Doyle'],
  '4.7': ['p:llr-community-safety', 'Cllr Ernie White', 'Martin Doyle'],
  '5.1': [
    'o:Councils for Voluntary Service in Leicestershire',
    'Cllr Margaret Ellis',
    'Ann Patel',
    'Karen Walsh',
  ],
  '5.2': ['o:Councils for Voluntary Service in Leicestershire', 'Cllr Margaret Ellis', 'Ann Patel'],
  '5.3': ['o:Councils for Voluntary Service in Leicestershire', undefined, 'Ann Patel'],
  '5.4': [
    'o:Councils for Voluntary Service in Leicestershire',
    'Cllr Margaret Ellis',
    'Ann Patel',
    'Karen Walsh',
  ],
  '6.1': ['o:North West Leicestershire District Council', undefined, 'Ann Patel'],
  '6.2': ['o:North West Leicestershire District Council', undefined, 'Ann Patel'],
  '6.3': ['o:North West Leicestershire District Council', undefined, 'Ann Patel'],
}

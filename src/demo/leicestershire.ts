/**
 * The demo partnership, from the seed papers: Leicestershire Together, its county and seven
 * districts (ONS GSS codes), and the partners the papers name. People are fictional.
 */
export const DEMO_SLUG = 'leicestershire-together'
export const DEMO_ADMIN_EMAIL = 'admin@leicestershire-together.example'

export const demoPlaces = [
  { gssCode: 'E10000018', name: 'Leicestershire', type: 'area' as const, parent: null },
  { gssCode: 'E07000129', name: 'Blaby', type: 'district' as const, parent: 'E10000018' },
  { gssCode: 'E07000130', name: 'Charnwood', type: 'district' as const, parent: 'E10000018' },
  { gssCode: 'E07000131', name: 'Harborough', type: 'district' as const, parent: 'E10000018' },
  { gssCode: 'E07000132', name: 'Hinckley and Bosworth', type: 'district' as const, parent: 'E10000018' },
  { gssCode: 'E07000133', name: 'Melton', type: 'district' as const, parent: 'E10000018' },
  { gssCode: 'E07000134', name: 'North West Leicestershire', type: 'district' as const, parent: 'E10000018' },
  { gssCode: 'E07000135', name: 'Oadby and Wigston', type: 'district' as const, parent: 'E10000018' },
]

type OrgType =
  'council' | 'police' | 'health' | 'fire' | 'probation' | 'vcs' | 'business' | 'government' | 'other'
export const demoOrganisations: { name: string; type: OrgType; dutyToCooperate: boolean }[] = [
  { name: 'Leicestershire County Council', type: 'council', dutyToCooperate: true },
  { name: 'Blaby District Council', type: 'council', dutyToCooperate: true },
  { name: 'Charnwood Borough Council', type: 'council', dutyToCooperate: true },
  { name: 'Harborough District Council', type: 'council', dutyToCooperate: true },
  { name: 'Hinckley and Bosworth Borough Council', type: 'council', dutyToCooperate: true },
  { name: 'Melton Borough Council', type: 'council', dutyToCooperate: true },
  { name: 'North West Leicestershire District Council', type: 'council', dutyToCooperate: true },
  { name: 'Oadby and Wigston Borough Council', type: 'council', dutyToCooperate: true },
  { name: 'Leicestershire Constabulary', type: 'police', dutyToCooperate: true },
  { name: 'Leicestershire County and Rutland Primary Care Trust', type: 'health', dutyToCooperate: true },
  { name: 'Leicestershire Fire and Rescue Service', type: 'fire', dutyToCooperate: true },
  { name: 'Leicestershire and Rutland Probation Area', type: 'probation', dutyToCooperate: true },
  { name: 'Leicestershire Drug and Alcohol Action Team', type: 'other', dutyToCooperate: false },
  { name: 'Age Concern Leicestershire and Rutland', type: 'vcs', dutyToCooperate: false },
  { name: 'Councils for Voluntary Service in Leicestershire', type: 'vcs', dutyToCooperate: false },
  { name: 'Government Office for the East Midlands', type: 'government', dutyToCooperate: false },
]

export const demoPeople: {
  name: string
  email: string
  organisation: string
  jobTitle: string
  role?: string
}[] = [
  {
    name: 'Alex Morgan',
    email: DEMO_ADMIN_EMAIL,
    organisation: 'Leicestershire County Council',
    jobTitle: 'LSP Systems Administrator',
    role: 'admin',
  },
  {
    name: 'Priya Shah',
    email: 'priya.shah@leicestershire-together.example',
    organisation: 'Leicestershire County Council',
    jobTitle: 'LAA Policy and Performance Officer',
    role: 'performance_officer',
  },
  {
    name: 'Tom Hughes',
    email: 'tom.hughes@leicestershire-together.example',
    organisation: 'Leicestershire County Council',
    jobTitle: 'Head of Adult Social Care Commissioning',
    role: 'outcome_lead',
  },
  {
    name: 'Sarah Okafor',
    email: 'sarah.okafor@leicestershire-together.example',
    organisation: 'Leicestershire Constabulary',
    jobTitle: 'Performance Analyst',
    role: 'data_provider',
  },
  {
    name: 'David Chen',
    email: 'david.chen@leicestershire-together.example',
    organisation: 'Leicestershire County and Rutland Primary Care Trust',
    jobTitle: 'Information Manager',
    role: 'data_provider',
  },
  {
    name: 'Helen Price',
    email: 'helen.price@leicestershire-together.example',
    organisation: 'Leicestershire County Council',
    jobTitle: 'Deputy Head of Finance',
    role: 'finance_officer',
  },
  {
    name: 'Cllr Margaret Ellis',
    email: 'margaret.ellis@leicestershire-together.example',
    organisation: 'Leicestershire County Council',
    jobTitle: 'Board member',
    role: 'board_member',
  },
  {
    name: 'Cllr Robert Field',
    email: 'robert.field@leicestershire-together.example',
    organisation: 'Charnwood Borough Council',
    jobTitle: 'Chair, Scrutiny Commission',
    role: 'scrutiny',
  },
  {
    name: 'Julia Barnes',
    email: 'julia.barnes@goem.example',
    organisation: 'Government Office for the East Midlands',
    jobTitle: 'LAA Negotiator, Leicester and Leicestershire',
    role: 'government_office',
  },
  {
    name: 'Karen Walsh',
    email: 'karen.walsh@leicestershire-together.example',
    organisation: 'Age Concern Leicestershire and Rutland',
    jobTitle: 'Chief Executive',
  },
  {
    name: 'Martin Doyle',
    email: 'martin.doyle@leicestershire-together.example',
    organisation: 'Leicestershire Constabulary',
    jobTitle: 'Chief Superintendent, Community Safety',
  },
  {
    name: 'Ann Patel',
    email: 'ann.patel@leicestershire-together.example',
    organisation: 'North West Leicestershire District Council',
    jobTitle: 'Chief Executive',
  },
]

/**
 * The demo's risk register, from the papers: the re-offending and drugs risks of the Safer
 * Communities block (002 §5.4, Outcomes 4 and 5, and its freedoms and flexibilities request on
 * ring-fenced drug treatment budgets), GOEM's "main risk" of targets not agreed on time (002 §20),
 * the risk to the accountable body (002 §21), the board's appetite per category, and the
 * area-based risk assessment: a desk review of the partners' own risk assessments and a workshop
 * to validate what emerged (001 §11-12; its date is illustrative). Idempotent: a second load
 * adds nothing.
 */
import { systemActor } from '../modules/auth/actor.ts'
import { riskInput, type RiskInput } from '../modules/risks/risks.schema.ts'
import type { Services } from '../services.ts'

interface DemoRisk {
  ref: string
  title: string
  description: string
  /** An indicator code of a target, or a strategy ref, or neither (the partnership). */
  target?: string
  outcome?: string
  category: string
  owner: string
  controls: string
  inherent: [number, number]
  /** As first assessed. */
  first: [number, number]
  /** A later review, if any: the scores then and what it found. */
  review?: { scores: [number, number]; note: string }
  targetScores: [number, number]
  reviewOn: string
  fromWorkshop?: boolean
}

const WORKSHOP = 'Area based risk assessment workshop'

const demoRisks: DemoRisk[] = [
  {
    ref: 'R-01',
    title: 'Re-offending by reprimanded young people does not fall to the stretch target',
    description:
      'Re-offending by young people reprimanded as first-time offenders rose from a 21.6% baseline (2000-02 cohort) to 32.9% (2001-03) and 31.2% (2002-04). If it does not fall by 6% the reward grant for the stretch is lost (002 Safer Communities, Outcome 5).',
    target: 'NI 19',
    category: 'Performance',
    owner: 'martin.doyle@leicestershire-together.example',
    controls:
      'Youth Offending Service intervention for every reprimanded first-time offender; Local Offender Management Panels; the cohort monitored monthly.',
    inherent: [5, 4],
    first: [5, 4],
    review: {
      scores: [4, 4],
      note: 'Interventions in place across all seven districts; the 2002-04 cohort at 31.2%, down from 32.9%.',
    },
    targetScores: [2, 3],
    reviewOn: '2009-03-31',
    fromWorkshop: true,
  },
  {
    ref: 'R-02',
    title: 'Alcohol harm work cannot be resourced while drug treatment budgets stay ring-fenced',
    description:
      'Funding to tackle alcohol is very limited; the 40% uplift in the adult treatment budget is ring-fenced to drugs. Without relaxation the alcohol targets lack a delivery mechanism (002 Safer Communities, freedoms and flexibilities).',
    outcome: '4.4',
    category: 'Financial',
    owner: 'tom.hughes@leicestershire-together.example',
    controls:
      'Freedom and flexibility request to relax the ring-fencing; the DAAT Alcohol Harm Reduction Group to develop the delivery plan and baselines.',
    inherent: [4, 4],
    first: [4, 3],
    targetScores: [2, 3],
    reviewOn: '2009-01-09',
  },
  {
    ref: 'R-03',
    title: 'Drug users in effective treatment falls short for want of workforce and information systems',
    description:
      'Key to achieving the drug treatment target is workforce development over three years and better information systems (002 Safer Communities, Outcome 4).',
    target: 'NI 40',
    category: 'Performance',
    owner: 'tom.hughes@leicestershire-together.example',
    controls: 'Leicestershire DAAT Adult Drug Treatment Plan; quarterly performance monitoring.',
    inherent: [4, 3],
    first: [3, 3],
    review: { scores: [3, 4], note: 'Treatment workforce vacancies in two districts; impact raised.' },
    targetScores: [2, 2],
    reviewOn: '2009-06-30',
  },
  {
    ref: 'R-04',
    title: 'Indicators and targets are not agreed with government in time',
    description:
      'GOEM identified defining and agreeing the indicators and targets as the main risk to the LAA being completed on time (002 §20).',
    category: 'Partnership',
    owner: 'priya.shah@leicestershire-together.example',
    controls: 'Monthly negotiation meetings with GOEM; progress reported to each Partnership Board.',
    inherent: [4, 5],
    first: [3, 5],
    review: { scores: [2, 5], note: 'Most targets agreed; the placeholders remain (003 §2).' },
    targetScores: [1, 5],
    reviewOn: '2008-06-30',
    fromWorkshop: true,
  },
  {
    ref: 'R-05',
    title: 'Financial risk to the accountable body from pooled and aligned funding',
    description:
      'Leicestershire County Council, as accountable body, carries the risk of funds spent by first-level recipients (002 §21).',
    category: 'Financial',
    owner: 'helen.price@leicestershire-together.example',
    controls:
      'A financial protocol signed by every first-level recipient before funds are released; quarterly spend returns.',
    inherent: [3, 4],
    first: [3, 4],
    targetScores: [2, 3],
    reviewOn: '2009-03-31',
    fromWorkshop: true,
  },
]

const appetites = [
  { category: 'Performance', maxScore: 12 },
  { category: 'Financial', maxScore: 9 },
  { category: 'Partnership', maxScore: 12 },
]

export async function loadRisksDemo(services: Services, partnershipId: string): Promise<void> {
  const actor = systemActor('demo')
  const pid = partnershipId
  const { risks } = services

  for (const a of appetites)
    if (!(await risks.appetites(actor, pid)).some((x) => x.category === a.category))
      await risks.setAppetite(actor, pid, a)

  let workshop = (await risks.workshops(actor, pid)).find((w) => w.title === WORKSHOP)
  if (!workshop) {
    workshop = await risks.createWorkshop(actor, pid, {
      title: WORKSHOP,
      heldOn: '2008-01-16',
      notes:
        'Prepared by Deloitte for the partnership: a desk-based assessment of the partners’ risk assessments and a short workshop to validate the high level risks that emerged (001 §11-12).',
    })
    const orgs = await services.organisations.list(actor, pid)
    const org = (name: string) => orgs.find((o) => o.name === name)?.id ?? null
    for (const [name, description] of [
      [
        'Leicestershire County Council',
        'Strategic risk register: the accountable body’s exposure to partners’ spending',
      ],
      ['Leicestershire Constabulary', 'Force risk register: youth re-offending and prolific offenders'],
      [
        'Leicestershire County and Rutland Primary Care Trust',
        'Corporate risk register: drug and alcohol treatment capacity',
      ],
    ] as const)
      await risks.addSource(actor, pid, workshop.id, { organisationId: org(name), description })
  }

  const existing = new Set((await risks.list(actor, pid, { status: 'all' })).map((r) => r.ref))
  const [targets, nodes, people] = await Promise.all([
    risks.targetChoices(actor, pid),
    services.strategy.currentNodes(actor, pid),
    services.people.list(actor, pid),
  ])
  for (const d of demoRisks) {
    if (existing.has(d.ref)) continue
    const target = d.target ? targets.find((t) => t.code === d.target) : undefined
    const node = d.outcome ? nodes.find((n) => n.ref === d.outcome) : undefined
    const input: RiskInput = riskInput.parse({
      ref: d.ref,
      title: d.title,
      description: d.description,
      subject: target ? `target:${target.id}` : node ? `outcome:${node.key}` : null,
      category: d.category,
      ownerPersonId: people.find((p) => p.email === d.owner)?.id ?? null,
      controls: d.controls,
      inherentLikelihood: d.inherent[0],
      inherentImpact: d.inherent[1],
      likelihood: d.first[0],
      impact: d.first[1],
      targetLikelihood: d.targetScores[0],
      targetImpact: d.targetScores[1],
      reviewOn: d.reviewOn,
      workshopId: d.fromWorkshop ? workshop.id : null,
      note: d.fromWorkshop ? 'Recorded at the area based risk assessment' : 'Risk recorded',
    })
    const row = await risks.create(actor, pid, input)
    if (d.review)
      await risks.review(actor, pid, row.id, {
        likelihood: d.review.scores[0],
        impact: d.review.scores[1],
        controls: null,
        note: d.review.note,
        reviewOn: d.reviewOn,
        status: 'open',
      })
  }
}

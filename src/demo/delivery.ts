import { systemActor } from '../modules/auth/actor.ts'
import type { ActionInput } from '../modules/delivery/delivery.schema.ts'
import type { Services } from '../services.ts'

/**
 * Delivery plans for a few LAA2 targets (003 §3-7): lead officers drew up a plan for each target,
 * a Challenge Task Group reviewed the drafts and flagged issues, and plans were revised. One has
 * been through challenge and accepted, one is in challenge, one is still a draft. Idempotent: a
 * target that already has a plan is left alone.
 */
interface DemoPlan {
  code: string
  title: string
  purpose: string
  lead: string
  partners: string
  fundingNote: string
  actions: (Omit<
    ActionInput,
    'dependsOn' | 'ownerPersonId' | 'organisationId' | 'improvementPlanId' | 'notes'
  > & {
    owner?: string
    organisation?: string
    dependsOn?: string[]
    notes?: string
  })[]
  /** Rounds of challenge: each a note, the issues raised and, when returned, the responses. */
  challenge: { note: string; issues: [string, string | null][]; accepted?: boolean }[]
}

const plans: DemoPlan[] = [
  {
    code: 'NI 30',
    title: 'Reducing re-offending by prolific and priority offenders',
    purpose:
      'Cut re-offending by the county’s prolific and other priority offenders through the PPO scheme, drug interventions and integrated offender management.',
    lead: 'Sarah Okafor',
    partners:
      'Leicestershire Constabulary, Leicestershire and Rutland Probation Area, the Drug and Alcohol Action Team',
    fundingNote: 'Area Based Grant (Safer Stronger Communities) and the Home Office PPO allocation',
    actions: [
      {
        ref: 'A-001',
        title: 'Monthly PPO case conferences in every district',
        organisation: 'Leicestershire Constabulary',
        startOn: '2008-04-01',
        dueOn: '2008-06-30',
        status: 'complete',
        percentComplete: 100,
        milestone: false,
      },
      {
        ref: 'A-002',
        title: 'Drug Intervention Programme referral for every PPO testing positive',
        organisation: 'Leicestershire Drug and Alcohol Action Team',
        startOn: '2008-07-01',
        dueOn: '2009-03-31',
        status: 'on-track',
        percentComplete: 70,
        milestone: false,
        dependsOn: ['A-001'],
      },
      {
        ref: 'A-003',
        title: 'Integrated Offender Management pilot live in Charnwood',
        organisation: 'Leicestershire and Rutland Probation Area',
        startOn: null,
        dueOn: '2009-01-31',
        status: 'at-risk',
        percentComplete: 40,
        milestone: true,
        dependsOn: ['A-001'],
        notes: 'Waiting for the probation information-sharing protocol',
      },
    ],
    challenge: [
      {
        note: 'First draft for the Challenge Task Group',
        issues: [
          [
            'The Integrated Offender Management pilot has no date: when will it be live?',
            'A-003 added: the pilot goes live in Charnwood by the end of January 2009.',
          ],
          [
            'How does the plan use the relaxation of monthly PPO reporting if it is agreed?',
            'Case conferences stay monthly; reporting to the Home Office would move to quarterly.',
          ],
        ],
      },
      {
        note: 'Revised after challenge: the IOM milestone dated, PPO reporting explained',
        issues: [],
        accepted: true,
      },
    ],
  },
  {
    code: 'NI 40',
    title: 'More drug users in effective treatment',
    purpose: 'Increase the number of problem drug users in treatment for twelve weeks or more.',
    lead: 'David Chen',
    partners: 'Primary Care Trust, the Drug and Alcohol Action Team, treatment providers',
    fundingNote: 'Pooled treatment budget',
    actions: [
      {
        ref: 'A-010',
        title: 'Open a satellite treatment service in Melton',
        organisation: 'Leicestershire County and Rutland Primary Care Trust',
        startOn: '2008-06-01',
        dueOn: '2008-12-31',
        status: 'complete',
        percentComplete: 100,
        milestone: false,
      },
      {
        ref: 'A-011',
        title: 'Retention workers in every treatment service',
        organisation: 'Leicestershire Drug and Alcohol Action Team',
        startOn: '2008-09-01',
        dueOn: '2009-09-30',
        status: 'on-track',
        percentComplete: 50,
        milestone: false,
      },
    ],
    challenge: [
      {
        note: 'Draft for challenge',
        issues: [['The plan does not say how retention past twelve weeks will be measured quarterly.', null]],
      },
    ],
  },
  {
    code: 'NI 39',
    title: 'Fewer alcohol-related hospital admissions',
    purpose: 'Slow the rise in alcohol-harm related hospital admission rates.',
    lead: 'David Chen',
    partners: 'Primary Care Trust, district councils (licensing), the police',
    fundingNote: 'Primary Care Trust prevention budget',
    actions: [
      {
        ref: 'A-020',
        title: 'Identification and brief advice training for GP practices',
        organisation: 'Leicestershire County and Rutland Primary Care Trust',
        startOn: '2008-10-01',
        dueOn: '2009-06-30',
        status: 'not-started',
        percentComplete: 0,
        milestone: false,
      },
    ],
    challenge: [],
  },
]

export async function loadDeliveryDemo(services: Services, partnershipId: string) {
  const { delivery } = services
  const actor = systemActor('demo')
  const group = systemActor('Challenge Task Group')
  const existing = await delivery.list(actor, partnershipId)
  const choices = await delivery.subjectChoices(actor, partnershipId)
  const persons = await services.people.list(actor, partnershipId)
  const orgs = await services.organisations.list(actor, partnershipId)
  const personId = (name?: string) => persons.find((p) => p.name === name)?.id ?? null
  const orgId = (name?: string) => orgs.find((o) => o.name === name)?.id ?? null

  for (const p of plans) {
    const target = choices.targets.find((t) => t.label === p.code || t.label.startsWith(`${p.code} `))
    if (!target || existing.some((e) => e.targetId === target.id)) continue
    const plan = await delivery.create(actor, partnershipId, {
      targetId: target.id,
      outcomeKey: null,
      title: p.title,
      purpose: p.purpose,
      leadPersonId: personId(p.lead),
      partners: p.partners,
      fundingNote: p.fundingNote,
    })
    const ids = new Map<string, string>()
    for (const a of p.actions) {
      // An action ref taken by another plan (loaded by hand) is left out rather than clashing.
      const { owner, organisation, dependsOn, notes, ...rest } = a
      const row = await delivery
        .createAction(actor, partnershipId, plan.id, {
          ...rest,
          ownerPersonId: personId(owner ?? p.lead),
          organisationId: orgId(organisation),
          dependsOn: (dependsOn ?? []).map((r) => ids.get(r)).filter((x): x is string => !!x),
          improvementPlanId: null,
          notes: notes ?? null,
        })
        .catch(() => null)
      if (row) ids.set(a.ref, row.id)
    }
    for (const [i, round] of p.challenge.entries()) {
      await delivery.submit(actor, partnershipId, plan.id, { note: round.note })
      for (const [body] of round.issues) await delivery.raiseIssue(group, partnershipId, plan.id, { body })
      if (round.accepted) {
        await delivery.accept(group, partnershipId, plan.id)
        continue
      }
      const answered = round.issues.every(([, response]) => response !== null)
      if (!answered || i === p.challenge.length - 1) continue
      await delivery.returnForRevision(group, partnershipId, plan.id)
      const detail = await delivery.get(actor, partnershipId, plan.id)
      for (const issue of detail.currentRound?.issues ?? []) {
        const response = round.issues.find(([body]) => body === issue.body)?.[1]
        if (response) await delivery.respond(actor, partnershipId, issue.id, { response })
      }
    }
  }
}

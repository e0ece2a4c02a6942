import { systemActor } from '../modules/auth/actor.ts'
import type { DirectoryInput } from '../modules/directory/directory.schema.ts'
import type { Services } from '../services.ts'
import {
  DEMO_STRATEGY_TITLE,
  demoDirectory,
  directoryPeople,
  thematic,
  demoLinks,
  demoNarrative,
  demoTags,
  demoTree,
  demoVision,
  type DemoNode,
} from './strategy.data.ts'

const EMAIL = (local: string) => `${local}@leicestershire-together.example`

/** Draft 1 differs from draft 2: two sub-outcomes came in with draft 2, one outcome went, one was renamed. */
const ADDED_IN_DRAFT_2 = ['1.7.3', '4.4.2']
const DRAFT_1_ONLY: DemoNode = { ref: '6.4', title: 'Fewer abandoned vehicles are left on the streets' }
const DRAFT_1_TITLES: Record<string, string> = { '4.5': 'Youth crime is prevented' }

/**
 * Extend the demo partnership with its strategy: draft 1 with consultation comments and
 * responses, draft 2 (current) copied from it with the changes the comments asked for, the
 * Partnership Directory with gaps left on purpose, the development timetable and sign-offs.
 * Idempotent: does nothing once the partnership has a strategy.
 */
export async function loadStrategyDemo(services: Services, partnershipId: string) {
  const actor = systemActor('demo')
  const pid = partnershipId
  if (await services.strategy.current(actor, pid)) return

  const orgs = await services.organisations.list(actor, pid)
  const orgId = (name: string) => orgs.find((o) => o.name === name)?.id ?? null
  const known = await services.people.list(actor, pid)
  for (const [name, local, org, jobTitle] of directoryPeople) {
    if (known.some((p) => p.email === EMAIL(local))) continue
    await services.people.create(actor, pid, {
      name,
      email: EMAIL(local),
      organisationId: orgId(org),
      jobTitle,
      phone: null,
    })
  }
  const people = await services.people.list(actor, pid)
  const personId = (name?: string) => (name ? (people.find((p) => p.name === name)?.id ?? null) : null)
  const partnershipIds = new Map<string, string>()
  for (const t of thematic) {
    const row =
      (await services.partnerships.findBySlug(t.slug)) ??
      (await services.partnerships.create(actor, {
        slug: t.slug,
        name: t.name,
        kind: 'thematic',
        parentId: pid,
      }))
    partnershipIds.set(t.slug, row.id)
  }
  const lead = (l?: string) =>
    !l
      ? null
      : l.startsWith('p:')
        ? `partnership:${partnershipIds.get(l.slice(2))}`
        : `organisation:${orgId(l.slice(2))}`

  const tagIds = new Map<string, string>()
  for (const t of demoTags) tagIds.set(t.name, (await services.strategyLinks.createTag(actor, pid, t)).id)

  // Draft 1.
  await services.strategy.startVersion(actor, pid, { title: DEMO_STRATEGY_TITLE, copyFrom: 0 })
  await services.strategy.updateVersion(actor, pid, 1, {
    title: DEMO_STRATEGY_TITLE,
    vision: demoVision,
    narrative: null,
  })
  const ids = new Map<string, string>()
  const draft1 = [...demoTree.filter((n) => !ADDED_IN_DRAFT_2.includes(n.ref)), DRAFT_1_ONLY]
  for (const n of draft1) await addNode(services, pid, 1, n, ids, tagIds, DRAFT_1_TITLES[n.ref])
  for (const [a, b, note] of demoLinks)
    await services.strategyLinks.addLink(actor, pid, ids.get(a)!, { toNodeId: ids.get(b)!, note })
  await services.directory.setMany(
    actor,
    pid,
    Object.entries(demoDirectory).map(([ref, [l, champion, exec, outcomeLead]]) => ({
      nodeId: ids.get(ref)!,
      input: {
        leadPartnership: lead(l),
        boardChampionId: personId(champion),
        executiveOfficerId: personId(exec),
        outcomeLeadId: personId(outcomeLead),
      } satisfies DirectoryInput,
    })),
  )

  // Consultation on draft 1 (000 §12 stage 5), each comment answered.
  const comment = async (version: number, ref: string | null, author: string, org: string, body: string) =>
    services.consultation.comment(actor, pid, version, {
      nodeId: ref ? ids.get(ref)! : null,
      body,
      authorName: author,
      organisationId: orgId(org),
    })
  const responses: [() => Promise<{ id: string }>, 'accepted' | 'rejected' | 'noted', string][] = [
    [
      () =>
        comment(
          1,
          null,
          'Julia Barnes',
          'Government Office for the East Midlands',
          'Partners find it difficult to follow the thread from strategic priorities, to rationales for the themes, to outcomes and through to indicators. Consider telling the story better up front.',
        ),
      'accepted',
      'The introduction has been rewritten for draft 2 to tell the story from Leicestershire’s starting point to its priorities.',
    ],
    [
      () =>
        comment(
          1,
          '1.7',
          'Karen Walsh',
          'Age Concern Leicestershire and Rutland',
          'Assistive technology is central to helping older people stay at home and should be named under this outcome.',
        ),
      'accepted',
      'Added as sub-outcome 1.7.3 in draft 2.',
    ],
    [
      () =>
        comment(
          1,
          '4.4',
          'Martin Doyle',
          'Leicestershire Drug and Alcohol Action Team',
          'There are no baselines for the alcohol element yet; the outcome should say they will be established first.',
        ),
      'accepted',
      'Added as sub-outcome 4.4.2 in draft 2.',
    ],
    [
      () =>
        comment(
          1,
          '6.4',
          'Cllr Robert Field',
          'Charnwood Borough Council',
          'Abandoned vehicles are no longer a priority in any district and do not need partnership working.',
        ),
      'accepted',
      'Removed in draft 2.',
    ],
    [
      () =>
        comment(
          1,
          '7.3',
          'Ann Patel',
          'North West Leicestershire District Council',
          'Housing for vulnerable groups could be a cross-cutting priority, with the districts taking the lead.',
        ),
      'noted',
      'To be considered with the districts when the delivery plans are drawn up.',
    ],
    [
      () =>
        comment(
          1,
          '4.7',
          'Julia Barnes',
          'Government Office for the East Midlands',
          'The proposals for geographic targeting should be drawn out more.',
        ),
      'rejected',
      'The priority neighbourhoods are being consulted on separately and will be added once agreed.',
    ],
  ]
  for (const [made, status, response] of responses)
    await services.consultation.respond(actor, pid, (await made()).id, { status, response })

  // Draft 2, copied from draft 1, with the changes the consultation asked for.
  await services.strategy.startVersion(actor, pid, {})
  await services.strategy.updateVersion(actor, pid, 2, {
    title: DEMO_STRATEGY_TITLE,
    vision: demoVision,
    narrative: demoNarrative,
  })
  const v2 = new Map((await services.strategyNodes.listNodes(actor, pid, 2)).map((n) => [n.ref, n.id]))
  for (const n of demoTree.filter((x) => ADDED_IN_DRAFT_2.includes(x.ref)))
    await addNode(services, pid, 2, n, v2, tagIds)
  const renamed = demoTree.find((n) => n.ref === '4.5')!
  await services.strategyNodes.updateNode(actor, pid, v2.get('4.5')!, {
    ref: '4.5',
    title: renamed.title,
    statement: renamed.statement ?? null,
    rationale: renamed.rationale ?? null,
    tagIds: (renamed.tags ?? []).map((t) => tagIds.get(t)!),
  })
  await services.strategyNodes.archiveNode(actor, pid, v2.get('6.4')!)
  await services.directory.set(actor, pid, v2.get('1.7.3')!, {
    leadPartnership: lead('p:leicestershire-cipop'),
    boardChampionId: personId('Cllr Peter Osborne'),
    executiveOfficerId: personId('John Reid'),
    outcomeLeadId: null,
  })
  for (const [k, v] of v2) ids.set(k, v)
  await comment(
    2,
    '7.1',
    'Lisa Grant',
    'Charnwood Borough Council',
    'Who leads the economic outcomes? The directory has no names against them yet.',
  )
  await comment(
    2,
    null,
    'Cllr Robert Field',
    'Charnwood Borough Council',
    'The Scrutiny Commission would like to review one theme in depth before the final draft.',
  )

  await loadTimetableDemo(services, pid, orgId, personId)
}

async function addNode(
  services: Services,
  pid: string,
  version: number,
  n: DemoNode,
  ids: Map<string, string>,
  tagIds: Map<string, string>,
  title?: string,
) {
  const depth = n.ref.split('.').length
  const parentRef = n.ref.split('.').slice(0, -1).join('.')
  const row = await services.strategyNodes.createNode(systemActor('demo'), pid, version, {
    kind: depth === 1 ? 'theme' : depth === 2 ? 'outcome' : 'sub_outcome',
    parentId: depth === 1 ? null : ids.get(parentRef)!,
    ref: n.ref,
    title: title ?? n.title,
    statement: n.statement ?? null,
    rationale: n.rationale ?? null,
    tagIds: (n.tags ?? []).map((t) => tagIds.get(t)!),
  })
  ids.set(n.ref, row.id)
}

/** The development timetable of 000 §11-12 and the sign-offs of draft 2 (002 §3). */
async function loadTimetableDemo(
  services: Services,
  pid: string,
  orgId: (name: string) => string | null,
  personId: (name?: string) => string | null,
) {
  const actor = systemActor('demo')
  if ((await services.timetable.listStages(actor, pid)).length) return
  const owner = (org: string) => `organisation:${orgId(org)}`
  const stages = [
    {
      name: 'Stage 1: evidence base',
      description: 'Evidence base reports on “place” and on “people and themes”.',
      startsOn: '2007-07-01',
      endsOn: '2007-09-30',
      deadline: '2007-09-30',
      owner: owner('Leicestershire County Council'),
      status: 'complete' as const,
    },
    {
      name: 'Stage 2: comment on the evidence base',
      description: 'The Board comments on the evidence base to help develop the first draft priorities.',
      startsOn: '2007-10-03',
      endsOn: '2007-10-26',
      deadline: '2007-10-26',
      owner: `person:${personId('Cllr Margaret Ellis')}`,
      status: 'complete' as const,
    },
    {
      name: 'Stage 5: consultation on the first draft',
      description:
        'Each organisation and partnership comments on draft 1 as part of the public consultation.',
      startsOn: '2007-11-12',
      endsOn: '2008-01-18',
      deadline: '2008-01-18',
      owner: `person:${personId('Priya Shah')}`,
      status: 'complete' as const,
    },
    {
      name: 'Stage 9: sign-off of the final versions',
      description:
        'Partner bodies sign off the final Sustainable Community Strategy and Local Area Agreement.',
      startsOn: '2008-04-02',
      endsOn: '2008-06-30',
      deadline: '2008-06-30',
      owner: owner('Leicestershire County Council'),
      status: 'in_progress' as const,
    },
  ]
  for (const s of stages) await services.timetable.createStage(actor, pid, s)
  const signoffs = [
    {
      body: 'Leicestershire County Council Cabinet',
      organisationId: orgId('Leicestershire County Council'),
      dueOn: '2008-04-15',
      signedOn: '2008-04-15',
    },
    {
      body: 'Leicestershire County and Rutland PCT Board',
      organisationId: orgId('Leicestershire County and Rutland Primary Care Trust'),
      dueOn: '2008-05-29',
      signedOn: '2008-05-29',
    },
    {
      body: 'Leicestershire Police Authority',
      organisationId: orgId('Leicestershire Constabulary'),
      dueOn: '2008-06-10',
      signedOn: null,
    },
    { body: 'Leicestershire Together Board', organisationId: null, dueOn: '2008-06-23', signedOn: null },
  ]
  for (const s of signoffs)
    await services.timetable.createSignoff(actor, pid, { versionNumber: 2, notes: null, ...s })
}

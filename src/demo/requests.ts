/**
 * The demo's freedoms and flexibilities requests, from the Safer Communities block commentary
 * (002 §5.4, "Freedoms and Flexibilities Requested"): relaxing the monthly PPO reporting and the
 * capital / revenue split of the Building Safer Communities grant, with the government office's
 * comments on the requests (002 GOEM's comments on the draft, "Freedoms and flexibilities").
 * Both are submitted and await the departments' answers. Idempotent: refs already there are left.
 */
import { systemActor, type Actor } from '../modules/auth/actor.ts'
import type { Services } from '../services.ts'

const OFFICER_EMAIL = 'priya.shah@leicestershire-together.example'
const GO_EMAIL = 'julia.barnes@goem.example'

async function actorFor(services: Services, email: string, fallback: Actor) {
  const user = await services.users.findByEmail(email)
  return (user && (await services.auth.actorForUser(user.id))) || fallback
}

const GO_COMMENTS =
  'More work would need to be done on most of the proposed freedoms and flexibilities for us to begin to consider them. The later we receive details of requests, the less chance we will have to gain agreement from central Government departments in time for sign off. Partners may wish to consider prioritising requests and focusing on a smaller number (GOEM, comments on the draft).'

export const demoRequests = [
  {
    ref: 'FF-01',
    title: 'Reduction in levels of PPO monitoring',
    outcomeRef: '4.2',
    department: 'Home Office',
    businessCase:
      'The national PPO strategy performance management framework requires monthly reporting across an array of performance information categories, and recent changes to the framework have led to agencies being asked to collect yet more information. This PMF is largely about process rather than measuring outcomes. We have no capacity to establish a baseline on reconviction rates and to continue to monitor re-offending.\nIf the monthly central reporting were relaxed, performance officer time would be freed to develop our systems for monitoring re-offending and a much more outcome-focused performance management regime.',
    goComments: GO_COMMENTS,
  },
  {
    ref: 'FF-02',
    title: 'Relaxation of the capital / revenue split of the Building Safer Communities grant',
    outcomeRef: '4.1',
    department: 'Home Office',
    businessCase:
      'The Treasury does not allow capital provision to be switched into revenue budgets, distinguishing the long-term value of capital spending from current spending whose benefits are consumed in the year.\nFor relatively small grant allocations such as Building Safer Communities, which has a small capital element, the experience of CDRPs is that it is difficult to make sensible and strategic capital spending decisions which will realise significant benefits over time. We wish to have more flexibility in the use of the funding and move away from either underspending on the capital element or using it for capital projects or equipment of doubtful strategic value.',
    goComments: null,
  },
]

export async function loadRequestsDemo(services: Services, partnershipId: string) {
  const demo = systemActor('demo')
  const pid = partnershipId
  const officer = await actorFor(services, OFFICER_EMAIL, demo)
  const go = await actorFor(services, GO_EMAIL, demo)
  const existing = new Set((await services.requests.list(demo, pid)).map((r) => r.ref))
  const outcomes = await services.requests.outcomeChoices(demo, pid)
  for (const r of demoRequests) {
    if (existing.has(r.ref)) continue
    const row = await services.requests.create(officer, pid, {
      ref: r.ref,
      title: r.title,
      outcomeKey: outcomes.find((n) => n.ref === r.outcomeRef)?.key ?? null,
      department: r.department,
      businessCase: r.businessCase,
    })
    await services.requests.submit(officer, pid, row.id)
    if (r.goComments) await services.requests.comment(go, pid, row.id, { goComments: r.goComments })
  }
}

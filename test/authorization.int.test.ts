import { count, eq } from 'drizzle-orm'
import type { LightMyRequestResponse } from 'fastify'
import { expect, it } from 'vitest'
import { auditEvents, partnerships } from '../src/db/schema/index.ts'
import { agreementPolicy } from '../src/modules/agreements/agreements.policy.ts'
import { assessmentPolicy } from '../src/modules/assessments/assessments.policy.ts'
import { deliveryPolicy } from '../src/modules/delivery/delivery.policy.ts'
import { commentaryPolicy } from '../src/modules/commentary/commentary.policy.ts'
import { improvementPolicy } from '../src/modules/improvement/improvement.policy.ts'
import { auditPolicy } from '../src/modules/audit/audit.policy.ts'
import type { Actor } from '../src/modules/auth/actor.ts'
import { member } from '../src/modules/auth/policy.ts'
import { roleNames, type Role } from '../src/modules/auth/roles.ts'
import { signInLinkPolicy } from '../src/modules/auth/sign-in-links.policy.ts'
import { consultationPolicy } from '../src/modules/consultation/consultation.policy.ts'
import { residentsPolicy } from '../src/modules/residents/residents.policy.ts'
import { directoryPolicy } from '../src/modules/directory/directory.policy.ts'
import { escalationPolicy } from '../src/modules/escalations/escalations.policy.ts'
import { reportPolicy } from '../src/modules/reports/reports.policy.ts'
import { moneyPolicy } from '../src/modules/money/money.policy.ts'
import { riskPolicy } from '../src/modules/risks/risks.policy.ts'
import { nationalRule } from '../src/modules/indicators/indicators.national.ts'
import { indicatorPolicy } from '../src/modules/indicators/indicators.policy.ts'
import { organisationPolicy } from '../src/modules/organisations/organisations.policy.ts'
import { outboxPolicy } from '../src/modules/outbox/outbox.policy.ts'
import { partnershipPolicy } from '../src/modules/partnerships/partnerships.policy.ts'
import { personPolicy } from '../src/modules/people/people.policy.ts'
import { placePolicy } from '../src/modules/places/places.policy.ts'
import { requestPolicy } from '../src/modules/requests/requests.policy.ts'
import { roundPolicy } from '../src/modules/rounds/rounds.policy.ts'
import { strategyPolicy } from '../src/modules/strategy/strategy.policy.ts'
import { targetPolicy } from '../src/modules/targets/targets.policy.ts'
import { timetablePolicy } from '../src/modules/timetable/timetable.policy.ts'
import { memberPolicy } from '../src/modules/users/users.policy.ts'
import { valuePolicy } from '../src/modules/values/values.policy.ts'
import { workbookPolicy } from '../src/modules/workbook/workbook.policy.ts'
import { EXPECTED, SERVICE_ONLY, WHO_MAY } from './authorization.expectations.ts'
import { Agent, bearer, describeIntegration, seedPartnership } from './helpers/app.ts'

/** Every route is called as anonymous and as each role; what each may do is in authorization.expectations.ts. */

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000'
const ANONYMOUS = 'anonymous'
type Who = Role | typeof ANONYMOUS

const actorWith = (role: Role, partnershipId: string): Actor => ({
  kind: 'user',
  userId: PLACEHOLDER_ID,
  label: role,
  isSystemAdmin: false,
  roles: new Map([[partnershipId, role]]),
})

type Check = (actor: Actor, partnershipId: string) => boolean

/** Values' `enter` also takes the organisation entered for: the values tests check it. */
const valueRules = Object.fromEntries(
  Object.entries(valuePolicy).filter(([action]) => action !== 'enter'),
) as Record<string, Check>

/** The policy code, by the name of its row in WHO_MAY (module.action). */
const POLICIES: Record<string, Record<string, Check>> = {
  partnership: partnershipPolicy,
  organisations: organisationPolicy,
  places: placePolicy,
  people: personPolicy,
  users: { ...memberPolicy, sendSignInLink: signInLinkPolicy.send },
  indicators: { ...indicatorPolicy, national: nationalRule },
  workbook: workbookPolicy,
  strategy: strategyPolicy,
  consultation: consultationPolicy,
  residents: residentsPolicy,
  directory: directoryPolicy,
  timetable: timetablePolicy,
  agreements: agreementPolicy,
  targets: targetPolicy,
  values: valueRules,
  rounds: roundPolicy,
  outbox: outboxPolicy,
  assessments: assessmentPolicy,
  audit: auditPolicy,
  improvement: improvementPolicy,
  commentary: commentaryPolicy,
  delivery: deliveryPolicy,
  requests: requestPolicy,
  escalations: escalationPolicy,
  risks: riskPolicy,
  reports: reportPolicy,
  money: moneyPolicy,
}

/**
 * Successful changes that write no audit row, and why. Every other non-GET that succeeds (2xx or
 * 3xx, other than sending someone who is not signed in to sign in) must add at least one row to
 * the audit trail. (Signing in is audited, as the user's `sign-in`.)
 */
const UNAUDITED = new Map<string, string>([
  ['POST /sign-out', 'Ends the session only: sessions are not part of the audit trail, signing in is.'],
  [
    'POST /forgotten-password',
    'Answers alike whether or not the address has an account, so it cannot say whether it wrote ' +
      'anything; without a mail server (as here) nothing is sent. A link it does create is audited.',
  ],
  [
    'POST /account/tokens/:id/revoke',
    'An id that is not one of your tokens (the walk’s placeholder) revokes nothing, so there is ' +
      'nothing to record; revoking one of your tokens writes its audit row (auth service).',
  ],
  [
    'POST /p/:slug/settings/logo/remove',
    'The walk’s partnership has no logo, so removing it changes nothing and there is nothing to ' +
      'record; removing a logo writes its `remove_logo` row (partnerships.logo.int.test.ts).',
  ],
  [
    'DELETE /api/v1/partnerships/:slug/logo',
    'As the page’s removal: with no logo nothing changes; removing one is audited.',
  ],
  [
    'POST /p/:slug/commentary/requests/send',
    'Runs the hourly commentary check now: a request for a round not yet asked for is audited ' +
      '(commentary_request), reminders are messages recorded in the outbox; with nothing due it changes nothing.',
  ],
  [
    'POST /p/:slug/outbox/reminders',
    'Runs the hourly reminder check now: reminders are messages recorded in the outbox (once per ' +
      'person and return), not changes to the partnership’s records.',
  ],
])

describeIntegration('authorization of every route', (t) => {
  it('has policies that let in exactly the roles the table names', () => {
    const rules = Object.entries(POLICIES).flatMap(([module, policy]) =>
      Object.entries(policy).map(([action, rule]) => [`${module}.${action}`, rule] as const),
    )
    expect(rules.map(([action]) => action).sort(), 'one row of WHO_MAY per policy rule').toEqual(
      [...WHO_MAY.keys()].sort(),
    )
    const differences: string[] = []
    for (const [action, rule] of rules)
      for (const role of roleNames) {
        const table = WHO_MAY.get(action)!.may.includes(role)
        if (rule(actorWith(role, PLACEHOLDER_ID), PLACEHOLDER_ID) !== table)
          differences.push(`${action} as ${role}: the table says ${table ? 'allowed' : 'refused'}`)
      }
    expect(differences).toEqual([])
  })

  it('declares an expectation for every registered route', () => {
    const { app } = t()
    const routes = [
      ...new Set(app.routeList.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)),
    ]
    const missing = routes.filter((r) => !(r in EXPECTED))
    const stale = Object.keys(EXPECTED).filter((k) => !routes.includes(k))
    expect(
      missing,
      'Routes without an expectation: add them to EXPECTED in test/authorization.int.test.ts',
    ).toEqual([])
    expect(stale, 'Expectations for routes that no longer exist').toEqual([])
    // A route marked public in its config must be declared public here, and the other way round.
    const publicRoutes = app.routeList
      .filter((r) => r.public && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
    for (const r of publicRoutes) expect(EXPECTED[r], `${r} is public in its config`).toBe('public')
  })

  it('answers each role as the policies say, on pages and the API', { timeout: 600_000 }, async () => {
    const { app, services, database } = t()
    const { slug, users, partnership } = await seedPartnership(services, roleNames)
    const auditRows = async () => (await database.db.select({ n: count() }).from(auditEvents))[0]!.n

    // One signed-in browser per role, plus one that never signs in; each with a CSRF token.
    const agents = new Map<Who, { agent: Agent; csrf: string }>()
    const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
    const anonymous = new Agent(app)
    agents.set(ANONYMOUS, { agent: anonymous, csrf: csrfFrom((await anonymous.get('/sign-in')).body) })
    const signIn = async (role: Role) => {
      const agent = new Agent(app)
      await agent.signIn(users[role]!.email, users[role]!.password)
      agents.set(role, { agent, csrf: csrfFrom((await agent.get('/account')).body) })
    }
    for (const role of roleNames) await signIn(role)

    const routes = [
      ...new Set(app.routeList.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`)),
    ]
      .filter((r) => r in EXPECTED)
      // Signing out ends the session the rest of the walk uses: do it last.
      .sort((a, b) => Number(a === 'POST /sign-out') - Number(b === 'POST /sign-out'))

    const failures: string[] = []
    const refusedOtherwise = new Map<string, number>()
    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string]
      const url = pattern
        .replace(':slug', slug)
        .replace(/:[A-Za-z]+/g, PLACEHOLDER_ID)
        .replace('*', 'missing.css')
      const isApi = pattern.startsWith('/api/')
      const expectation = EXPECTED[route]!
      for (const who of [ANONYMOUS, ...roleNames] as Who[]) {
        const { agent, csrf } = agents.get(who)!
        let res: LightMyRequestResponse
        const hasBody = ['POST', 'PUT', 'PATCH'].includes(method)
        const auditedBefore = method === 'GET' ? 0 : await auditRows()
        if (isApi) {
          res = await app.inject({
            method: method as 'GET',
            url,
            headers: {
              ...(who === ANONYMOUS ? {} : bearer(users[who]!.token)),
              ...(hasBody ? { 'content-type': 'application/json' } : {}),
            },
            ...(hasBody ? { payload: '{}' } : {}),
          })
        } else {
          res = await agent.request({
            method: method,
            url,
            ...(hasBody
              ? {
                  headers: { 'content-type': 'application/x-www-form-urlencoded' },
                  payload: `_csrf=${encodeURIComponent(csrf)}`,
                }
              : {}),
          })
        }
        const outcome = `${res.statusCode}${res.headers.location ? ` → ${res.headers.location}` : ''}`
        const fail = (want: string) => failures.push(`${route} as ${who}: want ${want}, got ${outcome}`)
        const toSignIn = res.statusCode === 302 && res.headers.location === '/sign-in'

        if (res.statusCode >= 500) fail('no server error')
        else if (expectation === 'public') {
          if (res.statusCode === 401 || res.statusCode === 403) fail('public access')
        } else if (who === ANONYMOUS) {
          if (isApi && res.statusCode !== 401) fail('401')
          if (!isApi && !toSignIn) fail('302 → /sign-in')
        } else {
          const decidedPerRecord = expectation !== 'signedIn' && expectation.perRecord.includes(who)
          const allowed = expectation === 'signedIn' || expectation.may.includes(who)
          if (decidedPerRecord) {
            if (res.statusCode === 401 || toSignIn) fail('signed in')
          } else if (allowed) {
            if (res.statusCode === 401 || res.statusCode === 403 || toSignIn) fail('allowed')
          } else if (res.statusCode !== 403) {
            if (!SERVICE_ONLY.has(route)) fail('403')
            else if (res.statusCode < 400) fail('a refusal (4xx)')
            else refusedOtherwise.set(route, (refusedOtherwise.get(route) ?? 0) + 1)
          }
        }
        if (
          method !== 'GET' &&
          res.statusCode < 400 &&
          !(who === ANONYMOUS && toSignIn) &&
          !UNAUDITED.has(route)
        )
          if ((await auditRows()) <= auditedBefore) fail('an audit row for the change')
        // A partnership's admin may archive it; bring it back so the rest of the walk reaches it.
        if (res.statusCode < 400 && method !== 'GET')
          await database.db
            .update(partnerships)
            .set({ archivedAt: null })
            .where(eq(partnerships.id, partnership.id))
      }
    }
    for (const route of SERVICE_ONLY)
      if (EXPECTED[route] && EXPECTED[route] !== 'public' && !refusedOtherwise.has(route))
        failures.push(`${route} now answers 403 to every refused role: take it off SERVICE_ONLY`)
    expect(failures).toEqual([])
    // Sanity: the walk covered the partnership routes with a member, not just refusals.
    expect(member(actorWith('scrutiny', partnership.id), partnership.id)).toBe(true)
  })
})

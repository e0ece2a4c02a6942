import { expect, it } from 'vitest'
import type { Role } from '../auth/roles.ts'
import { Agent, describeIntegration, seedPartnership } from '../../../test/helpers/app.ts'

/**
 * Which groups of the service navigation each role sees, written out by hand (not derived from
 * src/navigation.ts): a data provider enters figures, so no strategy pages, and of money only its
 * own spend and the protocol it signs; only managers administer.
 */
const GROUPS: Record<Role, string[]> = {
  admin: ['Home', 'Performance', 'Strategy', 'Agreement', 'Delivery', 'Money', 'Reports', 'Administration'],
  performance_officer: [
    'Home',
    'Performance',
    'Strategy',
    'Agreement',
    'Delivery',
    'Money',
    'Reports',
    'Administration',
  ],
  outcome_lead: ['Home', 'Performance', 'Strategy', 'Agreement', 'Delivery', 'Money', 'Reports'],
  data_provider: ['Home', 'Performance', 'Agreement', 'Money', 'Administration'],
  finance_officer: ['Home', 'Performance', 'Strategy', 'Agreement', 'Delivery', 'Money', 'Reports'],
  board_member: ['Home', 'Performance', 'Strategy', 'Agreement', 'Delivery', 'Money', 'Reports'],
  scrutiny: ['Home', 'Performance', 'Strategy', 'Agreement', 'Delivery', 'Money', 'Reports'],
  government_office: ['Home', 'Performance', 'Strategy', 'Agreement', 'Delivery', 'Money', 'Reports'],
}
const ALL_ROLES = Object.keys(GROUPS) as Role[]

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim()

/** The links inside the element marked data-qa=…, up to its closing </nav>. */
function links(html: string, qa: string) {
  const start = html.indexOf(`data-qa="${qa}"`)
  if (start < 0) return []
  const block = html.slice(start, html.indexOf('</nav>', start))
  return [...block.matchAll(/<a ([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => ({
    text: text(m[2]!),
    href: /href="([^"]+)"/.exec(m[1]!)?.[1],
    current: /aria-current="([^"]+)"/.exec(m[1]!)?.[1],
  }))
}

/** What must never appear: GOV.UK's identity. */
function expectOwnIdentity(html: string) {
  expect(html).not.toMatch(/govuk-header|govuk-logo|govuk-footer__crown|govuk-footer__licence/)
  expect(html).not.toMatch(/Crown\s+copyright|Open Government Licence|GOV\.UK/)
  expect(html).toContain('data-qa="header"')
  expect(text(html.slice(html.indexOf('data-qa="header"')))).toMatch(/^[^<]*Goldthread/)
  const footer = html.slice(html.indexOf('data-qa="footer"'))
  for (const [href, label] of [
    ['/accessibility', 'Accessibility statement'],
    ['/privacy', 'Privacy notice'],
    ['/cookies', 'Cookies'],
    ['/api/v1/docs', 'API reference'],
  ])
    expect(footer).toMatch(new RegExp(`href="${href}"[^>]*>\\s*${label}\\s*</a>`))
}

describeIntegration('our own header, footer and grouped navigation', (t) => {
  it('shows each role the groups it uses, and names the partnership in the header', async () => {
    const { slug, users, partnership } = await seedPartnership(t().services, ALL_ROLES)
    for (const role of ALL_ROLES) {
      const agent = new Agent(t().app)
      await agent.signIn(users[role]!.email, users[role]!.password)
      const res = await agent.get(`/p/${slug}`)
      expect(res.statusCode, role).toBe(200)
      expect(
        links(res.body, 'service-navigation').map((l) => l.text),
        role,
      ).toEqual(GROUPS[role])
      expect(res.body).toContain(
        `data-qa="header-partnership"><span class="gt-header__partnership-name">${partnership.name}</span></a>`,
      )
      expectOwnIdentity(res.body)
    }
  })

  it('marks the current group and page, and lists the section’s pages the role may use', async () => {
    const { slug, users } = await seedPartnership(t().services, ['admin', 'data_provider'])
    const admin = new Agent(t().app)
    await admin.signIn(users.admin!.email, users.admin!.password)
    const page = await admin.get(`/p/${slug}/directory`)
    expect(page.statusCode).toBe(200)
    const groups = links(page.body, 'service-navigation')
    expect(groups.filter((g) => g.current)).toEqual([
      { text: 'Strategy', href: `/p/${slug}/strategy`, current: 'true' },
    ])
    const sub = links(page.body, 'sub-navigation')
    expect(sub.map((l) => l.text)).toEqual([
      'Strategy',
      'Directory',
      'Timetable',
      'Versions and consultation',
    ])
    expect(sub.filter((l) => l.current).map((l) => l.text)).toEqual(['Directory'])

    // A page below a section's page (a version under Versions and consultation) keeps it current.
    const versions = await admin.get(`/p/${slug}/strategy/versions`)
    expect(links(versions.body, 'sub-navigation').find((l) => l.current)?.text).toBe(
      'Versions and consultation',
    )

    // On the group's own first page, the group link is the current page.
    const dashboard = await admin.get(`/p/${slug}/dashboard`)
    expect(links(dashboard.body, 'service-navigation').find((g) => g.current)).toMatchObject({
      text: 'Performance',
      current: 'page',
    })

    const provider = new Agent(t().app)
    await provider.signIn(users.data_provider!.email, users.data_provider!.password)
    const own = await provider.get(`/p/${slug}/dashboard`)
    expect(links(own.body, 'sub-navigation').map((l) => l.text)).toEqual(['Dashboard', 'My returns'])
    expect(own.body).not.toContain(`href="/p/${slug}/directory"`)
    const admin2 = await provider.get(`/p/${slug}/workbook`)
    expect(links(admin2.body, 'service-navigation').find((g) => g.current)?.text).toBe('Administration')
    // One page in the group: no sub-navigation to choose from.
    expect(links(admin2.body, 'sub-navigation')).toEqual([])
  })

  it('answers the footer’s pages without signing in, with our identity', async () => {
    for (const url of ['/accessibility', '/privacy', '/cookies', '/api/v1/docs']) {
      const res = await t().app.inject({ url })
      expect(res.statusCode, url).toBe(200)
      expectOwnIdentity(res.body)
      // Reading them writes no session.
      expect(
        res.cookies.map((c) => c.name),
        url,
      ).not.toContain('goldthread.sid')
    }
    const statement = (await t().app.inject({ url: '/accessibility' })).body
    for (const heading of [
      'How accessible this service is',
      'Reporting accessibility problems with this service',
      'Enforcement procedure',
      'Compliance status',
      'Non-accessible content',
      'Preparation of this accessibility statement',
    ])
      expect(statement).toContain(heading)
    expect(statement).toContain('Equality and Human Rights Commission')
    expect(statement).toContain('Equality Commission for Northern Ireland')
  })

  it('names on the cookies page every cookie the service really sets', async () => {
    const { users } = await seedPartnership(t().services, ['admin'])
    const names = new Set<string>()
    const anonymous = await t().app.inject({ url: '/partnerships' })
    for (const c of anonymous.cookies) names.add(c.name)
    const agent = new Agent(t().app)
    const form = await agent.get('/sign-in')
    for (const c of form.cookies) names.add(c.name)
    const signedIn = await agent.signIn(users.admin!.email, users.admin!.password)
    for (const c of signedIn.cookies) names.add(c.name)
    expect(names.size).toBeGreaterThanOrEqual(3)
    const page = (await t().app.inject({ url: '/cookies' })).body.replaceAll('<wbr>', '')
    for (const name of names) expect(page, name).toContain(`<code>${name}</code>`)
  })
})

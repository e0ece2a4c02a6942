import { expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership, system, unique } from '../../../test/helpers/app.ts'
import type { Services } from '../../services.ts'
import { PASSWORD, seedValuesWorld, setWindow, type ValuesWorld } from '../values/values.fixtures.ts'

/** The text of one home-page section (by its data-qa), tags stripped, spaces collapsed. */
function section(html: string, qa: string): string {
  const start = html.indexOf(`data-qa="${qa}"`)
  if (start < 0) return ''
  const end = html.indexOf('</section>', start)
  return html
    .slice(start, end)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/\s+/g, ' ')
}

const base = { numerator: null, denominator: null, commentary: null, version: 0 }

async function signedIn(t: { app: ConstructorParameters<typeof Agent>[0] }, email: string) {
  const agent = new Agent(t.app)
  await agent.signIn(email, PASSWORD)
  return agent
}

async function addBoardMember(s: Services, w: ValuesWorld) {
  const email = `board.${w.slug}@example.org`
  await s.users.addMember(system, w.partnershipId, {
    email,
    name: 'Board member',
    role: 'board_member',
    organisationId: null,
    password: PASSWORD,
  })
  return email
}

// Its own database: places are shared geography, so another test's places would tick a step of
// the checklist that this test expects a new installation to show undone.
describeIntegration('the home page of a new installation', (t) => {
  it('shows a new partnership’s administrator the setup checklist, ticking itself as steps are done', async () => {
    const s = t().services
    const { slug, partnership, users } = await seedPartnership(s, ['admin'])
    const admin = new Agent(t().app)
    await admin.signIn(users.admin!.email, users.admin!.password)

    const before = section((await admin.get(`/p/${slug}`)).body, 'home-setup')
    expect(before).toContain('0 of 10 steps done')
    expect(before).toMatch(/Add the partner organisations None yet To do/)

    await s.organisations.create(system, partnership.id, {
      name: 'Police',
      type: 'police',
      dutyToCooperate: true,
    })
    const after = section((await admin.get(`/p/${slug}`)).body, 'home-setup')
    expect(after).toContain('1 of 10 steps done')
    expect(after).toMatch(/Add the partner organisations 1 organisation Done/)
  })
})

describeIntegration('the partnership home page', (t) => {
  it('shows the performance officer what awaits approval and what each organisation owes', async () => {
    const s = t().services
    const w = await seedValuesWorld(s, unique('home'))
    await setWindow(s, w, '2008/09 Q1', 'closed')
    for (const later of ['2008/09 Q2', '2008/09 Q3', '2008/09 Q4']) await setWindow(s, w, later, 'upcoming')
    const key = { indicatorId: w.crime.id, placeId: w.area.id, period: '2008/09 Q1' }
    await s.values.save(system, w.partnershipId, key, { ...base, value: 61, submit: true })

    const officer = await signedIn(t(), w.users.officer.email)
    const res = await officer.get(`/p/${w.slug}`)
    expect(
      res.statusCode,
      res.body
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(-1500),
    ).toBe(200)
    const html = res.body
    const approvals = section(html, 'home-approvals')
    expect(approvals).toContain('1 value submitted and waiting for a second person to approve it')
    expect(approvals).toMatch(/L 01, County home-\S+ Late 2008\/09 Q1 Police/)
    // The council has not returned L 02 for Q1, which has closed.
    expect(approvals).toMatch(/Overdue returns by organisation .*County Council 2008\/09 Q1 1 /)
    expect(section(html, 'home-setup')).toMatch(/\d+ of 9 steps done/)
    expect(section(html, 'home-returns')).toBe('')
  })

  it('shows a data provider their returns, and why a value came back', async () => {
    const s = t().services
    const w = await seedValuesWorld(s, unique('home'))
    await setWindow(s, w, '2008/09 Q1', 'open')
    const key = { indicatorId: w.crime.id, placeId: w.districts[0]!.id, period: '2008/09 Q1' }
    const { value: saved } = await s.values.save(system, w.partnershipId, key, {
      ...base,
      value: 58,
      submit: true,
    })
    const officer = await s.auth.actorForUser(w.users.officer.userId)
    await s.values.returnValue(officer!, w.partnershipId, saved.id, {
      reason: 'The denominator looks like last year’s',
      version: saved.version,
    })

    const police = await signedIn(t(), w.users.police.email)
    const html = (await police.get(`/p/${w.slug}`)).body
    const returns = section(html, 'home-returns')
    expect(returns).toMatch(/2008\/09 Q1 : due by/)
    expect(returns).toContain('1 returned to you')
    expect(returns).toContain(
      `L 01, ${w.districts[0]!.name} (2008/09 Q1) : “The denominator looks like last year’s”`,
    )
    expect(section(html, 'home-approvals')).toBe('')
    expect(section(html, 'home-setup')).toBe('')
    expect(section(html, 'home-headline')).toBe('')
  })

  it('shows a board member the headline and what slipped since the period before', async () => {
    const s = t().services
    const w = await seedValuesWorld(s, unique('home'))
    const at = (period: string) => ({ indicatorId: w.crime.id, placeId: w.area.id, period })
    // L 01 is a percentage, higher is better, 60 for 2008/09: green in Q1, red in Q2.
    await s.values.save(system, w.partnershipId, at('2008/09 Q1'), { ...base, value: 70, submit: true })
    await s.values.save(system, w.partnershipId, at('2008/09 Q2'), { ...base, value: 40, submit: true })

    const board = await signedIn(t(), await addBoardMember(s, w))
    const html = (await board.get(`/p/${w.slug}`)).body
    const headline = section(html, 'home-headline')
    expect(headline).toMatch(/Red 1 target/)
    expect(headline).toMatch(/Slipped L 01 Indicator L 01 : Green in 2008\/09 Q1, Red in 2008\/09 Q2/)
    expect(html).toMatch(/<svg [^>]*class="gt-bar"[^>]*role="img"/)
    expect(section(html, 'home-setup')).toBe('')
    expect(section(html, 'home-approvals')).toBe('')
  })
})

import { expect, it } from 'vitest'
import { Agent, describeIntegration, seedPartnership, system, unique } from '../../../test/helpers/app.ts'
import { buildIndicator } from '../../../test/helpers/factories.ts'
import type { Services } from '../../services.ts'
import { targetCreate } from '../targets/targets.schema.ts'
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
    // L 02 has no value: not rated, so the counts add up to every target.
    expect(headline).toMatch(/Green 0 targets Amber 0 targets Red 1 target Not rated 1 target/)
    expect(headline).toContain('2 targets in all.')
    expect(headline).toMatch(/Slipped L 01 Indicator L 01 : Green in 2008\/09 Q1, Red in 2008\/09 Q2/)
    expect(html).toMatch(/<svg [^>]*class="gt-bar"[^>]*role="img"/)
    expect(section(html, 'home-setup')).toBe('')
    expect(section(html, 'home-approvals')).toBe('')
  })

  /**
   * A world with a strategy (theme 1, outcomes 1.1 and 1.2), an outcome lead who leads 1.1 in the
   * directory, and three percentage targets (60 for 2008/09, higher is better): two of 1.1, one of 1.2.
   */
  async function outcomeLeadWorld(s: Services) {
    const w = await seedValuesWorld(s, unique('home-lead'))
    const pid = w.partnershipId
    await s.strategy.startVersion(system, pid, { title: 'Strategy' })
    const theme = await s.strategyNodes.createNode(system, pid, 1, {
      kind: 'theme',
      title: 'Safer',
      tagIds: [],
    })
    const outcome = (ref: string, title: string) =>
      s.strategyNodes.createNode(system, pid, 1, {
        kind: 'outcome',
        parentId: theme.id,
        ref,
        title,
        tagIds: [],
      })
    const mine = await outcome('1.1', 'Streets are safer')
    await outcome('1.2', 'Roads are safer')
    const email = `lead.${w.slug}@example.org`
    await s.users.addMember(system, pid, {
      email,
      name: 'Tom Lead',
      role: 'outcome_lead',
      organisationId: null,
      password: PASSWORD,
    })
    const person = (await s.directory.candidates(system, pid)).people.find((p) => p.email === email)!
    await s.directory.set(system, pid, mine.id, {
      leadPartnership: null,
      boardChampionId: null,
      executiveOfficerId: null,
      outcomeLeadId: person.id,
    })
    const agreement = (await s.agreements.list(system, pid))[0]!
    const target = async (title: string, outcomeRef: string, q1: number, q2: number) => {
      const i = await buildIndicator(s, pid, { title, unit: 'percent', combine: 'ratio', polarity: 'higher' })
      await s.targets.create(
        system,
        pid,
        agreement.id,
        targetCreate.parse({
          indicatorCode: i.code,
          kind: 'designated',
          status: 'agreed',
          outcomeRefs: [outcomeRef],
          trajectory: [{ period: '2008/09', value: 60 }],
        }),
      )
      for (const [period, value] of [
        ['2008/09 Q1', q1],
        ['2008/09 Q2', q2],
      ] as const)
        await s.values.save(
          system,
          pid,
          { indicatorId: i.id, placeId: w.area.id, period },
          { ...base, value, submit: true },
        )
      return i.code
    }
    return {
      w,
      email,
      amber: await target('Amber of mine', '1.1', 70, 58.5),
      red: await target('Red of mine', '1.1', 40, 41),
      other: await target('Red of another', '1.2', 40, 40),
    }
  }

  it('shows an outcome lead their own targets off track, red first, and what is asked of them', async () => {
    const s = t().services
    const { w, email, amber, red, other } = await outcomeLeadWorld(s)
    // Q1 has closed: each target's outcome lead is asked for its commentary.
    await setWindow(s, w, '2008/09 Q1', 'closed')
    await s.commentary.requestForRound(system, w.partnershipId, w.rounds['2008/09 Q1']!)

    const lead = await signedIn(t(), email)
    const res = await lead.get(`/p/${w.slug}`)
    expect(res.statusCode).toBe(200)
    const own = section(res.body, 'home-outcome-lead')
    expect(own).toContain('You lead 1 outcome: 1.1 Streets are safer . 2 targets are linked to it.')
    expect(own).toContain('2 of your targets are red or amber')
    expect(own).toMatch(
      new RegExp(
        `${red} Red of mine 1\.1 Streets are safer 2008/09 Q2 41\.0% 60\.0% Red .*${amber} Amber of mine .* Amber`,
      ),
    )
    expect(own).not.toContain(other)
    expect(own).toContain(
      `An improvement plan for ${red} Red of mine : Red in two periods running, latest 2008/09 Q2`,
    )
    expect(own).toContain(
      'Fill the directory for 1.1 Streets are safer : no lead partnership, strategic board champion, executive officer',
    )
    expect(own).toMatch(new RegExp(`Commentary on ${amber} Amber of mine for 2008/09 Q1 , due `))
    expect(own).toMatch(new RegExp(`Commentary on ${red} Red of mine for 2008/09 Q1 , due `))
    expect(own).not.toContain(`Commentary on ${other}`)
    // The off-track targets link to the target behind them.
    expect(res.body.match(/data-qa="home-off-track-row"/g)).toHaveLength(2)
    // And the partnership's headline, as the board sees it.
    expect(section(res.body, 'home-headline')).toMatch(/Red 2 targets/)
  })

  it('tells an outcome lead the directory names them for no outcome', async () => {
    const s = t().services
    const w = await seedValuesWorld(s, unique('home-lead'))
    const email = `lead.${w.slug}@example.org`
    await s.users.addMember(system, w.partnershipId, {
      email,
      name: 'Ann Lead',
      role: 'outcome_lead',
      organisationId: null,
      password: PASSWORD,
    })
    const html = (await (await signedIn(t(), email)).get(`/p/${w.slug}`)).body
    expect(section(html, 'home-outcome-lead')).toContain(
      'does not name you as the outcome lead of any outcome',
    )
    expect(section(html, 'home-headline')).toContain('2 targets in all')
  })
})

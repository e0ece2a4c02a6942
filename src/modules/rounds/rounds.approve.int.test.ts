import { inArray } from 'drizzle-orm'
import { beforeEach, expect, it } from 'vitest'
import { dataValues } from '../../db/schema/index.ts'
import { Agent, describeIntegration, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, setWindow, type ValuesWorld } from '../values/values.fixtures.ts'

describeIntegration('the round’s awaiting-approval list', (t) => {
  let w: ValuesWorld
  const ids: Record<string, string> = {}
  const page = () => `/p/${w.slug}/rounds/${w.rounds['2008/09 Q1']}`

  beforeEach(async () => {
    const s = t().services
    w = await seedValuesWorld(s, unique('approvesel'))
    await setWindow(s, w, '2008/09 Q1', 'open')
    const actor = async (who: 'police' | 'council' | 'officer') =>
      (await s.auth.actorForToken(w.users[who].token))!
    const submit = async (
      name: string,
      who: 'police' | 'council' | 'officer',
      key: { indicatorId: string; placeId: string },
      value: number,
      commentary: string | null,
    ) => {
      const r = await s.values.save(
        await actor(who),
        w.partnershipId,
        { ...key, period: '2008/09 Q1' },
        { value, numerator: null, denominator: null, commentary, version: 0, submit: true },
      )
      ids[name] = r.value.id
    }
    await submit(
      'crimeArea',
      'police',
      { indicatorId: w.crime.id, placeId: w.area.id },
      62.5,
      'Survey wave 1',
    )
    await submit('crimeNorth', 'police', { indicatorId: w.crime.id, placeId: w.districts[0]!.id }, 57, null)
    await submit('wasteArea', 'council', { indicatorId: w.waste.id, placeId: w.area.id }, 950, 'Tonnage')
    await submit('crimeSouth', 'officer', { indicatorId: w.crime.id, placeId: w.districts[1]!.id }, 59, null)
  })

  const statuses = async () =>
    new Map(
      (
        await t()
          .database.db.select()
          .from(dataValues)
          .where(inArray(dataValues.id, Object.values(ids)))
      ).map((r) => [r.id, r.status]),
    )

  it('shows value, status and commentary, with a box to tick for each value the officer may approve', async () => {
    const officer = new Agent(t().app)
    await officer.signIn(w.users.officer.email, w.users.officer.password)
    const res = await officer.get(page())
    expect(res.statusCode).toBe(200)
    const row = (id: string) => {
      const at = res.body.indexOf(`/values/${id}"`)
      const start = res.body.lastIndexOf('<tr', at)
      return res.body.slice(start, res.body.indexOf('</tr>', at))
    }
    expect(row(ids.crimeArea!)).toContain('62.5%')
    expect(row(ids.crimeArea!)).toContain('Submitted')
    expect(row(ids.crimeArea!)).toContain('Survey wave 1')
    expect(row(ids.wasteArea!)).toContain('950')
    expect(row(ids.wasteArea!)).toContain('Tonnage')
    expect(row(ids.crimeArea!)).toContain(`name="ids" type="checkbox" value="${ids.crimeArea}"`)
    // The officer entered this one: a second person approves it.
    expect(row(ids.crimeSouth!)).not.toContain('type="checkbox"')
    expect(row(ids.crimeSouth!)).toContain('data-qa="own-entry"')
    expect(res.body).toContain('data-qa="approve-selected"')

    const provider = new Agent(t().app)
    await provider.signIn(w.users.police.email, w.users.police.password)
    const theirs = await provider.get(page())
    expect(theirs.body).toContain('Survey wave 1')
    expect(theirs.body).not.toContain('data-qa="approve-selected"')
  })

  it('approves the ticked values with one button, and says why when it cannot', async () => {
    const officer = new Agent(t().app)
    await officer.signIn(w.users.officer.email, w.users.officer.password)
    const none = await officer.submit(page(), `${page()}/approve`, {})
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Select the values to approve')

    const own = await officer.submit(page(), `${page()}/approve`, { ids: [ids.crimeArea!, ids.crimeSouth!] })
    expect(own.statusCode).toBe(403)
    expect(own.body).toContain('someone else must approve it')
    expect((await statuses()).get(ids.crimeArea!)).toBe('submitted')

    const done = await officer.submit(page(), `${page()}/approve`, { ids: [ids.crimeArea!, ids.wasteArea!] })
    expect(done.statusCode, done.body).toBe(302)
    const after = await statuses()
    expect(after.get(ids.crimeArea!)).toBe('approved')
    expect(after.get(ids.wasteArea!)).toBe('approved')
    expect(after.get(ids.crimeNorth!)).toBe('submitted')
    expect((await officer.get(page())).body).toContain('2 values approved')

    const again = await officer.submit(page(), `${page()}/approve`, { ids: [ids.crimeArea!] })
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('no longer waiting for approval')

    const provider = new Agent(t().app)
    await provider.signIn(w.users.police.email, w.users.police.password)
    const refused = await provider.submit(page(), `${page()}/approve`, { ids: [ids.crimeNorth!] })
    expect(refused.statusCode).toBe(403)
    expect((await statuses()).get(ids.crimeNorth!)).toBe('submitted')
  })
})

import { sql } from 'drizzle-orm'
import { beforeEach, expect, it } from 'vitest'
import { bearer, describeIntegration, seedPartnership, system, unique } from '../../../test/helpers/app.ts'
import { testEngine } from '../../../test/helpers/db.ts'
import { ukDate } from '../../lib/clock.ts'
import { addDays } from '../auth/tokens.ts'
import { seedValuesWorld, setWindow, type ValuesWorld } from '../values/values.fixtures.ts'
import type { ChangeDoc } from './changes.schema.ts'

interface Page {
  data: ChangeDoc[]
  cursor: string | null
  next: string
  more: boolean
}

describeIntegration('the changes feed: approved values and statuses, polled with a cursor', (t) => {
  let w: ValuesWorld
  /** A read-only token of the administrator, for this partnership only: what a partner's system holds. */
  let reader: string
  const api = () => `/api/v1/partnerships/${w.slug}`
  const call = (who: keyof ValuesWorld['users'], method: 'PUT' | 'POST', path: string, body: object) =>
    t().app.inject({ method, url: api() + path, headers: bearer(w.users[who].token), payload: body })
  const read = async (url: string, token = reader) => {
    const res = await t().app.inject({ url, headers: bearer(token) })
    expect(res.statusCode, res.body).toBe(200)
    return res.json<Page>()
  }
  /** Every page from `url` on, following `next` while more are waiting. */
  async function readAll(url: string) {
    const pages: Page[] = []
    for (let next = url; ;) {
      const page = await read(next)
      pages.push(page)
      if (!page.more) return { pages, last: page }
      next = page.next
    }
  }
  const enter = async (place: { id: string }, value: number, submit: boolean) => {
    const res = await call('officer', 'PUT', '/values', {
      indicatorId: w.crime.id,
      placeId: place.id,
      period: '2008/09 Q1',
      value,
      submit,
      version: 0,
    })
    expect(res.statusCode, res.body).toBe(200)
    return res.json().data as { id: string; version: number }
  }
  const approve = async (v: { id: string; version: number }) => {
    const res = await call('admin', 'POST', `/values/${v.id}/approve`, { version: v.version })
    expect(res.statusCode, res.body).toBe(200)
  }

  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('feed'))
    await setWindow(t().services, w, '2008/09 Q1', 'open')
    const ctx = await t().services.partnerships.resolve(system, w.slug)
    reader = (
      await t().services.auth.createToken(system, w.users.admin.userId, 'partner system', {
        partnershipId: ctx.partnership.id,
        access: 'read',
        expiresOn: addDays(ukDate(new Date()), 30),
      })
    ).secret
  })

  it('lists an approved value and its new status, never a draft or submitted one, and pages with the cursor', async () => {
    const approved = await enter(w.districts[0]!, 61.5, true)
    const pending = await enter(w.districts[1]!, 59.25, true) // submitted, not approved (yet)
    await enter(w.area, 77.75, false) // a draft
    await approve(approved)

    const all = await read(`${api()}/changes?limit=500`)
    expect(all.more).toBe(false)
    const values = all.data.filter((c) => c.type === 'value_approved')
    expect(values).toEqual([
      expect.objectContaining({
        type: 'value_approved',
        indicator_code: w.crime.code,
        place_gss: w.districts[0]!.gss,
        period: '2008/09 Q1',
        value: 61.5,
        value_id: approved.id,
        action: 'approved',
      }),
    ])
    const statuses = all.data.filter(
      (c) => c.type === 'status' && c.place_gss === w.districts[0]!.gss && c.period === '2008/09 Q1',
    )
    expect(statuses.at(-1)).toMatchObject({ type: 'status', indicator_code: w.crime.code, value: 61.5 })
    expect(statuses.at(-1)!.at >= values[0]!.at).toBe(true)
    // Nothing of the submitted or the draft value, in any change.
    for (const c of all.data) expect([59.25, 77.75]).not.toContain(c.value)
    // In time order, each cursor once.
    const times = all.data.map((c) => c.at)
    expect([...times].sort()).toEqual(times)
    expect(new Set(all.data.map((c) => c.cursor)).size).toBe(all.data.length)

    // Small pages walk the same changes, in the same order, without a gap or a repeat.
    const { pages, last } = await readAll(`${api()}/changes?limit=7`)
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.flatMap((p) => p.data).map((c) => c.cursor)).toEqual(all.data.map((c) => c.cursor))
    expect(last.cursor).toBe(all.data.at(-1)!.cursor)

    // Polling `next` again: nothing new, and the same place to poll from.
    const quiet = await read(last.next)
    expect(quiet).toMatchObject({ data: [], more: false, cursor: last.cursor })
    expect(quiet.next).toBe(last.next)

    // A value approved later is what the next poll brings, with its status.
    await approve(pending)
    const later = await read(last.next)
    expect(later.data.filter((c) => c.type === 'value_approved').map((c) => c.value)).toEqual([59.25])
    expect(later.data.some((c) => c.type === 'status' && c.place_gss === w.districts[1]!.gss)).toBe(true)
    expect(later.data.every((c) => c.at >= last.data.at(-1)!.at)).toBe(true)
  })

  // PGlite runs one transaction at a time, so nothing can commit behind a poll there.
  it.skipIf(testEngine() !== 'postgres')(
    'holds back changes made after a transaction still open began, so a cursor never passes what it may yet commit',
    async () => {
      const first = await enter(w.districts[0]!, 61.5, true)
      await approve(first)
      const before = await read(`${api()}/changes?limit=500`)
      expect(before.data.some((c) => c.value === 61.5)).toBe(true)

      // A long import's transaction begins (on another connection of the pool) and stays open.
      let finish!: () => void
      const open = new Promise<void>((r) => (finish = r))
      let begun!: () => void
      const started = new Promise<void>((r) => (begun = r))
      const importing = t().database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`)
        begun()
        await open
      })
      await started
      // A quick approval commits meanwhile: a poll must not hand out a cursor past it yet, or the
      // import's rows (written earlier, committed later) would land behind that cursor.
      const second = await enter(w.districts[1]!, 59.25, true)
      await approve(second)
      const during = await read(before.next)
      expect(during.data.map((c) => c.value)).not.toContain(59.25)
      expect(during.cursor).toBe(before.cursor)

      finish()
      await importing
      const after = await read(before.next)
      expect(after.data.filter((c) => c.type === 'value_approved').map((c) => c.value)).toEqual([59.25])
    },
  )

  it('refuses a cursor it did not give with 400 naming `since`', async () => {
    const bad = [
      'not a cursor',
      'bm90LWpzb24',
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000Z', 'x', 'y'])).toString('base64url'),
      Buffer.from(JSON.stringify(['yesterday', 'a', '00000000-0000-0000-0000-000000000000'])).toString(
        'base64url',
      ),
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000Z', 'v', 'not-a-key'])).toString('base64url'),
    ]
    for (const since of bad) {
      const res = await t().app.inject({
        url: `${api()}/changes?since=${encodeURIComponent(since)}`,
        headers: bearer(reader),
      })
      expect(res.statusCode, since).toBe(400)
      expect(res.json().error.fields.since).toMatch(/cursor/)
    }
    const limit = await t().app.inject({ url: `${api()}/changes?limit=0`, headers: bearer(reader) })
    expect(limit.statusCode).toBe(422)
    expect(Object.keys(limit.json().error.fields)).toContain('limit')
  })

  it('answers members only, and refuses the feed to a token of another partnership', async () => {
    const other = await seedPartnership(t().services, ['admin'])
    const res = await t().app.inject({ url: `${api()}/changes`, headers: bearer(other.users.admin!.token) })
    expect(res.statusCode).toBe(404)
    expect((await t().app.inject({ url: `${api()}/changes` })).statusCode).toBe(401)
    const refused = await t().app.inject({ method: 'POST', url: `${api()}/changes`, headers: bearer(reader) })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.id).toBe('token_read_only')
  })
})

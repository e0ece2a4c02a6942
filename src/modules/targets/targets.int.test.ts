import { expect, it } from 'vitest'
import { bearer, describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { completeIndicators, localIndicators, seedAgreement, seedStrategy } from './targets.fixtures.ts'

describeIntegration('targets', (t) => {
  async function setUp(roles: Parameters<typeof seedPartnership>[1] = ['performance_officer']) {
    const { services, app } = t()
    const seeded = await seedPartnership(services, roles)
    const agreement = await seedAgreement(services, seeded.partnership.id)
    const token = seeded.users[roles[0]!]!.token
    const post = (payload: object, tok = token) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/partnerships/${seeded.slug}/agreements/${agreement.id}/targets`,
        headers: bearer(tok),
        payload,
      })
    const list = async () =>
      (
        await app.inject({
          url: `/api/v1/partnerships/${seeded.slug}/agreements/${agreement.id}/targets`,
          headers: bearer(token),
        })
      ).json().data as { indicator: { code: string }; kind: string }[]
    return { ...seeded, agreement, post, list, h: bearer(token) }
  }

  it('refuses a 36th designated target, naming the limit; mandatory and local do not count', async () => {
    const { services } = t()
    const s = await setUp()
    const codes = await localIndicators(services, s.partnership.id, 40)
    for (const code of codes.slice(0, 35)) {
      const r = await s.post({ indicatorCode: code, kind: 'designated', status: 'agreed' })
      expect(r.statusCode, JSON.stringify(r.json())).toBe(201)
    }
    const local = await s.post({ indicatorCode: codes[35], kind: 'local', status: 'proposed' })
    expect(local.statusCode).toBe(201)
    const mandatory = await s.post({ indicatorCode: codes[36], kind: 'mandatory', status: 'agreed' })
    expect(mandatory.statusCode).toBe(201)
    const over = await s.post({ indicatorCode: codes[37], kind: 'designated', status: 'proposed' })
    expect(over.statusCode).toBe(422)
    expect(over.json().error.fields.kind).toMatch(/at most 35 designated targets/)
    expect((await s.list()).length).toBe(37)
    // Turning the local target designated is refused too.
    const localId = local.json().data.id
    const change = await t().app.inject({
      method: 'PUT',
      url: `/api/v1/partnerships/${s.slug}/targets/${localId}`,
      headers: s.h,
      payload: { kind: 'designated', status: 'proposed' },
    })
    expect(change.statusCode).toBe(422)
    expect(change.json().error.fields.kind).toMatch(/at most 35/)
  })

  it('checks trajectory periods against the indicator’s frequency and the agreement’s years', async () => {
    const { services, app } = t()
    const s = await setUp()
    await completeIndicators(services, s.partnership.id, ['NI 19'], {
      frequency: 'annual',
      polarity: 'lower',
    })
    await completeIndicators(services, s.partnership.id, ['NI 16'], {
      frequency: 'quarterly',
      polarity: 'lower',
    })
    const bad = await s.post({
      indicatorCode: 'NI 19',
      kind: 'designated',
      status: 'proposed',
      trajectory: [
        { period: '2008/09', value: 20 },
        { period: '2008/09 Q1', value: 20 },
        { period: '2011/12', value: 19 },
        { period: '2009/13', value: 19 },
        { period: '2009/10', value: 19, placeGss: 'E99999999' },
      ],
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.fields).toEqual({
      'trajectory.1.period': expect.stringMatching(/NI 19 is measured annually.*not quarters/),
      'trajectory.2.period': '2011/12 is outside the agreement (2008/09 - 2010/11)',
      'trajectory.3.period': expect.stringMatching(/second year must follow the first/),
      'trajectory.4.placeGss': 'No place has the GSS code E99999999',
    })
    expect(await s.list()).toEqual([])

    const ok = await s.post({
      indicatorCode: 'ni16',
      kind: 'designated',
      status: 'negotiating',
      baselinePeriod: '2007/08',
      baselineValue: '1,234',
      trajectory: [
        { period: '2008/09', value: 1200 },
        { period: '2008/09 q1', value: 310 },
        { period: '2009/10', value: 1150 },
      ],
    })
    expect(ok.statusCode, JSON.stringify(ok.json())).toBe(201)
    const doc = ok.json().data
    expect(doc.baseline).toEqual({ period: '2007/08', value: 1234 })
    expect(doc.tolerancePercent).toBe(5)
    expect(doc.trajectory.map((r: { period: string }) => r.period)).toEqual([
      '2008/09',
      '2008/09 Q1',
      '2009/10',
    ])

    // Replacing the trajectory keeps history; a period outside is refused and nothing changes.
    const put = (rows: object[]) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/partnerships/${s.slug}/targets/${doc.id}/trajectory`,
        headers: s.h,
        payload: { rows },
      })
    expect((await put([{ period: '2012/13', value: 1 }])).json().error.fields['trajectory.0.period']).toMatch(
      /outside the agreement/,
    )
    const replaced = await put([
      { period: '2008/09', value: 1190 },
      { period: '2010/11', value: 1100 },
    ])
    expect(
      replaced.json().data.map((r: { period: string; value: number }) => `${r.period}=${r.value}`),
    ).toEqual(['2008/09=1190', '2010/11=1100'])
  })

  it('gives a clear field error for each bad input and writes nothing', async () => {
    const { services } = t()
    const s = await setUp()
    await completeIndicators(services, s.partnership.id, ['NI 19'])
    await seedStrategy(services, s.partnership.id, [2])
    const cases: [object, Record<string, RegExp>][] = [
      [
        { indicatorCode: 'NI 999', kind: 'local', status: 'proposed' },
        { indicatorCode: /NI 999 is not in the indicator catalogue/ },
      ],
      [{ indicatorCode: 'NI 31', kind: 'local', status: 'proposed' }, { indicatorCode: /withdrawn/ }],
      [
        { indicatorCode: 'NI 19', kind: 'reward', status: 'proposed' },
        {
          withoutRewardValue: /expected without the reward/,
          stretchValue: /stretched target/,
          rewardGrant: /maximum reward grant/,
        },
      ],
      [
        { indicatorCode: 'NI 19', kind: 'local', status: 'proposed', tolerancePercent: -2 },
        { tolerancePercent: /cannot be negative/ },
      ],
      [
        { indicatorCode: 'NI 19', kind: 'local', status: 'proposed', outcomeRefs: '1.1; 9.9' },
        { outcomeRefs: /No outcome 9.9/ },
      ],
      [
        { indicatorCode: 'NI 19', kind: 'local', status: 'proposed', outcomeRefs: ['1'] },
        { outcomeRefs: /1 is a theme/ },
      ],
      [
        { indicatorCode: 'NI 19', kind: 'local', status: 'proposed', placeGss: 'E07099999' },
        { placeGss: /No place has the GSS code/ },
      ],
      [
        { indicatorCode: 'NI 19', kind: 'local', status: 'proposed', baselineValue: 3 },
        { baselinePeriod: /period of the baseline/ },
      ],
      [
        { indicatorCode: 'NI 19', kind: 'spaceship', status: 'maybe' },
        { kind: /kind/, status: /status/ },
      ],
    ]
    for (const [payload, expected] of cases) {
      const r = await s.post(payload)
      expect(r.statusCode, JSON.stringify(payload)).toBe(422)
      const fields = r.json().error.fields
      expect(Object.keys(fields).sort(), JSON.stringify(fields)).toEqual(Object.keys(expected).sort())
      for (const [k, re] of Object.entries(expected)) expect(fields[k]).toMatch(re)
    }
    expect(await s.list()).toEqual([])
    const { rows } = await services.audit.list(system, s.partnership.id, {
      entityType: 'target',
      limit: 5,
      offset: 0,
    })
    expect(rows).toEqual([])

    const reward = await s.post({
      indicatorCode: 'NI 19',
      kind: 'reward',
      status: 'proposed',
      outcomeRefs: '1.2',
      withoutRewardValue: 20.5,
      stretchValue: '20.3%',
      rewardGrant: '£423,000',
    })
    expect(reward.statusCode).toBe(201)
    expect(reward.json().data).toMatchObject({
      reward: { withoutRewardValue: 20.5, stretchValue: 20.3, rewardGrant: 423000 },
      outcomes: [{ ref: '1.2', title: 'Outcome 1.2' }],
    })
    const dup = await s.post({ indicatorCode: 'NI 19', kind: 'local', status: 'proposed' })
    expect(dup.json().error.fields.indicatorCode).toMatch(/already has a target/)
  })

  it('hides another partnership’s targets and refuses edits from read-only roles', async () => {
    const { services, app } = t()
    const a = await setUp(['performance_officer', 'board_member'])
    const b = await setUp(['admin'])
    await completeIndicators(services, a.partnership.id, ['NI 8'])
    const created = await a.post({ indicatorCode: 'NI 8', kind: 'local', status: 'proposed' })
    const id = created.json().data.id
    const cross = await app.inject({ url: `/api/v1/partnerships/${b.slug}/targets/${id}`, headers: b.h })
    expect(cross.statusCode).toBe(404)
    const board = await a.post(
      { indicatorCode: 'NI 8', kind: 'local', status: 'proposed' },
      a.users.board_member!.token,
    )
    expect(board.statusCode).toBe(403)
    const read = await app.inject({
      url: `/api/v1/partnerships/${a.slug}/targets/${id}`,
      headers: bearer(a.users.board_member!.token),
    })
    expect(read.statusCode).toBe(200)
  })
})

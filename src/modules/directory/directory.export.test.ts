import { describe, expect, it } from 'vitest'
import { CsvParser } from '../../workbook/csv.ts'
import { directoryCsv } from './directory.export.ts'
import type { DirectoryRow } from './directory.service.ts'

describe('directory download', () => {
  it('keeps a title or name that would run as a formula from running', () => {
    const row = {
      nodeId: 'n',
      key: 'k',
      ref: '-1',
      kind: 'outcome',
      title: '=HYPERLINK("http://evil.example","Safer")',
      depth: 0,
      theme: '@SUM(A1)',
      themeId: 't',
      roles: {
        lead_partnership: { name: '+cmd|x' },
        board_champion: null,
        executive_officer: null,
        outcome_lead: { name: 'Ann', email: '-a@example.org' },
      },
      missing: [],
    } as unknown as DirectoryRow
    const parser = new CsvParser()
    const [, cells] = parser.push(directoryCsv([row]))
    expect(cells!.slice(0, 4)).toEqual([
      '-1',
      `'=HYPERLINK("http://evil.example","Safer")`,
      "'@SUM(A1)",
      "'+cmd|x",
    ])
    expect(cells).toContain("'-a@example.org")
  })
})

import { describe, expect, it } from 'vitest'
import { ImportReport } from '../../workbook/report.ts'
import { parseRecord } from '../../workbook/sheets.ts'
import { valuesSpec } from './values.sheet.ts'
import { checkValueRow, stageLine, type RowContext, type ValueRecord } from './values.import.rows.ts'

const AREA = '00000000-0000-4000-8000-00000000000a'
const DISTRICT = '00000000-0000-4000-8000-00000000000d'
const indicators = {
  'l p01': {
    id: 'ind-p',
    code: 'L P01',
    unit: 'percent',
    ratePer: null,
    frequency: 'quarterly',
    responsibleOrganisationId: 'police',
  },
  'l c01': {
    id: 'ind-c',
    code: 'L C01',
    unit: 'count',
    ratePer: null,
    frequency: 'quarterly',
    responsibleOrganisationId: 'council',
  },
  'l r01': {
    id: 'ind-r',
    code: 'L R01',
    unit: 'rate',
    ratePer: 1000,
    frequency: 'monthly',
    responsibleOrganisationId: null,
  },
  'l m01': {
    id: 'ind-m',
    code: 'L M01',
    unit: 'money',
    ratePer: null,
    frequency: 'annual',
    responsibleOrganisationId: 'council',
  },
} as const

const ctx = (over: Partial<RowContext> = {}): RowContext => ({
  indicator: (code) => indicators[code.toLowerCase().replace(/\s+/g, ' ') as keyof typeof indicators],
  place: (gss) =>
    gss === 'E07000129'
      ? { id: DISTRICT, gssCode: gss, name: 'Blaby', archivedAt: null }
      : gss === 'E07000130'
        ? { id: 'old', gssCode: gss, name: 'Old district', archivedAt: new Date() }
        : undefined,
  areaPlaceId: AREA,
  organisationName: (id) => (id === 'council' ? 'County Council' : id === 'police' ? 'Police' : null),
  mayEnter: () => true,
  expected: () => undefined,
  windowProblem: () => null,
  ...over,
})

const rec = (r: Partial<ValueRecord>): ValueRecord => ({
  indicator_code: 'L P01',
  place_gss: null,
  period: '2008/09 Q1',
  value: null,
  numerator: null,
  denominator: null,
  commentary: null,
  ...r,
})

describe('Values sheet rows', () => {
  it('parses cells as people type them: codes, blank places, 45%, thousands separators', () => {
    const report = new ImportReport()
    const parsed = parseRecord(
      valuesSpec,
      2,
      {
        indicator_code: 'l p01',
        place_gss: 'e07000129',
        period: '2008/09 q1',
        value: '45%',
        numerator: '1,200',
        denominator: undefined,
        commentary: 'Up',
      },
      report,
    )
    expect(report.problems()).toEqual([])
    expect(parsed).toEqual({
      indicator_code: 'l p01',
      place_gss: 'E07000129',
      period: '2008/09 q1',
      value: 45,
      numerator: 1200,
      denominator: null,
      commentary: 'Up',
    })
    const bad = new ImportReport()
    parseRecord(
      valuesSpec,
      3,
      { indicator_code: undefined, place_gss: 'Leics', period: undefined, value: 'lots' },
      bad,
    )
    expect(bad.problems()).toEqual([
      'Values!3 indicator_code: enter a value: this column is required',
      'Values!3 place_gss: must be a GSS code: a letter (E, W, S, N or K) and 8 digits, like E10000018 (found "Leics")',
      'Values!3 period: enter a value: this column is required',
      'Values!3 value: must be a number, like 1,234.5 or 45% (found "lots")',
    ])
  })

  it('stages a good row with the canonical period, the area for a blank place and the derived value', () => {
    const out = checkValueRow(
      7,
      rec({ indicator_code: 'l  p01', period: '2008/09 q1', numerator: 1, denominator: 4 }),
      ctx(),
    )
    expect(out.problems).toEqual([])
    expect(out.staged).toEqual({
      row: 7,
      ok: true,
      indicatorId: 'ind-p',
      placeId: AREA,
      period: '2008/09 Q1',
      periodType: 'quarter',
      value: 25,
      numerator: 1,
      denominator: 4,
      commentary: null,
    })
    const rate = checkValueRow(
      8,
      rec({
        indicator_code: 'L R01',
        place_gss: 'E07000129',
        period: '2008-04',
        numerator: 5,
        denominator: 2000,
      }),
      ctx(),
    )
    expect(rate.staged).toMatchObject({
      placeId: DISTRICT,
      period: '2008-04',
      periodType: 'month',
      value: 2.5,
    })
    // A value given with its parts must agree with them.
    expect(checkValueRow(9, rec({ value: 25, numerator: 1, denominator: 4 }), ctx()).problems).toEqual([])
    expect(checkValueRow(9, rec({ value: 30, numerator: 1, denominator: 4 }), ctx()).problems).toEqual([
      {
        column: 'value',
        message: 'the value does not match the numerator and denominator (25): leave it blank',
      },
    ])
  })

  it('names every problem of a row, by column', () => {
    const problems = (r: Partial<ValueRecord>, c?: Partial<RowContext>) =>
      checkValueRow(2, rec(r), ctx(c)).problems
    expect(problems({ indicator_code: 'X 9', place_gss: 'E99999999', period: '2008/13' })).toEqual([
      { column: 'indicator_code', message: 'no indicator with code X 9 in this partnership' },
      { column: 'place_gss', message: 'no place with GSS code E99999999' },
      {
        column: 'period',
        message: '2008/13 is not a financial year: the second year must follow the first, like 2008/09',
      },
    ])
    expect(problems({ value: 101 })).toEqual([
      { column: 'value', message: 'a percentage must be between 0 and 100' },
    ])
    expect(problems({ numerator: 5, denominator: 4 })).toEqual([
      {
        column: 'numerator',
        message: 'the numerator must not be more than the denominator for a percentage',
      },
    ])
    expect(problems({ numerator: 1, denominator: 0 })).toEqual([
      { column: 'denominator', message: 'the denominator must be more than 0' },
    ])
    expect(problems({ numerator: 1 })).toEqual([
      { column: 'denominator', message: 'enter the denominator as well as the numerator' },
    ])
    expect(problems({})).toEqual([
      { column: 'value', message: 'enter the value, or the numerator and denominator' },
    ])
    expect(problems({ indicator_code: 'L C01', value: 2.5 })).toEqual([
      { column: 'value', message: 'a count must be a whole number, 0 or more' },
    ])
    expect(problems({ indicator_code: 'L M01', value: -1, period: '2008/09 Q1' })).toEqual([
      {
        column: 'period',
        message: 'this indicator is annual: the period must be a financial year, like 2008/09',
      },
      { column: 'value', message: 'an amount of money must be 0 or more' },
    ])
    expect(problems({ place_gss: 'E07000130', value: 1 })).toEqual([
      { column: 'place_gss', message: 'E07000130 (Old district) is archived' },
    ])
    expect(problems({ value: 1, commentary: 'a\u0000b' })).toEqual([
      { column: 'commentary', message: 'contains a NUL character, which cannot be stored: remove it' },
    ])
    expect(problems({ value: 1 }, { areaPlaceId: null })[0]).toMatchObject({
      column: 'place_gss',
      message: expect.stringMatching(/^the partnership has no area yet/),
    })
  })

  it('keeps providers to their own organisation, targets to administrators, rounds to their windows', () => {
    const police = ctx({ mayEnter: (org) => org === 'police' })
    expect(checkValueRow(2, rec({ indicator_code: 'L C01', value: 3 }), police).problems).toEqual([
      {
        column: 'indicator_code',
        message: 'not your organisation’s indicator: L C01 is reported by County Council',
      },
    ])
    expect(
      checkValueRow(2, rec({ indicator_code: 'L R01', period: '2008-04', value: 3 }), police).problems[0]!
        .message,
    ).toBe('not your organisation’s indicator: L R01 is not assigned to an organisation')
    const targets = ctx({ expected: () => new Set([`ind-p|${AREA}`]) })
    expect(checkValueRow(2, rec({ value: 3 }), targets).problems).toEqual([])
    const off = checkValueRow(2, rec({ place_gss: 'E07000129', value: 3 }), targets)
    expect(off.problems).toEqual([
      {
        column: 'place_gss',
        message: 'no target asks for L P01 at E07000129 in 2008/09 Q1: only an administrator can import it',
      },
    ])
    // The key resolved, so the row is staged (not ok) for the duplicate check.
    expect(off.staged).toMatchObject({ ok: false, placeId: DISTRICT })
    const closed = ctx({
      windowProblem: () => 'The 2008/09 Q1 round closed on 2008-08-12: late entry needs an exception',
    })
    expect(checkValueRow(2, rec({ value: 3 }), closed).problems).toEqual([
      {
        column: 'period',
        message: 'the 2008/09 Q1 round closed on 2008-08-12: late entry needs an exception',
      },
    ])
  })

  it('writes a staged row as a CSV line COPY reads, quoting commentary', () => {
    const line = stageLine({
      row: 3,
      ok: true,
      indicatorId: 'i',
      placeId: 'p',
      period: '2008/09 Q1',
      periodType: 'quarter',
      value: 33.333333333333336,
      numerator: 1,
      denominator: 3,
      commentary: 'Said "up", then\nrevised',
    })
    expect(line).toBe('3,t,i,p,"2008/09 Q1",quarter,33.333333333333336,1,3,"Said ""up"", then\nrevised"\n')
    expect(
      stageLine({
        row: 4,
        ok: false,
        indicatorId: 'i',
        placeId: 'p',
        period: '2008-04',
        periodType: 'month',
        value: null,
        numerator: null,
        denominator: null,
        commentary: null,
      }),
    ).toBe('4,f,i,p,"2008-04",month,,,,\n')
  })
})

/**
 * Checking one row of the Values sheet, as pure functions over what an import has in memory
 * (the partnership's indicators, the places and targets looked up so far), and the CSV lines
 * rows are staged as.
 */
import { tryParsePeriod } from '../../periods/index.ts'
import type { IndicatorForImport, PlaceForImport } from './values.bulk.queries.ts'
import { normaliseCode } from '../indicators/indicators.schema.ts'
import { checkPeriod, resolveFigures } from './values.schema.ts'

/** A row of the Values sheet as its column parsers give it. */
export interface ValueRecord {
  indicator_code: string
  place_gss: string | null
  period: string
  value: number | null
  numerator: number | null
  denominator: number | null
  commentary: string | null
}

/**
 * A row as staged. Rows whose key (indicator, place, period) resolves are staged even when
 * something else in them is wrong (`ok` false), so that duplicates are found among all of them.
 */
export interface StagedValue {
  row: number
  ok: boolean
  indicatorId: string
  placeId: string
  period: string
  periodType: string
  value: number | null
  numerator: number | null
  denominator: number | null
  commentary: string | null
}

export interface RowProblem {
  column?: keyof ValueRecord
  message: string
}

/** What checking a row needs to know, all of it already in memory. */
export interface RowContext {
  indicator(code: string): IndicatorForImport | undefined
  /** Undefined: not known; checked in batches before rows are. */
  place(gss: string): PlaceForImport | undefined
  areaPlaceId: string | null
  organisationName(id: string | null): string | null
  /** May the importer give values for indicators reported by this organisation? */
  mayEnter(organisationId: string | null): boolean
  /** The indicator × place pairs a target asks for in the period; undefined when anything goes (admins). */
  expected(period: string): ReadonlySet<string> | undefined
  /** Why the importer may not give values for the period now (a closed round), or null. */
  windowProblem(period: string, organisationId: string | null): string | null
}

/** Their messages are sentences; a report line reads `Values!3 value: the value …`. */
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

/**
 * Check one row of the Values sheet against what is known: every problem found in it, and the
 * row to stage when its key resolves.
 */
export function checkValueRow(
  row: number,
  rec: ValueRecord,
  ctx: RowContext,
): { problems: RowProblem[]; staged?: StagedValue } {
  const problems: RowProblem[] = []
  const indicator = ctx.indicator(rec.indicator_code)
  if (!indicator)
    problems.push({
      column: 'indicator_code',
      message: `no indicator with code ${normaliseCode(rec.indicator_code)} in this partnership`,
    })
  else if (!ctx.mayEnter(indicator.responsibleOrganisationId)) {
    const by = ctx.organisationName(indicator.responsibleOrganisationId)
    problems.push({
      column: 'indicator_code',
      message: `not your organisation’s indicator: ${indicator.code} is ${by ? `reported by ${by}` : 'not assigned to an organisation'}`,
    })
  }

  let place: { id: string; shown: string } | undefined
  if (rec.place_gss === null) {
    if (ctx.areaPlaceId) place = { id: ctx.areaPlaceId, shown: 'the partnership’s area' }
    else
      problems.push({
        column: 'place_gss',
        message:
          'the partnership has no area yet: give the place’s GSS code, or choose the area on the partnership’s settings page',
      })
  } else {
    const found = ctx.place(rec.place_gss)
    if (!found) problems.push({ column: 'place_gss', message: `no place with GSS code ${rec.place_gss}` })
    else if (found.archivedAt)
      problems.push({ column: 'place_gss', message: `${rec.place_gss} (${found.name}) is archived` })
    else place = { id: found.id, shown: rec.place_gss }
  }

  if (!indicator) {
    // Without the indicator neither the period nor the figures can be judged; say what can be.
    const p = tryParsePeriod(rec.period)
    if (!p.ok) problems.push({ column: 'period', message: lower(p.error) })
    return { problems }
  }

  const period = checkPeriod(indicator.frequency, rec.period)
  if (!period.ok) problems.push({ column: 'period', message: lower(period.error) })

  const figures = resolveFigures(indicator.unit, indicator.ratePer, rec)
  if (!figures.ok)
    for (const [field, message] of Object.entries(figures.errors))
      problems.push({ column: field as keyof ValueRecord, message: lower(message) })

  if (rec.commentary?.includes('\u0000'))
    problems.push({
      column: 'commentary',
      message: 'contains a NUL character, which cannot be stored: remove it',
    })

  if (!period.ok || !place) return { problems }

  const expected = ctx.expected(period.period)
  if (expected && !expected.has(`${indicator.id}|${place.id}`))
    problems.push({
      column: 'place_gss',
      message: `no target asks for ${indicator.code} at ${place.shown} in ${period.period}: only an administrator can import it`,
    })
  const closed = ctx.windowProblem(period.period, indicator.responsibleOrganisationId)
  if (closed) problems.push({ column: 'period', message: lower(closed) })

  return {
    problems,
    staged: {
      row,
      ok: problems.length === 0,
      indicatorId: indicator.id,
      placeId: place.id,
      period: period.period,
      periodType: period.type,
      value: figures.ok ? figures.value : null,
      numerator: figures.ok ? figures.numerator : null,
      denominator: figures.ok ? figures.denominator : null,
      commentary: rec.commentary,
    },
  }
}

// NUL cannot be stored in text: rows that have one are refused before they are staged, except
// as read in a raw stage, where it is replaced (the row fails its checks later anyway).
const csvText = (s: string | null) =>
  s === null ? '' : `"${s.replace(/"/g, '""').replace(/\u0000/g, '\uFFFD')}"`
const csvNumber = (n: number | null) => (n === null ? '' : String(n))

/** A staged row as a line of the CSV fed to COPY, columns as `STAGE_COLUMNS`. */
export function stageLine(v: StagedValue): string {
  return `${v.row},${v.ok ? 't' : 'f'},${v.indicatorId},${v.placeId},"${v.period}",${v.periodType},${csvNumber(v.value)},${csvNumber(v.numerator)},${csvNumber(v.denominator)},${csvText(v.commentary)}\n`
}

/** A row as read (before it is resolved), for an import that checks rows only when it applies. */
export function rawLine(row: number, rec: ValueRecord): string {
  return `${row},${csvText(rec.indicator_code)},${csvText(rec.place_gss)},${csvText(rec.period)},${csvNumber(rec.value)},${csvNumber(rec.numerator)},${csvNumber(rec.denominator)},${csvText(rec.commentary)}\n`
}

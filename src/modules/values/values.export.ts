/**
 * Export of a partnership's values as the workbook's Values sheet (CSV, XLSX or JSON through the
 * workbook writers), filtered by period, place, indicator and status. Rows are read a page at a
 * time, by indicator code, place GSS code and period, so an export of any size streams. A file
 * exported and imported again changes nothing: entered figures go out exactly, and a value worked
 * out from its numerator and denominator to six decimal places (it reads back as the same value).
 */
import type { DbOrTx } from '../../db/client.ts'
import { exportFigure } from '../../lib/numbers.ts'
import { validationError, type FieldErrors } from '../../errors.ts'
import {
  contains,
  formatPeriod,
  monthsOf,
  quartersOf,
  tryParsePeriod,
  type Period,
} from '../../periods/index.ts'
import type { ExportFilters } from '../../workbook/sheets.ts'
import { normaliseCode } from '../indicators/indicators.schema.ts'
import * as bq from './values.bulk.queries.ts'
import { valueStatuses } from './values.schema.ts'

/** The filters an export of values takes, as the CLI, API and pages name them. */
export const valueExportFilters = {
  period: 'A period, like 2008/09 Q2; a year takes its quarters and months too',
  place: 'A place’s GSS code, like E10000018',
  indicator: 'An indicator code, like NI 135',
  status: `One of ${valueStatuses.join(', ')}`,
} as const

/** A period and the shorter periods within it: a year's quarters and months, a quarter's months. */
export function periodsWithin(p: Period): string[] {
  if (p.type === 'month') return [formatPeriod(p)]
  const within = [...quartersOf(p.year), ...monthsOf(p.year)].filter((q) => contains(p, q))
  return [p, ...within].map(formatPeriod).filter((v, i, all) => all.indexOf(v) === i)
}

/** Turn the filters as given into ids and period lists, or fail naming each bad one. */
export async function resolveValueFilters(
  db: DbOrTx,
  partnershipId: string,
  filters: ExportFilters = {},
): Promise<bq.ValueExportFilter> {
  const errors: FieldErrors = {}
  const out: bq.ValueExportFilter = {}
  const given = (k: keyof typeof valueExportFilters) => filters[k]?.trim() || undefined

  const period = given('period')
  if (period) {
    const p = tryParsePeriod(period)
    if (p.ok) out.periods = periodsWithin(p.period)
    else errors.period = p.error
  }
  const place = given('place')
  if (place) {
    const [found] = await bq.placesByGssCodes(db, [place.toUpperCase()])
    if (found) out.placeId = found.id
    else errors.place = `No place with GSS code ${place}`
  }
  const indicator = given('indicator')
  if (indicator) {
    const found = await bq.indicatorByCode(db, partnershipId, normaliseCode(indicator))
    if (found) out.indicatorId = found.id
    else errors.indicator = `No indicator with code ${normaliseCode(indicator)} in this partnership`
  }
  const status = given('status')
  if (status) {
    const s = valueStatuses.find((v) => v === status.toLowerCase())
    if (s) out.status = s
    else errors.status = `The status must be one of ${valueStatuses.join(', ')}`
  }
  if (Object.keys(errors).length) throw validationError(errors, 'The export filters are not right')
  return out
}

export const EXPORT_PAGE = 5000

/** The Values sheet's rows for the filter, streamed a page at a time. */
export async function* valueRows(db: DbOrTx, partnershipId: string, filter: bq.ValueExportFilter) {
  for (const indicator of await bq.indicatorsToExport(db, partnershipId, filter.indicatorId)) {
    let after: { gss: string; period: string } | undefined
    for (;;) {
      const page = await bq.valuesPage(db, partnershipId, indicator.id, filter, after, EXPORT_PAGE)
      for (const v of page)
        yield {
          indicator_code: indicator.code,
          place_gss: v.gss,
          period: v.period,
          // A value worked out from its numerator and denominator is derived: six places, no noise.
          value: v.numerator !== null && v.denominator !== null ? exportFigure(v.value) : v.value,
          numerator: v.numerator,
          denominator: v.denominator,
          commentary: v.commentary,
        }
      if (page.length < EXPORT_PAGE) break
      const last = page[page.length - 1]!
      after = { gss: last.gss, period: last.period }
    }
  }
}

/** Check the filters, then stream: a bad filter fails before anything is sent. */
export async function valuesForExport(db: DbOrTx, partnershipId: string, filters?: ExportFilters) {
  const filter = await resolveValueFilters(db, partnershipId, filters)
  return valueRows(db, partnershipId, filter)
}

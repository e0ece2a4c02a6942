/**
 * The partnership's indicator catalogue as SQL fragments: national indicators (no partnership)
 * and the partnership's own, with the partnership's overlay (who reports a national indicator,
 * its lag) joined on. Any module's queries that read indicators as a partnership sees them use
 * these, so the catalogue is defined once.
 */
import { type AnyColumn, and, eq, getTableColumns, isNull, or, sql, type SQL } from 'drizzle-orm'
import { indicators, partnershipIndicators } from './schema/index.ts'

/**
 * A code column's matching key, as `codeKey` (indicators.schema.ts) computes it: lower case, no
 * whitespace, no leading zeros after `ni`.
 */
export const codeKeySql = (column: AnyColumn) =>
  sql<string>`regexp_replace(regexp_replace(lower(${column}), '\\s+', '', 'g'), '^ni0+([0-9])', 'ni\\1')`

/** The partnership's catalogue: national indicators and its own local ones. */
export const inCatalogue = (partnershipId: string | SQL | AnyColumn) =>
  or(eq(indicators.partnershipId, partnershipId as string), isNull(indicators.partnershipId))!

/** Joins the partnership's overlay (who reports a national indicator, its lag) onto `indicators`. */
export const overlayOn = (partnershipId: string | SQL | AnyColumn) =>
  and(
    eq(partnershipIndicators.indicatorId, indicators.id),
    eq(partnershipIndicators.partnershipId, partnershipId as string),
  )!

/** Who reports an indicator in a partnership: the overlay's for a national one, else the entry's. */
export const responsibleOrganisationSql = sql<
  string | null
>`coalesce(${partnershipIndicators.responsibleOrganisationId}, ${indicators.responsibleOrganisationId})`
export const lagMonthsSql = sql<
  number | null
>`coalesce(${partnershipIndicators.lagMonths}, ${indicators.lagMonths})`

/** An indicator row as a partnership sees it (select with a left join `overlayOn`). */
export const catalogueColumns = {
  ...getTableColumns(indicators),
  responsibleOrganisationId: responsibleOrganisationSql,
  lagMonths: lagMonthsSql,
}

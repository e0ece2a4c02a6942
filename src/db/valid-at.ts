import { and, gt, isNull, lte, or, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'

/**
 * Rows valid at `at`: recorded by then and not yet superseded. Without `at`, the current rows.
 * Every versioned table has `recorded_at` and `superseded_at`; any module's queries use this.
 */
export function validAt(table: { recordedAt: AnyPgColumn; supersededAt: AnyPgColumn }, at?: Date): SQL {
  if (!at) return isNull(table.supersededAt)
  return and(lte(table.recordedAt, at), or(isNull(table.supersededAt), gt(table.supersededAt, at)))!
}

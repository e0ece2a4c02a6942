import { Decimal } from 'decimal.js'
import { formatMoney } from '../../../lib/numbers.ts'
import type { TargetLine } from '../../dashboard/dashboard.service.ts'
import type { Cell, ReportStatus } from '../reports.model.ts'
import type { KindContext } from './kind.ts'

/**
 * The partnership's targets as at the report's moment, each with the stored assessment it shows
 * for the report's period (else its latest before), cut to the report's theme when it has one.
 * Shared by the kinds; read once per kind.
 */
export async function targetLines(
  ctx: KindContext,
): Promise<{ lines: TargetLine[]; themes: TargetLine['themes'] }> {
  const { lines, themes } = await ctx.sources.dashboard.lines(ctx.actor, ctx.partnershipId, {
    at: ctx.at,
    period: ctx.spec.period,
  })
  if (!ctx.theme) return { lines, themes }
  const id = ctx.theme.id
  return {
    lines: lines.filter((l) => l.themes.some((t) => t.id === id)),
    themes: themes.filter((t) => t.id === id),
  }
}

/** A status cell: the tag's colour and its word. */
export const statusCell = (status: string | null | undefined): Cell => ({
  status: (status ?? 'no-data') as ReportStatus,
})

/** Pounds as whole pence, exactly (no binary noise: 1000.1 is 100010 pence). */
export const penceOf = (pounds: number | null | undefined): number =>
  pounds === null || pounds === undefined || !Number.isFinite(pounds)
    ? 0
    : new Decimal(pounds.toPrecision(15)).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()

/** A sum of money as a cell: shown as `£3,000.30`, carried as the exact string `3000.30`. */
export function moneyCell(pence: number | null): Cell {
  if (pence === null) return null
  const sign = pence < 0 ? '-' : ''
  const abs = Math.abs(pence)
  const value = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
  return { text: formatMoney(pence / 100), value }
}

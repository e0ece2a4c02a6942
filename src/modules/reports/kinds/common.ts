import type { TargetLine } from '../../dashboard/dashboard.service.ts'
import type { Cell, ReportStatus } from '../reports.model.ts'
import type { KindContext } from './kind.ts'

/**
 * The partnership's targets as at the report's moment, each with the stored assessment it shows
 * for the report's period (else its latest before), cut to the report's theme when it has one.
 * Shared by the kinds; read once per kind.
 */
export async function targetLines(ctx: KindContext): Promise<{ lines: TargetLine[]; themes: TargetLine['themes'] }> {
  const { lines, themes } = await ctx.sources.dashboard.lines(ctx.actor, ctx.partnershipId, {
    at: ctx.at,
    period: ctx.spec.period,
  })
  if (!ctx.theme) return { lines, themes }
  const id = ctx.theme.id
  return { lines: lines.filter((l) => l.themes.some((t) => t.id === id)), themes: themes.filter((t) => t.id === id) }
}

/** A status cell: the tag's colour and its word. */
export const statusCell = (status: string | null | undefined): Cell => ({
  status: (status ?? 'no-data') as ReportStatus,
})

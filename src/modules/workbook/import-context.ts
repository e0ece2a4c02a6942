/**
 * What the sheets of one import share. The importer makes a fresh context for each import and
 * hands it to every sheet as `env.shared`, so it lives exactly as long as the import: a sheet
 * reads what the sheets above it in the workbook staged, and nothing outlives the import.
 */
import type { Tx } from '../../db/client.ts'
import type { ImportReport } from '../../workbook/report.ts'
import type { AgreementsService } from '../agreements/agreements.service.ts'
import type { Actor } from '../auth/actor.ts'
import { MoneyImport } from '../money/money.sheet.shared.ts'
import type { nodeKinds } from '../strategy/strategy-tree.ts'

type AgreementRow = Awaited<ReturnType<AgreementsService['ensureForImport']>>['row']
type NodeKind = (typeof nodeKinds)[number]

export interface ImportContext {
  /** The Agreement, Indicators, Targets and Trajectories sheets (the Local Area Agreement). */
  readonly laa: LaaImport
  /** Refs the Strategy sheet brings, with their kinds: the Directory sheet checks against them. */
  readonly strategyRefs: Map<string, NodeKind>
  /** The stream-years the Allocations and Budgets sheets touched (checked against budgets at the end). */
  readonly money: MoneyImport
}

/** A new import's context: nothing staged yet. */
export const newImportContext = (): ImportContext => ({
  laa: new LaaImport(),
  strategyRefs: new Map(),
  money: new MoneyImport(),
})

/** The LAA sheets in import order (for sorting problems found while applying). */
export const LAA_SHEETS = ['Agreement', 'Indicators', 'Targets', 'Trajectories']

/**
 * What the Agreement, Indicators, Targets and Trajectories sheets of one import share: the
 * agreement they attach to, codes and targets named elsewhere in the file, and the targets
 * created by this import (whose trajectories may be set even when they are recorded as agreed).
 */
export class LaaImport {
  /** The Agreement sheet's row, when the file has one. */
  agreement?: { row: number; name: string; start: number; end: number; status: string | null }
  /** The agreement the rows attach to, once resolved (at apply). */
  agreementRow?: AgreementRow
  /** Indicator codes on the Indicators sheet, by `codeKey`. */
  readonly indicatorCodes = new Set<string>()
  /** Indicator codes on the Targets sheet, by `codeKey`. */
  readonly targetCodes = new Set<string>()
  /** Financial years of the Trajectories sheet's periods (for a new draft agreement's span). */
  readonly trajectoryYears: number[] = []
  /** Targets this import created. */
  readonly created = new Set<string>()
  /** Codes (by `codeKey`) whose Targets row was refused (their trajectories are not reported again). */
  readonly refused = new Set<string>()
  /** The LAA sheets this import has. */
  readonly sheets = new Set<string>()

  /** Count `sheet` among this import's LAA sheets (its importer calls this as it starts). */
  join(sheet: string): this {
    this.sheets.add(sheet)
    return this
  }

  /**
   * Problems found while applying are gathered across the LAA sheets so that one failed import
   * lists them all; the last LAA sheet of the import then fails it (nothing is written).
   */
  failIfLast(report: ImportReport, sheet: string) {
    const last = LAA_SHEETS.filter((s) => this.sheets.has(s)).pop()
    if (sheet === last && report.failed) throw report.error(LAA_SHEETS)
  }

  /**
   * The agreement Targets and Trajectories attach to: the Agreement sheet's, else the current one,
   * else a new draft spanning the trajectory years.
   */
  async agreementFor(
    tx: Tx,
    env: { actor: Actor; partnershipId: string },
    agreements: Pick<AgreementsService, 'ensureForImport'>,
  ): Promise<AgreementRow> {
    if (this.agreementRow) return this.agreementRow
    const years = this.trajectoryYears.length
      ? { start: Math.min(...this.trajectoryYears), end: Math.max(...this.trajectoryYears) }
      : undefined
    const { row } = await agreements.ensureForImport(tx, env.actor, env.partnershipId, undefined, years)
    this.agreementRow = row
    return row
  }
}

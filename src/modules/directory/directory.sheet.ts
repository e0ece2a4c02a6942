import type { Tx } from '../../db/client.ts'
import {
  applyDirectoryRows,
  directoryExportRows,
  directoryGapRows,
  type DirectoryImportRow,
} from './directory.import.ts'
import { directoryPolicy } from './directory.policy.ts'
import type { Clock } from '../../lib/clock.ts'
import type { StrategyVersionsService } from '../strategy/strategy-versions.service.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { refCell } from '../strategy/strategy.sheet.ts'

const person = (role: string) =>
  column(
    textCell({ max: 254 }),
    `The ${role}: a person of the People sheet or already known to the partnership, by name (or email when two share a name). Blank leaves it as it is`,
  )

const columns = {
  ref: column(refCell, 'The outcome’s or sub-outcome’s ref in the current strategy', { required: true }),
  lead_partnership: column(
    textCell({ max: 300 }),
    'The lead partnership: this partnership, one of its partnerships or an organisation, by name. Blank leaves it as it is',
  ),
  board_champion: person('strategic board champion'),
  executive_officer: person('executive officer'),
  outcome_lead: person('outcome lead'),
}

type DirectoryRecord = RecordOf<typeof columns>

export const directorySpec: SheetSpec<typeof columns> = {
  name: 'Directory',
  description:
    'The Partnership Directory (003 §9): who leads each outcome and sub-outcome of the current strategy, matched by ref.',
  columns,
}

const SHEETS = ['People', 'Strategy', 'Directory']

function directoryImport({ strategy, strategyVersions, clock }: DirectorySheetDeps, env: ImportEnv) {
  const sheet = directorySpec.name
  const rows: DirectoryImportRow[] = []
  const byRef = new Map<string, number>()
  const problem = (row: number | undefined, col: string | undefined, message: string) =>
    env.report.problem({
      sheet,
      ...(row !== undefined ? { row } : {}),
      ...(col ? { column: col } : {}),
      message,
    })

  return {
    add(row: number, rec: DirectoryRecord) {
      const first = byRef.get(rec.ref)
      if (first !== undefined)
        return problem(row, 'ref', `${rec.ref} appears more than once in this sheet (first at row ${first})`)
      byRef.set(rec.ref, row)
      rows.push({ row, ...rec })
    },

    /** Refs are known before anything is written: the current version's, and the Strategy sheet's. */
    async check(tx: Tx) {
      const kinds = new Map(
        (await strategy.findCurrentNodes(tx, env.partnershipId)).map((n) => [n.ref, n.kind as string]),
      )
      for (const [ref, kind] of env.shared.strategyRefs) kinds.set(ref, kind)
      for (const r of rows) {
        const kind = kinds.get(r.ref)
        if (!kind)
          problem(r.row, 'ref', `${r.ref} is not a ref of the current strategy or on the Strategy sheet`)
        else if (kind === 'theme')
          problem(r.row, 'ref', `${r.ref} is a theme: the directory lists outcomes and sub-outcomes`)
      }
    },

    /** Names resolve once the People and Strategy sheets (above this one) are written. */
    async apply(tx: Tx): Promise<Counts> {
      const { counts, problems } = await applyDirectoryRows(
        tx,
        { strategy: strategyVersions, at: clock() },
        env.actor,
        env.partnershipId,
        rows,
      )
      for (const p of problems) problem(p.row, p.column, p.message)
      if (env.report.failed) throw env.report.error(SHEETS)
      return counts
    },
  }
}

export interface DirectorySheetDeps {
  /** Refs name nodes of the current strategy (or of the Strategy sheet above). */
  strategy: Pick<StrategyService, 'findCurrentNodes'>
  /** The directory hangs off the strategy's current version. */
  strategyVersions: StrategyVersionsService
  clock: Clock
}

export const directorySheet = (deps: DirectorySheetDeps) =>
  defineSheet({
    ...directorySpec,
    importPolicy: directoryPolicy.edit,
    exportPolicy: directoryPolicy.read,
    importer: (env) => directoryImport(deps, env),
    async *rows(db, partnershipId) {
      for (const { row: _row, ...r } of await directoryExportRows(db, deps.strategyVersions, partnershipId))
        yield r
    },
  })

const gapColumns = {
  ref: column(textCell(), 'The outcome’s or sub-outcome’s ref'),
  title: column(textCell({ max: 300 }), 'Its title'),
  missing: column(textCell({ max: 300 }), 'The roles not filled, separated by ;'),
}

export const directoryGapsSpec: SheetSpec<typeof gapColumns> = {
  name: 'DirectoryGaps',
  description:
    'Derived: outcomes and sub-outcomes whose directory entry has roles not filled. Exported only.',
  columns: gapColumns,
  exportOnly: true,
}

export const directoryGapsSheet = ({ strategyVersions }: Pick<DirectorySheetDeps, 'strategyVersions'>) =>
  defineSheet({
    ...directoryGapsSpec,
    exportPolicy: directoryPolicy.read,
    async *rows(db, partnershipId) {
      for (const r of await directoryGapRows(db, strategyVersions, partnershipId)) yield r
    },
  })

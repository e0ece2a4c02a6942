import type { Tx } from '../../db/client.ts'
import { currentAgreement } from './agreements.queries.ts'
import { agreementStatuses } from './agreements.schema.ts'
import type { AgreementsService } from './agreements.service.ts'
import { tryParsePeriod, yearLabel } from '../../periods/index.ts'
import { CellProblem, cellParser, enumCell, textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import { inSavepoint, snake } from '../../workbook/savepoint.ts'

/** A financial year cell (`2008/09`), read as its first calendar year. */
export const financialYearCell = () =>
  cellParser<number>((v) => {
    if (v === undefined) return new CellProblem('enter a financial year, like 2008/09')
    const r = tryParsePeriod(v)
    if (!r.ok) return new CellProblem(r.error)
    if (r.period.type !== 'year')
      return new CellProblem(`${v} is a ${r.period.type}: enter a financial year, like 2008/09`)
    return r.period.year
  })

const columns = {
  name: column(
    textCell({ required: true }),
    'The agreement’s name. A name already known updates that agreement',
    {
      required: true,
    },
  ),
  start: column(financialYearCell(), 'Its first financial year, like 2008/09', { required: true }),
  end: column(financialYearCell(), 'Its last financial year, like 2010/11', { required: true }),
  status: column(
    enumCell(agreementStatuses),
    `One of ${agreementStatuses.join(', ')} (blank: draft for a new one)`,
  ),
}

type AgreementRecord = RecordOf<typeof columns>

export const agreementSpec: SheetSpec<typeof columns> = {
  name: 'Agreement',
  description:
    'The Local Area Agreement the Targets and Trajectories sheets belong to (one row). Without it they go to the current agreement.',
  columns,
}

function agreementImport(agreements: AgreementsService, env: ImportEnv) {
  const sheet = agreementSpec.name
  const state = env.shared.laa.join(sheet)
  let staged: { row: number; rec: AgreementRecord } | undefined
  return {
    add(row: number, rec: AgreementRecord) {
      if (staged) {
        env.report.problem({
          sheet,
          row,
          message: `one agreement per workbook: this sheet already has ${staged.rec.name} at row ${staged.row}`,
        })
        return
      }
      if (rec.end < rec.start)
        env.report.problem({
          sheet,
          row,
          column: 'end',
          message: 'the last year must not be before the first',
        })
      staged = { row, rec }
      state.agreement = { row, name: rec.name, start: rec.start, end: rec.end, status: rec.status }
    },

    async check() {},

    async apply(tx: Tx): Promise<Counts> {
      const counts = { created: 0, updated: 0, unchanged: 0 }
      if (!staged) return counts
      const { row, rec } = staged
      const done = await inSavepoint(
        tx,
        env.report,
        { sheet, row },
        (f) => (f === '_form' ? undefined : snake(f)),
        (sp) =>
          agreements.ensureForImport(sp, env.actor, env.partnershipId, {
            name: rec.name,
            start: rec.start,
            end: rec.end,
            description: null,
            status: rec.status,
          }),
      )
      if (!done) throw env.report.error()
      state.agreementRow = done.row
      counts[done.action ?? 'unchanged']++
      return counts
    },
  }
}

export const agreementSheet = (agreements: AgreementsService) =>
  defineSheet({
    ...agreementSpec,
    importer: (env) => agreementImport(agreements, env),
    async *rows(db, partnershipId) {
      const a = await currentAgreement(db, partnershipId)
      if (a)
        yield { name: a.name, start: yearLabel(a.startYear), end: yearLabel(a.endYear), status: a.status }
    },
  })

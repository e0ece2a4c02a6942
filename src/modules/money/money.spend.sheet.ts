/**
 * The Spend sheet (workbook.md): a first-level recipient's quarterly spend return per stream,
 * actual to date and forecast outturn; and the exported Variance sheet. Spend for a recipient
 * that has not signed the current financial protocol is refused, naming the row; a data provider
 * imports only their own organisation's spend (checked row by row, as the forms check it).
 */
import type { Tx } from '../../db/client.ts'
import { formatPeriod, parsePeriod } from '../../periods/index.ts'
import { poundsText } from '../../lib/money.ts'
import { textCell } from '../../workbook/cells.ts'
import { column, type Counts, type RecordOf, type SheetSpec } from '../../workbook/sheets.ts'
import { systemActor } from '../auth/actor.ts'
import { defineSheet, type ImportEnv } from '../workbook/sheet.ts'
import type { MoneySheetDeps } from './money.funding.sheet.ts'
import { allowsSelfApproval } from './money.approval.queries.ts'
import { financeOfficer, moneyPolicy } from './money.policy.ts'
import { key, organisationsByName, poundsCell, quarterCell, reportRefusal } from './money.sheet.shared.ts'
import * as sq from './money.spend.queries.ts'

export const IMPORT_SELF_APPROVAL_REFUSED =
  'Approving spend returns as you import them is approving your own returns, and this partnership asks for a second person to approve: import them without approving and let someone else approve them, or ask an administrator to allow self-approval in the partnership’s settings'

const columns = {
  funding_ref: column(textCell({ required: true, max: 40 }), 'The stream’s ref (Funding sheet)', {
    required: true,
  }),
  recipient: column(
    textCell({ required: true, max: 200 }),
    'The first-level recipient returning its spend: an organisation of the partnership that has signed the financial protocol',
    { required: true },
  ),
  period: column(
    quarterCell(),
    'The quarter, like 2008/09 Q2 (Q1 is April to June), of a year the stream has a budget for',
    {
      required: true,
    },
  ),
  actual: column(
    poundsCell('the actual spend to date', { required: true }),
    'Actual spend to date this year, in pounds, like £61,250.00',
    {
      required: true,
    },
  ),
  forecast: column(
    poundsCell('the forecast outturn'),
    'Forecast year-end outturn, in pounds (blank: none given)',
  ),
  variance_explanation: column(
    textCell({ max: 4000 }),
    'Why spend differs from the profiled budget: required when the variance is beyond the partnership’s amber threshold',
  ),
}
type SpendRecord = RecordOf<typeof columns>

export const spendSpec: SheetSpec<typeof columns> = {
  name: 'Spend',
  description:
    'Quarterly spend returns (002 §24): actual to date and forecast outturn by stream and recipient. Imported returns are submitted for approval (approved at once when a finance officer imports with approval); the same figures again change nothing.',
  columns,
}

const columnOf: Record<string, string> = {
  streamId: 'funding_ref',
  recipientId: 'recipient',
  period: 'period',
  actual: 'actual',
  forecast: 'forecast',
  explanation: 'variance_explanation',
}

function spendImport({ money }: MoneySheetDeps, env: ImportEnv) {
  const sheet = spendSpec.name
  const rows: { row: number; rec: SpendRecord }[] = []
  const seen = new Map<string, number>()
  const problem = (row: number, col: string | undefined, message: string) =>
    env.report.problem({ sheet, row, ...(col ? { column: col } : {}), message })
  return {
    add(row: number, rec: SpendRecord) {
      const k = [key(rec.funding_ref), key(rec.recipient), rec.period].join('|')
      const first = seen.get(k)
      if (first !== undefined)
        return problem(
          row,
          'period',
          `${rec.funding_ref}, ${rec.recipient}, ${rec.period} appears more than once in this sheet (first at row ${first})`,
        )
      seen.set(k, row)
      rows.push({ row, rec })
    },
    async check() {},
    async apply(tx: Tx): Promise<Counts> {
      const pid = env.partnershipId
      const counts: Counts = { created: 0, updated: 0, unchanged: 0 }
      const { byName } = await organisationsByName(tx, pid)
      const approve = env.options.approve && financeOfficer(env.actor, pid)
      // Approving as one imports is approving one's own returns: only where the partnership allows it.
      if (approve && !(await allowsSelfApproval(tx, pid))) {
        env.report.problem({ sheet, message: IMPORT_SELF_APPROVAL_REFUSED })
        throw env.report.error(env.sheetOrder)
      }
      const status = approve ? 'approved' : 'submitted'
      for (const { row, rec } of rows) {
        const stream = await money.findStreamByRef(tx, pid, rec.funding_ref)
        if (!stream) {
          problem(
            row,
            'funding_ref',
            `${rec.funding_ref} is not a funding stream of the partnership (Funding sheet)`,
          )
          continue
        }
        const recipient = byName.get(key(rec.recipient))
        if (!recipient) {
          problem(
            row,
            'recipient',
            `${rec.recipient} is not an organisation of the partnership (Organisations sheet)`,
          )
          continue
        }
        try {
          const res = await money.saveSpendTx(
            tx,
            env.actor,
            pid,
            {
              streamId: stream.id,
              recipientId: recipient.id,
              period: rec.period,
              actual: poundsText(rec.actual!),
              forecast: rec.forecast === null ? null : poundsText(rec.forecast),
              explanation: rec.variance_explanation,
            },
            { status },
          )
          if (res.created) counts.created++
          else if (res.changed) counts.updated++
          else counts.unchanged++
        } catch (e) {
          reportRefusal(problem, row, e, columnOf, 'recipient')
        }
      }
      if (env.report.failed) throw env.report.error(env.sheetOrder)
      return counts
    },
  }
}

export const spendSheet = (deps: MoneySheetDeps) =>
  defineSheet({
    ...spendSpec,
    importPolicy: moneyPolicy.enterSpend,
    exportPolicy: moneyPolicy.read,
    importer: (env) => spendImport(deps, env),
    async *rows(db, partnershipId) {
      const streams = new Map((await deps.money.findStreams(db, partnershipId)).map((s) => [s.id, s.ref]))
      const returns = await sq.currentReturns(db, partnershipId)
      const names = await sq.organisationNames(db, [...new Set(returns.map((r) => r.recipientId))])
      const order = (r: sq.SpendRow) =>
        [streams.get(r.streamId) ?? '', names.get(r.recipientId) ?? '', r.period].join('|')
      for (const r of [...returns]
        .filter((r) => streams.has(r.streamId))
        .sort((a, b) => order(a).localeCompare(order(b))))
        yield {
          funding_ref: streams.get(r.streamId)!,
          recipient: names.get(r.recipientId) ?? '',
          period: formatPeriod(parsePeriod(r.period)),
          actual: poundsText(r.actualPence),
          forecast: r.forecastPence === null ? null : poundsText(r.forecastPence),
          variance_explanation: r.explanation,
        }
    },
  })

const varianceColumns = {
  funding_ref: column(textCell(), 'The stream’s ref'),
  recipient: column(textCell(), 'The first-level recipient (blank: the stream’s total line)'),
  year: column(textCell(), 'The financial year'),
  budget: column(textCell(), 'The stream’s budget for the year (its total line only), in pounds'),
  allocated: column(textCell(), 'Allocated to the recipient (total line: to every recipient)'),
  actual_to_date: column(textCell(), 'Actual spend to date from the latest submitted or approved return'),
  forecast: column(textCell(), 'Forecast year-end outturn'),
  variance: column(
    textCell(),
    'Actual to date less the profiled budget to date, in pounds (negative: underspend)',
  ),
  variance_percent: column(textCell(), 'The variance as a percentage of the profiled budget to date'),
  explanation: column(textCell(), 'The recipient’s explanation of the variance'),
}

export const varianceSpec: SheetSpec<typeof varianceColumns> = {
  name: 'Variance',
  description:
    'Exported only: for each year with a budget, each stream’s recipients and the stream’s total, with allocated, actual to date, forecast and variance against the profiled budget.',
  columns: varianceColumns,
  exportOnly: true,
}

const money = (pence: number | null) => (pence === null ? null : poundsText(pence))

export const varianceSheet = (deps: MoneySheetDeps) =>
  defineSheet({
    ...varianceSpec,
    exportPolicy: moneyPolicy.read,
    async *rows(db, partnershipId) {
      const budgets = await deps.money.findBudgets(db, partnershipId)
      const years = [...new Set(budgets.map((b) => b.year))].sort()
      // The sheet's export has authorised the actor; the read runs as the system on its behalf.
      const reader = systemActor('export')
      for (const year of years)
        for (const r of await deps.money.varianceRows(reader, partnershipId, { year }))
          yield {
            funding_ref: r.fundingRef,
            recipient: r.recipient,
            year: r.year,
            budget: money(r.budgetPence),
            allocated: money(r.allocatedPence),
            actual_to_date: money(r.actualToDatePence),
            forecast: money(r.forecastPence),
            variance: money(r.variancePence),
            variance_percent: r.variancePercent,
            explanation: r.explanation,
          }
    },
  })

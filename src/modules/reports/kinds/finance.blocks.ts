/**
 * The finance report's sections (reports.md `finance`, 002 §24): pure builders from the money read
 * as at the report's moment. Money is whole pence, added with `sumPence` and carried as exact
 * strings (`moneyCell`), so every total reconciles to the penny.
 */
import { formatPounds, poundsText, sumPence } from '../../../lib/money.ts'
import type { RecipientStanding } from '../../money/money.finance.reads.ts'
import type { VarianceRow } from '../../money/money.spend.reads.ts'
import { percentOf, ragLabels, rags, type Rag, type Thresholds } from '../../money/money.variance.ts'
import type { Cell, ChartBlock, Column, Section, TableBlock } from '../reports.model.ts'

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
})
/** A moment or a YYYY-MM-DD date as "31 March 2009". */
export const ukDate = (d: Date | string | null) =>
  d === null ? '' : longDate.format(typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d)

/** £ text of whole pence, always with its pence: a finance report reconciles to the penny. */
export const pounds = (pence: number) => formatPounds(pence)

/** A sum of money as a cell: shown as `£3,000.00`, carried as the exact string `3000.00`. */
export const moneyCell = (pence: number | null): Cell =>
  pence === null ? null : { text: formatPounds(pence), value: poundsText(pence) }

/** A RAG in colour and words; without a return, "No return". */
export const ragCell = (rag: Rag | null): Cell =>
  rag ? { status: rag, text: ragLabels[rag] } : { status: 'no-data', text: 'No return' }

/** A variance with its percentage of its base: "£1,200.00 (2.40%)". */
export function varianceCell(pence: number | null, percent: string | null): Cell {
  if (pence === null) return null
  const cell = moneyCell(pence) as { text: string; value: string }
  return percent === null ? cell : { text: `${cell.text} (${percent}%)`, value: cell.value }
}

const sumOf = (xs: (number | null)[]) => sumPence(xs.filter((x): x is number => x !== null))
const worst = (list: (Rag | null)[]): Rag | null =>
  list.reduce<Rag | null>(
    (a, b) => (b === null ? a : a === null || rags.indexOf(b) > rags.indexOf(a) ? b : a),
    null,
  )

/** A stream's particulars, from the money module's list (a stream archived since may be missing). */
export interface StreamInfo {
  id: string
  ref: string
  parentId: string | null
  source: string
  kind: string
  ringFenced: boolean
  spendType: string | null
  accountableName: string | null
}

/** The money of the report: totals over the streams' lines (which are their recipients' sums). */
export function totalsOf(rows: VarianceRow[]) {
  const streams = rows.filter((r) => r.level === 'stream')
  const budget = sumOf(streams.map((s) => s.budgetPence))
  const allocated = sumOf(streams.map((s) => s.allocatedPence))
  const profiled = sumOf(streams.map((s) => s.profiledToDatePence))
  const actual = sumOf(streams.map((s) => s.actualToDatePence))
  const variance = sumOf(streams.map((s) => s.variancePence))
  const forecast = sumOf(streams.map((s) => s.forecastPence))
  const forecastVariance = sumOf(streams.map((s) => s.forecastVariancePence))
  return {
    budget,
    allocated,
    unallocated: budget - allocated,
    profiled,
    actual,
    variance,
    variancePercent: percentOf(variance, profiled),
    forecast,
    forecastVariance,
  }
}

export function summarySection(
  rows: VarianceRow[],
  standing: RecipientStanding[],
  ctx: { year: string; upTo: string; thresholds: Thresholds },
): Section {
  const t = totalsOf(rows)
  const released = sumPence(standing.map((r) => r.releasedPence))
  return {
    id: 'summary',
    title: 'Summary',
    intro: `The partnership’s money for ${ctx.year}, with spend returned to the end of ${ctx.upTo}. Each stream’s budget is its own: a component grant’s budget is not counted again in its parent’s.`,
    blocks: [
      {
        type: 'summary',
        items: [
          { label: 'Financial year', value: ctx.year },
          { label: 'Spend to the end of', value: ctx.upTo },
          { label: 'Total budget', value: pounds(t.budget) },
          { label: 'Allocated', value: pounds(t.allocated) },
          { label: 'Unallocated', value: pounds(t.unallocated) },
          { label: 'Released to recipients', value: pounds(released) },
          { label: 'Profiled budget to date', value: pounds(t.profiled) },
          { label: 'Actual spend to date', value: pounds(t.actual) },
          {
            label: 'Variance to date',
            value: `${pounds(t.variance)}${t.variancePercent === null ? '' : ` (${t.variancePercent}%)`}`,
          },
          { label: 'Forecast outturn', value: pounds(t.forecast) },
          { label: 'Forecast variance', value: pounds(t.forecastVariance) },
        ],
      },
      {
        type: 'text',
        text:
          `The total budget of ${pounds(t.budget)} is ${pounds(t.allocated)} allocated and ${pounds(t.unallocated)} unallocated. ` +
          `A variance is the actual spend to date less the budget profiled to date; the forecast variance is the forecast outturn less the year’s allocation. ` +
          `Amber is a variance beyond ${ctx.thresholds.amberPercent}%, red beyond ${ctx.thresholds.redPercent}%, either way: beyond amber, the recipient explains it and the decision is taken with the lead officer.`,
      },
      ragChart(rows),
    ],
  }
}

/** Recipients' RAG per stream as status bars, with the same counts in its table. */
function ragChart(rows: VarianceRow[]): ChartBlock {
  const streams = rows.filter(
    (r) => r.level === 'stream' && rows.some((l) => l.streamId === r.streamId && l.level === 'recipient'),
  )
  const order = ['green', 'amber', 'red', 'no-data'] as const
  const countsOf = (lines: VarianceRow[]) => {
    const c = { green: 0, amber: 0, red: 0, 'no-data': 0 }
    for (const l of lines) c[l.rag ?? 'no-data']++
    return c
  }
  const lines = (id: string) => rows.filter((r) => r.level === 'recipient' && r.streamId === id)
  const all = countsOf(rows.filter((r) => r.level === 'recipient'))
  const table: TableBlock = {
    type: 'table',
    caption: 'Recipients’ spend by RAG, per stream',
    columns: [
      { label: 'Stream' },
      { label: 'Green', numeric: true },
      { label: 'Amber', numeric: true },
      { label: 'Red', numeric: true },
      { label: 'No return', numeric: true },
    ],
    rows: [
      ...streams.map((s) => {
        const c = countsOf(lines(s.streamId))
        return [`${s.fundingRef} ${s.streamName}`, ...order.map((k) => c[k])]
      }),
      ['All streams', ...order.map((k) => all[k])],
    ],
    empty: 'No allocations for the year.',
  }
  return {
    type: 'chart',
    title: 'Recipients’ spend by RAG, per stream',
    description: `${all.green} green, ${all.amber} amber, ${all.red} red and ${all['no-data']} without a return, over ${streams.length} stream${streams.length === 1 ? '' : 's'}. The counts are in the table that follows.`,
    spec: {
      chart: 'status-bars',
      bars: streams.map((s) => {
        const c = countsOf(lines(s.streamId))
        return {
          label: s.fundingRef,
          counts: Object.fromEntries(order.filter((k) => c[k]).map((k) => [k, c[k]])),
        }
      }),
    },
    table,
  }
}

/** Part of a wide table: its first (header) column and the columns at `keep`, so it fits the page. */
function pick(table: TableBlock, caption: string, keep: number[]): TableBlock {
  const cols = [0, ...keep]
  return {
    ...table,
    caption,
    columns: cols.map((i) => table.columns[i]!),
    rows: table.rows.map((r) => cols.map((i) => r[i] ?? null)),
  }
}

const moneyColumns = (labels: string[]): Column[] => labels.map((label) => ({ label, numeric: true }))

export function streamsSection(rows: VarianceRow[], info: Map<string, StreamInfo>): Section {
  const streams = rows.filter((r) => r.level === 'stream')
  const t = totalsOf(rows)
  const name = (s: VarianceRow) => {
    const parent = info.get(s.streamId)?.parentId
    const parentRef = parent ? info.get(parent)?.ref : undefined
    return `${s.fundingRef} ${s.streamName}${parentRef ? ` (part of ${parentRef})` : ''}`
  }
  const money: TableBlock = {
    type: 'table',
    caption: 'Budget, allocations, spend and forecast per stream',
    columns: [
      { label: 'Stream' },
      ...moneyColumns([
        'Budget',
        'Allocated',
        'Unallocated',
        'Profiled to date',
        'Actual to date',
        'Variance',
        'Forecast outturn',
        'Forecast variance',
      ]),
      { label: 'RAG' },
    ],
    rows: [
      ...streams.map((s): Cell[] => [
        name(s),
        moneyCell(s.budgetPence),
        moneyCell(s.allocatedPence),
        moneyCell(s.unallocatedPence),
        moneyCell(s.profiledToDatePence),
        moneyCell(s.actualToDatePence),
        varianceCell(s.variancePence, s.variancePercent),
        moneyCell(s.forecastPence),
        varianceCell(s.forecastVariancePence, s.forecastVariancePercent),
        ragCell(s.rag),
      ]),
      ...(streams.length
        ? [
            [
              'Total',
              moneyCell(t.budget),
              moneyCell(t.allocated),
              moneyCell(t.unallocated),
              moneyCell(t.profiled),
              moneyCell(t.actual),
              varianceCell(t.variance, t.variancePercent),
              moneyCell(t.forecast),
              moneyCell(t.forecastVariance),
              ragCell(worst(streams.map((s) => s.rag))),
            ] as Cell[],
          ]
        : []),
    ],
    empty: 'No funding streams with a budget or allocations for the year.',
  }
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No')
  const particulars: TableBlock = {
    type: 'table',
    caption: 'The streams: where the money comes from',
    columns: [
      { label: 'Stream' },
      { label: 'Source' },
      { label: 'Kind' },
      { label: 'Ring-fenced' },
      { label: 'Revenue or capital' },
      { label: 'Accountable body' },
    ],
    rows: streams.map((s): Cell[] => {
      const i = info.get(s.streamId)
      return [
        name(s),
        i?.source ?? '',
        i ? i.kind.charAt(0).toUpperCase() + i.kind.slice(1) : '',
        i ? yesNo(i.ringFenced) : '',
        i?.spendType ? i.spendType.charAt(0).toUpperCase() + i.spendType.slice(1) : '',
        i?.accountableName ?? '',
      ]
    }),
    empty: 'No funding streams.',
  }
  return {
    id: 'streams',
    title: 'Funding streams',
    intro:
      'Each stream’s budget = allocated + unallocated; its spend and forecast are its recipients’ returns added up.',
    blocks: [
      pick(money, 'Budget and allocations per stream', [1, 2, 3]),
      pick(money, 'Spend and forecast per stream', [4, 5, 6, 7, 8, 9]),
      particulars,
    ],
  }
}

export function recipientsSection(rows: VarianceRow[], standing: RecipientStanding[]): Section {
  const lines = rows.filter((r) => r.level === 'recipient')
  const ids = [
    ...new Set([...standing.map((s) => s.recipientId), ...lines.flatMap((l) => l.recipientId ?? [])]),
  ]
  const nameOf = (id: string) =>
    standing.find((s) => s.recipientId === id)?.recipient ??
    lines.find((l) => l.recipientId === id)?.recipient ??
    ''
  ids.sort((a, b) => nameOf(a).localeCompare(nameOf(b)))
  const per = ids.map((id) => {
    const mine = lines.filter((l) => l.recipientId === id)
    const s = standing.find((x) => x.recipientId === id)
    const withReturn = mine.filter((l) => l.returnId)
    const profiled = sumOf(withReturn.map((l) => l.profiledToDatePence))
    const variance = sumOf(withReturn.map((l) => l.variancePence))
    return {
      id,
      cells: [
        nameOf(id),
        moneyCell(sumOf(mine.map((l) => l.allocatedPence))),
        moneyCell(s?.releasedPence ?? 0),
        moneyCell(s?.passedOnPence ?? 0),
        withReturn.length ? moneyCell(profiled) : null,
        withReturn.length ? moneyCell(sumOf(withReturn.map((l) => l.actualToDatePence))) : null,
        withReturn.length ? varianceCell(variance, percentOf(variance, profiled)) : null,
        withReturn.some((l) => l.forecastPence !== null)
          ? moneyCell(sumOf(withReturn.map((l) => l.forecastPence)))
          : null,
        ragCell(worst(mine.map((l) => l.rag))),
        s?.signature ? `Signed (version ${s.signature.version})` : 'Not signed',
      ] as Cell[],
    }
  })
  const t = totalsOf(rows)
  const totals: Cell[] = [
    'Total',
    moneyCell(t.allocated),
    moneyCell(sumPence(standing.map((s) => s.releasedPence))),
    moneyCell(sumPence(standing.map((s) => s.passedOnPence))),
    moneyCell(t.profiled),
    moneyCell(t.actual),
    varianceCell(t.variance, t.variancePercent),
    moneyCell(t.forecast),
    null,
    null,
  ]
  const detail: TableBlock = {
    type: 'table',
    caption: 'Spend returns by stream and recipient',
    columns: [
      { label: 'Stream and recipient' },
      { label: 'Quarter' },
      { label: 'Return' },
      ...moneyColumns(['Allocated', 'Profiled to date', 'Actual to date', 'Variance', 'Forecast outturn']),
      { label: 'RAG' },
    ],
    rows: lines.map((l): Cell[] => [
      `${l.fundingRef}: ${l.recipient ?? ''}`,
      l.period ?? 'No return',
      l.status ? l.status.charAt(0).toUpperCase() + l.status.slice(1) : '',
      moneyCell(l.allocatedPence),
      moneyCell(l.profiledToDatePence),
      moneyCell(l.actualToDatePence),
      varianceCell(l.variancePence, l.variancePercent),
      moneyCell(l.forecastPence),
      ragCell(l.rag),
    ]),
    empty: 'No allocations to recipients for the year.',
  }
  const wide: TableBlock = {
    type: 'table',
    caption: 'Allocations, release and spend per recipient',
    columns: [
      { label: 'Recipient' },
      ...moneyColumns([
        'Allocated',
        'Released',
        'Passed on',
        'Profiled to date',
        'Actual to date',
        'Variance',
        'Forecast outturn',
      ]),
      { label: 'RAG' },
      { label: 'Financial protocol' },
    ],
    rows: per.length ? [...per.map((p) => p.cells), totals] : [],
    empty: 'No allocations to recipients for the year.',
  }
  return {
    id: 'recipients',
    title: 'Recipients',
    intro:
      'Each first-level recipient’s allocations for the year, what has been released and passed on to other bodies (it stays accountable for that), and its spend against the profiled budget.',
    blocks: [
      pick(wide, 'Allocations, release and the financial protocol per recipient', [1, 2, 3, 9]),
      pick(wide, 'Spend per recipient (RAG: its worst return)', [4, 5, 6, 7, 8]),
      detail,
    ],
  }
}

/**
 * The report document: what every kind builds and every format renders. One structure, so the
 * HTML of record, the PDF printed from it and the XLSX carry the same figures (reports.md).
 * Pure data, JSON-serialisable: its canonical JSON (without who generated it or when) is the
 * report's content, and its digest shows a regeneration as at the same moment is the same report.
 */

export const REPORT_KINDS = [
  'steering',
  'board',
  'exception',
  'progress',
  'directory',
  'risk',
  'finance',
  'reward',
  'evidence',
] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

export const REPORT_LEVELS = ['theme', 'outcome', 'target', 'place'] as const
export type ReportLevel = (typeof REPORT_LEVELS)[number]

export const REPORT_FORMATS = ['html', 'pdf', 'xlsx'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** The assessment statuses, as stored. Shown in colour and words, with the key on the cover. */
export type ReportStatus = 'green' | 'amber' | 'red' | 'no-data' | 'no-target' | 'n/a'

/**
 * A table cell: text, a number (kept a number in the XLSX), a status (a coloured tag with its
 * word), or empty. Money and decimals travel as strings (exact), with `numeric` columns
 * right-aligned; a cell may carry its own `text` for display and `value` for the spreadsheet.
 */
export type Cell =
  | string
  | number
  | null
  | { status: ReportStatus; text?: string }
  | { text: string; value: number | string | null }

export interface Column {
  label: string
  /** Right-aligned, and written as a number in the XLSX where the cell is a number. */
  numeric?: boolean
}

export interface TableBlock {
  type: 'table'
  /** Becomes the table's caption and, in the XLSX, the heading above it. */
  caption: string
  columns: Column[]
  rows: Cell[][]
  /** The first cell of each row is its header (`<th scope="row">`). Default true. */
  rowHeaders?: boolean
  /** Shown when there are no rows ("No red or amber targets."). */
  empty?: string
}

export interface TextBlock {
  type: 'text'
  /** Plain text; blank lines separate paragraphs. Never HTML. */
  text: string
  /** Who wrote it and when, shown under it (commentary). */
  attribution?: string
}

/** A small key/value list (GOV.UK summary list): a target's baseline, lead, source… */
export interface SummaryBlock {
  type: 'summary'
  items: { label: string; value: string | { status: ReportStatus; text?: string } }[]
}

/** A sub-heading inside a section (a theme, an outcome, a target). */
export interface HeadingBlock {
  type: 'heading'
  text: string
  /** 3 under the section's h2, 4 under that. */
  level: 3 | 4
}

/**
 * A chart, always with its table: the SVG is drawn from `spec`, and `table` holds the same
 * numbers (rendered beside it, and the only thing the XLSX carries).
 */
export interface ChartBlock {
  type: 'chart'
  title: string
  /** One sentence saying what the chart shows, for its description. */
  description: string
  spec:
    | {
        chart: 'trend'
        /** Periods in order, with the actual and target values (null where there is none). */
        points: { period: string; actual: number | null; target: number | null }[]
        unit?: string
      }
    | {
        chart: 'status-bars'
        /** One bar per group (a theme): its targets by status. */
        bars: { label: string; counts: Partial<Record<ReportStatus, number>> }[]
      }
    | {
        chart: 'heatmap'
        /** Risks by likelihood (1–5) and impact (1–5). */
        cells: { likelihood: number; impact: number; count: number }[]
      }
  table: TableBlock
}

export type Block = TableBlock | TextBlock | SummaryBlock | HeadingBlock | ChartBlock

export interface Section {
  /** Unique in the report, a slug: the anchor in the contents and the XLSX sheet's name source. */
  id: string
  title: string
  /** One or two sentences saying what the section holds. */
  intro?: string
  blocks: Block[]
}

/** What a report is of: the same for a regeneration as at the same moment. */
export interface ReportSpec {
  kind: ReportKind
  period: string
  /** ISO 8601 moment. */
  asAt: string
  level: ReportLevel
  /** The theme (strategy node key) it is cut to, or null. */
  themeKey: string | null
}

export interface ReportDocument extends ReportSpec {
  /** "Steering group report: 2008/09 Q2". */
  title: string
  partnership: { name: string; slug: string }
  /** The theme's title when cut to one. */
  themeTitle: string | null
  /** Who it is for ("Steering group, each quarter"). */
  audience: string
  sections: Section[]
}

/** Not part of the content: differs between two generations of the same report. */
export interface Generation {
  generatedBy: string
  generatedAt: string
}

/**
 * Open data of the public site (#16): the downloads' columns, their rows as CSV and JSON, and each
 * CSV's CSV on the Web metadata (W3C CSVW, `…csv-metadata.json`). Pure: the rows come from the
 * public site's reads (public.data.pages.ts), so only what the site shows is ever written.
 */
import { stringify } from 'csv-stringify/sync'
import { csvSafe } from '../../workbook/csv.ts'

export const OGL_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/'
export const OGL_NAME = 'Open Government Licence v3.0'

/** CSVW built-in datatypes the downloads use. */
export type CsvwDatatype = 'string' | 'decimal' | 'date' | 'dateTime' | 'anyURI'

export interface DataColumn {
  name: string
  title: string
  datatype: CsvwDatatype
  description: string
  unit?: string
}

export interface DataDownload {
  name: 'targets' | 'trajectories' | 'values' | 'commentary'
  title: string
  description: string
  columns: DataColumn[]
  primaryKey?: string[]
}

export type DataRow = Record<string, string | number | null>

const col = (
  name: string,
  title: string,
  datatype: CsvwDatatype,
  description: string,
  unit?: string,
): DataColumn => ({ name, title, datatype, description, ...(unit ? { unit } : {}) })

const UNIT = 'In the unit of the indicator (the `unit` column).'
const BETTER = 'Which direction is better is the `polarity` column.'

const code = col('indicator_code', 'Indicator code', 'string', 'The indicator’s code, such as NI 30.')
const agreement = col('agreement', 'Agreement', 'string', 'The agreement the target belongs to.')
const place = col('place', 'Place', 'string', 'The place the figure or target is for.')
const unit = col(
  'unit',
  'Unit',
  'string',
  'What the figures count or measure, such as a number or a percentage.',
)
const polarity = col(
  'polarity',
  'Which direction is better',
  'string',
  '`higher` when a higher figure is better, `lower` when a lower one is; empty when neither.',
)
const period = col(
  'period',
  'Period',
  'string',
  'The period: a year (2008/09), a quarter (2008/09 Q1) or a month (2008-04).',
)

export const downloads: readonly DataDownload[] = [
  {
    name: 'targets',
    title: 'Published targets',
    description:
      'Each target the partnership publishes: its indicator, unit, which direction is better and its starting point.',
    columns: [
      code,
      col('indicator_title', 'Indicator title', 'string', 'What the indicator measures.'),
      agreement,
      place,
      unit,
      polarity,
      col(
        'baseline_period',
        'Baseline period',
        'string',
        'The period of the starting point the target is measured from.',
      ),
      col(
        'baseline_value',
        'Baseline value',
        'decimal',
        `The starting point. ${UNIT}`,
        'unit of the indicator',
      ),
      col('address', 'Address', 'anyURI', 'The target’s page on the public site.'),
    ],
    primaryKey: ['indicator_code', 'agreement', 'place'],
  },
  {
    name: 'trajectories',
    title: 'Target values by period',
    description: 'The value each published target aims for in each period, at each place.',
    columns: [
      code,
      agreement,
      place,
      period,
      unit,
      polarity,
      col(
        'target_value',
        'Target value',
        'decimal',
        `The value aimed for in the period. ${UNIT} ${BETTER}`,
        'unit of the indicator',
      ),
    ],
    primaryKey: ['indicator_code', 'agreement', 'place', 'period'],
  },
  {
    name: 'values',
    title: 'Approved figures',
    description:
      'Every approved figure of a published target’s indicator, with its history: a figure replaced by a later approved correction stays, end-dated by `valid_to`.',
    columns: [
      code,
      place,
      period,
      unit,
      polarity,
      col(
        'value',
        'Value',
        'decimal',
        `The approved figure as reported for the period. ${UNIT} ${BETTER}`,
        'unit of the indicator',
      ),
      col('valid_from', 'Valid from', 'dateTime', 'When the figure was approved.'),
      col(
        'valid_to',
        'Valid to',
        'dateTime',
        'When a later approved correction replaced it; empty for the current figure.',
      ),
      col(
        'assessed_value',
        'Assessed value',
        'decimal',
        `The figure the status is measured on (the year so far for a count), current figures only. ${UNIT}`,
        'unit of the indicator',
      ),
      col(
        'target_value',
        'Target value',
        'decimal',
        `The target for the period. ${UNIT}`,
        'unit of the indicator',
      ),
      col(
        'status',
        'Status',
        'string',
        'Against the target, as computed: green (on track), amber (slightly off track), red (off track), no-target; current figures only.',
      ),
      col(
        'figure_status',
        'Provisional or final',
        'string',
        '`final`: the status comes from approved figures only. While a correction waits for approval, it is the status last approved. `provisional`: no status yet, as the figures it needs are not all approved. `superseded`: a later figure replaced this one.',
      ),
    ],
    primaryKey: ['indicator_code', 'place', 'period', 'valid_from'],
  },
  {
    name: 'commentary',
    title: 'Published commentary',
    description: 'The lead officer’s published commentary on each target, by period (without the author).',
    columns: [
      code,
      agreement,
      period,
      col('commentary', 'Commentary', 'string', 'What the figures show and why.'),
      col('actions', 'Actions', 'string', 'What is being done about it.'),
      col('recorded_at', 'Recorded at', 'dateTime', 'When the commentary was written.'),
    ],
    primaryKey: ['indicator_code', 'agreement', 'period'],
  },
]

export const downloadNames = downloads.map((d) => d.name)

export function downloadOf(name: string): DataDownload | undefined {
  return downloads.find((d) => d.name === name)
}

const cellText = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v))

/** The download as CSV: a header row of the columns' titles, then its rows; formula-safe cells. */
export function dataCsv(d: DataDownload, rows: readonly DataRow[]): string {
  const lines = [
    d.columns.map((c) => c.title),
    ...rows.map((r) => d.columns.map((c) => csvSafe(cellText(r[c.name])))),
  ]
  return stringify(lines, { record_delimiter: '\r\n' })
}

/** The download as JSON: its licence, its metadata's address and its rows keyed by column name. */
export function dataJson(d: DataDownload, rows: readonly DataRow[], urls: { csv: string; metadata: string }) {
  return {
    title: d.title,
    license: OGL_URL,
    describedBy: urls.metadata,
    csv: urls.csv,
    rows: rows.map((r) => Object.fromEntries(d.columns.map((c) => [c.name, r[c.name] ?? null]))),
  }
}

/** The CSV's CSV on the Web metadata (https://www.w3.org/TR/tabular-metadata/). */
export function csvwMetadata(d: DataDownload, opts: { csvUrl: string; publisher: string }) {
  return {
    '@context': 'http://www.w3.org/ns/csvw',
    url: opts.csvUrl,
    'dc:title': `${d.title}: ${opts.publisher}`,
    'dc:description': d.description,
    'dc:publisher': opts.publisher,
    'dc:license': { '@id': OGL_URL },
    tableSchema: {
      columns: d.columns.map((c) => ({
        name: c.name,
        titles: c.title,
        datatype: c.datatype,
        'dc:description': c.description,
        ...(c.unit ? { 'schema:unitText': c.unit } : {}),
      })),
      ...(d.primaryKey ? { primaryKey: d.primaryKey } : {}),
    },
  }
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

export interface ApprovedVersion {
  valueId: string
  version: number
  value: number | null
  recordedAt: Date
  period: string
  indicatorId: string
  placeId: string
}

/**
 * The approved versions of one figure as rows: each valid until the next approved version of the
 * same value. `current` is the period's assessment (approved figures only), for the latest one.
 */
export function valueRows(
  versions: readonly ApprovedVersion[],
  label: { code: string; place: string; unit: string | null; polarity: string | null },
  current:
    { value: number | null; targetValue: number | null; status: string; provisional: boolean } | undefined,
): DataRow[] {
  const sorted = [...versions].sort(
    (a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || a.version - b.version,
  )
  return sorted.map((v, i) => {
    const next = sorted[i + 1]
    const latest = !next
    const final = latest && current && !current.provisional
    return {
      indicator_code: label.code,
      place: label.place,
      period: v.period,
      unit: label.unit,
      polarity: label.polarity,
      value: v.value,
      valid_from: iso(v.recordedAt),
      valid_to: iso(next?.recordedAt),
      assessed_value: final ? current.value : null,
      target_value: latest ? (current?.targetValue ?? null) : null,
      status: final && current.status !== 'no-data' ? current.status : null,
      figure_status: !latest ? 'superseded' : final ? 'final' : 'provisional',
    }
  })
}

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { normaliseCode, type Polarity } from './indicators.schema.ts'

const FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'reference',
  'national-indicator-set.csv',
)

/** One entry of the reference list as the catalogue stores it. Missing facts stay null. */
export interface ReferenceIndicator {
  code: string
  title: string | null
  theme: string | null
  polarity: Polarity | null
  sourceUrl: string | null
  sourceTitleKind: string | null
  sourceNotes: string | null
  withdrawn: boolean
}

type Row = Record<string, string | undefined>

const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim())

/** The sources state polarity in words ("lower is better (…)"); keep only what they state. */
function polarityOf(text: string | null): Polarity | null {
  if (!text) return null
  if (/^lower is better/i.test(text)) return 'lower'
  if (/^higher is better/i.test(text)) return 'higher'
  return null
}

/** Parse the reference CSV text. Exported for tests; `referenceIndicators()` reads the bundled file. */
export function parseReference(csv: string): ReferenceIndicator[] {
  const rows = parse(csv, { columns: true, relax_column_count: true, skip_empty_lines: true }) as Row[]
  return rows.map((r) => {
    const titleKind = blank(r.title_kind)
    // A short row (NI 31's status note) puts its note in the place-survey column.
    const survey = blank(r.place_survey_2008)
    const misplacedNote = survey && survey.toLowerCase() !== 'yes' && r.notes === undefined ? survey : null
    const notes = [
      survey?.toLowerCase() === 'yes' ? 'A 2008 Place Survey indicator.' : null,
      polarityOf(blank(r.polarity)) ? `Polarity: ${blank(r.polarity)}` : null,
      blank(r.notes),
      misplacedNote,
    ].filter(Boolean)
    const title = blank(r.title)
    return {
      code: normaliseCode(r.code ?? ''),
      title,
      theme: blank(r.theme)?.replace(/\s*\(see notes\)\s*$/i, '') ?? null,
      polarity: polarityOf(blank(r.polarity)),
      sourceUrl: blank(r.source),
      sourceTitleKind: titleKind,
      sourceNotes: notes.length ? notes.join(' ') : null,
      withdrawn: titleKind === 'status note' || /\(dropped\b/i.test(title ?? ''),
    }
  })
}

let cached: ReferenceIndicator[] | undefined

/** The bundled National Indicator Set reference list, parsed once. */
export function referenceIndicators(): ReferenceIndicator[] {
  cached ??= parseReference(fs.readFileSync(FILE, 'utf8'))
  return cached
}

export const REFERENCE_SOURCE =
  'National Indicator Set reference list (shared/reference/national-indicator-set.csv), bundled with Goldthread'

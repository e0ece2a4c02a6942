import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { normaliseCode, type Polarity, type Unit, units } from './indicators.schema.ts'

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
  unit: Unit | null
  sourceUrl: string | null
  sourceTitleKind: string | null
  sourceNotes: string | null
  withdrawn: boolean
}

type Row = Record<string, string | undefined>

const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim())

/** Polarity in words ("lower is better"); taken only where a source states it, not read from a title. */
function polarityOf(text: string | null, basis: string | null): Polarity | null {
  if (!text || basis?.toLowerCase() !== 'stated') return null
  if (/^lower is better/i.test(text)) return 'lower'
  if (/^higher is better/i.test(text)) return 'higher'
  return null
}

/** The unit where the source gives it; a rate's base is never given, so a rate stays to be recorded. */
const unitOf = (text: string | null): Unit | null =>
  text && text.toLowerCase() !== 'rate' && (units as readonly string[]).includes(text.toLowerCase())
    ? (text.toLowerCase() as Unit)
    : null

/** Parse the reference CSV text. Exported for tests; `referenceIndicators()` reads the bundled file. */
export function parseReference(csv: string): ReferenceIndicator[] {
  const rows = parse<Row>(csv, { columns: true, relax_column_count: true, skip_empty_lines: true })
  return rows.map((r) => {
    const titleKind = blank(r.title_kind)
    const basis = blank(r.polarity_basis)
    const polarity = polarityOf(blank(r.polarity), basis)
    const notes = [
      blank(r.place_survey_2008)?.toLowerCase() === 'yes' ? 'A 2008 Place Survey indicator.' : null,
      blank(r.polarity) ? `Polarity: ${blank(r.polarity)} (${basis ?? 'basis not given'}).` : null,
      blank(r.unit)?.toLowerCase() === 'rate' ? 'Unit: a rate (its base is not given).' : null,
      blank(r.notes),
    ].filter(Boolean)
    const title = blank(r.title)
    return {
      code: normaliseCode(r.code ?? ''),
      title,
      theme: blank(r.theme)?.replace(/\s*\(see notes\)\s*$/i, '') ?? null,
      polarity,
      unit: unitOf(blank(r.unit)),
      sourceUrl: blank(r.source),
      sourceTitleKind: titleKind ?? (title ? null : 'code only'),
      sourceNotes: notes.length ? notes.join(' ') : null,
      withdrawn: /^dropped\b/i.test(blank(r.notes) ?? ''),
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

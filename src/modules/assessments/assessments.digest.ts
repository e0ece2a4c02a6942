/**
 * A digest of a target's assessment rows, computed the same way from rows just computed and
 * (in SQL, `storedDigests`) from the rows stored: equal digests mean equal rows, so a recompute
 * that changes nothing need not read a million stored rows back to compare them.
 */
import crypto from 'node:crypto'
import type { ComputedRow } from './assessments.compute.ts'

/** A number as a numeric column prints it (`String(n)`), or a text no stored row has when in exponent form. */
const numText = (n: number | null) => {
  if (n === null) return ''
  const text = String(n)
  return text.includes('e') ? `?${text}` : text
}

const days = new Map<string, number>()
/** `2008-04-01` as days since 2000-01-01, as `storedDigests` prints a start date. */
function dayNumber(iso: string) {
  let n = days.get(iso)
  if (n === undefined) {
    const [y, m, d] = iso.split('-').map(Number)
    days.set(iso, (n = (Date.UTC(y!, m! - 1, d) - Date.UTC(2000, 0, 1)) / 86_400_000))
  }
  return n
}
const tf = (b: boolean) => (b ? 't' : 'f')

/** One computed row as `storedDigests` prints a stored one. */
const rowText = (r: ComputedRow) =>
  `${r.placeId}|${r.period}|${dayNumber(r.periodStart)}|${numText(r.value)}|${r.valueSource ?? ''}|` +
  `${numText(r.targetValue)}|${r.status}|${r.direction}|${r.directionBaseline}|` +
  `${numText(r.forecastValue)}|${r.forecastStatus}|${numText(r.rewardShare)}|` +
  `${numText(r.rewardPayable)}|${tf(r.needsPlan)}|${tf(r.provisional)}`

const byPeriod = (a: ComputedRow, b: ComputedRow) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)

/** The digest `storedDigests` gives the same rows once stored; undefined for no rows. */
export function digestOf(rows: readonly ComputedRow[]) {
  if (rows.length === 0) return undefined
  // Place by place (byte order, as uuids sort), periods in text order: rows come a place at a
  // time with their periods in order already, so the sorts have little to do.
  const byPlace = new Map<string, ComputedRow[]>()
  for (const r of rows) {
    const list = byPlace.get(r.placeId)
    if (list) list.push(r)
    else byPlace.set(r.placeId, [r])
  }
  const text = [...byPlace.keys()]
    .sort()
    .map((p) => byPlace.get(p)!.sort(byPeriod).map(rowText).join('\n'))
    .join('\n')
  return crypto.createHash('md5').update(text).digest('hex')
}

import { z } from 'zod'

/**
 * Money, exactly: amounts are kept and added up in whole pence (integers), never binary floats.
 * People and sheets write pounds (`£1,234.56`, `1234.5`, `3`); `parsePounds` turns that text into
 * pence or says what is wrong, and `formatPounds` writes pence back as `£1,234.56`.
 */

/** The largest amount accepted: a trillion pounds, far inside the integers a double holds exactly. */
export const MAX_PENCE = 100_000_000_000_000

export type PenceResult = { ok: true; pence: number } | { ok: false; error: string }

export interface ParseOptions {
  /** Accept amounts below zero (a variance, a correction); by default an amount must be 0 or more. */
  allowNegative?: boolean
  /** Names the amount in messages ("The budget …"); default "The amount". */
  what?: string
}

const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/

/**
 * Pounds as people write them → whole pence. Accepts a `£`, thousands commas (`1,234,567.89`),
 * surrounding spaces and a leading minus (`-£3`, `£-3`); a number (JSON, a spreadsheet cell) is
 * read by its shortest decimal spelling, so `0.1` is 10p. Refused, each with its own message: no
 * digits, more than two decimal places, badly placed commas, below zero (unless allowed), and
 * more than `MAX_PENCE`.
 */
export function parsePounds(input: string | number, opts: ParseOptions = {}): PenceResult {
  const what = opts.what ?? 'The amount'
  let text: string
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, error: `${what} must be a sum of money, like £1,234.56` }
    text = String(input)
    if (/e/i.test(text)) return { ok: false, error: tooBig(what, input < 0) }
  } else text = String(input ?? '')
  text = text.trim().replace(/\s+/g, '')
  let negative = false
  if (text.startsWith('-')) {
    negative = true
    text = text.slice(1)
  }
  if (text.startsWith('£')) text = text.slice(1)
  if (!negative && text.startsWith('-')) {
    negative = true
    text = text.slice(1)
  }
  if (text === '' || text === '.')
    return { ok: false, error: `Enter ${lower(what)} in pounds, like £1,234.56` }
  const m = NUMBER.exec(text)
  if (!m) {
    if (/^[\d,]*\.?\d*$/.test(text) && text.includes(','))
      return { ok: false, error: `${what} has its commas in the wrong place: write it like £1,234,567.89` }
    return { ok: false, error: `${what} must be a sum of money in pounds, like £1,234.56` }
  }
  const [, whole = '', decimals = ''] = m
  if (whole === '' && decimals === '')
    return { ok: false, error: `Enter ${lower(what)} in pounds, like £1,234.56` }
  if (decimals.length > 2)
    return {
      ok: false,
      error: `${what} has more than two decimal places: money is in pounds and pence, like £1,234.56`,
    }
  const digits = whole.replace(/,/g, '') + decimals.padEnd(2, '0')
  // Compared as text first, so a long string of digits never passes through a float.
  const trimmed = digits.replace(/^0+(?=\d)/, '')
  if (trimmed.length > String(MAX_PENCE).length || Number(trimmed) > MAX_PENCE)
    return { ok: false, error: tooBig(what, negative) }
  const pence = Number(trimmed)
  if (negative && pence !== 0) {
    if (!opts.allowNegative) return { ok: false, error: `${what} must be £0 or more` }
    return { ok: true, pence: -pence }
  }
  return { ok: true, pence }
}

const lower = (what: string) => what.charAt(0).toLowerCase() + what.slice(1)
const tooBig = (what: string, negative: boolean) =>
  negative
    ? `${what} is too far below zero`
    : `${what} is too large: at most £${formatGroups(MAX_PENCE / 100)}`

/** Parse or throw (for code that has validated already). */
export function penceOf(input: string | number, opts: ParseOptions = {}): number {
  const r = parsePounds(input, opts)
  if (!r.ok) throw new RangeError(r.error)
  return r.pence
}

const formatGroups = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** Whole pence → `£1,234.56` (`-£3.00` below zero; always with its pence). */
export function formatPounds(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`${pence} is not a whole number of pence`)
  const abs = Math.abs(pence)
  const text = `£${formatGroups(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`
  return pence < 0 ? `-${text}` : text
}

/** Whole pence → pounds as plain text for a sheet or form (`1234.56`, `-3.00`): no £, no commas. */
export function poundsText(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`${pence} is not a whole number of pence`)
  const abs = Math.abs(pence)
  return `${pence < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Add whole pence exactly; refuses anything that is not a whole number of pence. */
export function sumPence(amounts: Iterable<number | null | undefined>): number {
  let total = 0
  for (const a of amounts) {
    if (a === null || a === undefined) continue
    if (!Number.isSafeInteger(a)) throw new RangeError(`${a} is not a whole number of pence`)
    total += a
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('The total is too large to add up exactly')
  return total
}

/** Pounds held as a float elsewhere (the dashboard's reward total) → whole pence, rounded to the penny. */
export const penceFromPounds = (pounds: number | null | undefined): number =>
  pounds === null || pounds === undefined ? 0 : Math.round(pounds * 100)

/**
 * A form, API or sheet field holding pounds, parsed to whole pence: `what` names it in messages
 * ("Enter the budget …"). Blank is "enter …"; everything `parsePounds` refuses is refused with
 * its message.
 */
export const poundsField = (what: string, opts: Omit<ParseOptions, 'what'> = {}) =>
  z
    .union([z.string(), z.number()], { error: `Enter ${lower(what)} in pounds, like £1,234.56` })
    .transform((v, ctx) => {
      if (typeof v === 'string' && v.trim() === '') {
        ctx.addIssue({ code: 'custom', message: `Enter ${lower(what)} in pounds, like £1,234.56` })
        return z.NEVER
      }
      const r = parsePounds(v, { ...opts, what: what.charAt(0).toUpperCase() + what.slice(1) })
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.error })
        return z.NEVER
      }
      return r.pence
    })

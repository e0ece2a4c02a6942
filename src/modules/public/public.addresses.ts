/**
 * The public site's addresses, made to last (a link printed in a newspaper still works next
 * year): a target by its indicator's code, not an id that a new agreement would change
 * (`NI 30` → `ni-30`), and a period by its name (`2009/10 Q3` → `2009-10-q3`, `2009/10` →
 * `2009-10`, the month `2009-04` → `2009-apr`, so a year never reads as a month).
 */
import { parsePeriod } from '../../periods/index.ts'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** `NI 30` → `ni-30`; `L/CS 1a` → `l-cs-1a`. */
export function codeSlug(code: string): string {
  return code
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** A period's part of an address (see above). */
export function periodSlug(period: string): string {
  const p = parsePeriod(period)
  const fy = `${p.year}-${String((p.year + 1) % 100).padStart(2, '0')}`
  switch (p.type) {
    case 'year':
      return fy
    case 'quarter':
      return `${fy}-q${p.quarter}`
    case 'month':
      return `${p.year}-${MONTHS[p.month - 1]}`
  }
}

/** The public site's paths. */
export const publicPaths = {
  index: '/public',
  home: (site: string) => `/public/${site}`,
  outcomes: (site: string) => `/public/${site}/outcomes`,
  target: (site: string, code: string) => `/public/${site}/targets/${codeSlug(code)}`,
  period: (site: string, code: string, period: string) =>
    `/public/${site}/targets/${codeSlug(code)}/${periodSlug(period)}`,
}

/** A partnership's short name, as its routes match it (never a file such as `goldthread.css`). */
export const SITE_PARAM = ':site([a-z0-9-]+)'

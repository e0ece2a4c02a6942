/**
 * "As at" moments for reports: an ISO 8601 date-time (`2009-07-01T09:30:00Z`), or a date
 * (`2009-06-30`) meaning the end of that day in UK time.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/

/** Minutes UK time is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant))
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000)
}

/**
 * The years a date may fall in. Outside them a date is a typing slip (`9999-12-31`, `0001-01-01`)
 * that JavaScript and PostgreSQL would each read differently, or not at all.
 */
export const YEARS = { min: 1900, max: 2200 } as const

/** Whether an instant falls within {@link YEARS}. */
export const inYearRange = (d: Date) =>
  !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= YEARS.min && d.getUTCFullYear() <= YEARS.max

export const yearRangeMessage = (text: string) =>
  `${text} is out of range: give a date between ${YEARS.min} and ${YEARS.max}`

/** Parse an as-at value; throws an Error whose message says what to write. */
export function parseAsAt(input: string): Date {
  const at = parseAsAtAnyYear(input)
  // The year as written too: JavaScript reads years 0 to 99 as 1900 to 1999.
  const written = Number(/^\s*(\d{4})-/.exec(input)?.[1])
  if (!inYearRange(at) || written < YEARS.min || written > YEARS.max)
    throw new Error(yearRangeMessage(input.trim()))
  return at
}

function parseAsAtAnyYear(input: string): Date {
  const text = input.trim()
  const d = DATE.exec(text)
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])]
    const naive = Date.UTC(y, m - 1, day, 23, 59, 59, 999)
    const check = new Date(Date.UTC(y, m - 1, day))
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== day) throw new Error(`${text} is not a date`)
    return new Date(naive - londonOffsetMinutes(naive) * 60000)
  }
  if (DATE_TIME.test(text)) {
    // A date-time without a zone is UK local time, like everything people type.
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text)
    const parsed = new Date(hasZone ? text : `${text}Z`)
    if (!Number.isNaN(parsed.getTime()))
      return hasZone ? parsed : new Date(parsed.getTime() - londonOffsetMinutes(parsed.getTime()) * 60000)
  }
  throw new Error(`"${text}" is not a date or date-time: write 2009-06-30 or 2009-07-01T09:30:00Z`)
}

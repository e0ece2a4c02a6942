import { z } from 'zod'
import type { FieldErrors } from '../../errors.ts'
import { inYearRange, YEARS } from '../../periods/as-at.ts'
import type { AuditQuery } from './audit.service.ts'

export const AUDIT_PAGE_SIZE = 50
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/

const ukParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** How far London's clock is ahead of UTC at that instant (0 in winter, 1 hour in summer). */
function londonOffsetMs(at: Date) {
  const parts = Object.fromEntries(ukParts.formatToParts(at).map((p) => [p.type, Number(p.value)]))
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second)
  return asUtc - Math.floor(at.getTime() / 1000) * 1000
}

/** A real calendar date written YYYY-MM-DD, as [year, month, day]; undefined otherwise. */
export function parseYmd(s: string): [number, number, number] | undefined {
  const m = YMD.exec(s)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined
  return [y, mo, d]
}

/**
 * The instant a UK calendar day starts (midnight in London). Clocks change at 01:00 UTC, so the
 * offset at UTC midnight is the offset at London midnight.
 */
export function ukStartOfDay(y: number, month: number, d: number, addDays = 0): Date {
  const guess = Date.UTC(y, month - 1, d + addDays)
  return new Date(guess - londonOffsetMs(new Date(guess)))
}

const isDateTime = (s: string) => z.iso.datetime({ offset: true }).safeParse(s).success

/** A bound within the years a date may fall in (1900 to 2200); undefined otherwise. */
const inRange = (d: Date | undefined) => (d && inYearRange(d) ? d : undefined)

/** `from`: a UK date (from its start) or an exact instant. */
export function fromBound(s: string): Date | undefined {
  const ymd = parseYmd(s)
  if (ymd) return inRange(ukStartOfDay(...ymd))
  return isDateTime(s) ? inRange(new Date(s)) : undefined
}

/** `to`: a UK date (to its end, inclusive) or an exact instant (exclusive). */
export function toBound(s: string): Date | undefined {
  const ymd = parseYmd(s)
  if (ymd) return inRange(ukStartOfDay(...ymd, 1))
  return isDateTime(s) ? inRange(new Date(s)) : undefined
}

const boundMessage = `Must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset, between ${YEARS.min} and ${YEARS.max}`

export const auditApiQuery = z
  .object({
    entityType: z.string().max(100).optional().describe('e.g. organisation, person, place, membership'),
    entityId: z.string().max(200).optional(),
    actorUserId: z.uuid().optional().describe('Only changes made by this user'),
    from: z
      .string()
      .refine((s) => fromBound(s) !== undefined, boundMessage)
      .optional()
      .describe('A UK date (YYYY-MM-DD, from the start of that day) or a date-time'),
    to: z
      .string()
      .refine((s) => toBound(s) !== undefined, boundMessage)
      .optional()
      .describe('A UK date (YYYY-MM-DD, up to the end of that day) or a date-time (exclusive)'),
    limit: z.coerce.number().int().min(1).max(500).default(AUDIT_PAGE_SIZE),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine(
    (q) => {
      const from = q.from ? fromBound(q.from) : undefined
      const to = q.to ? toBound(q.to) : undefined
      return !from || !to || from < to
    },
    {
      path: ['to'],
      message: '`to` must be after `from`',
    },
  )

export const auditEventDoc = z
  .object({
    id: z.number().int(),
    at: z.string().describe('ISO 8601, UTC'),
    actor: z.object({
      userId: z.string().nullable().describe('Null for the command line and the system'),
      label: z.string(),
      email: z.string().nullable(),
    }),
    entityType: z.string(),
    entityId: z.string(),
    record: z
      .string()
      .nullable()
      .describe('What the record is called (indicator code, place and GSS code, person…), when known'),
    action: z.string().describe('create, update, archive, import, …'),
    before: z.unknown().describe('The record before the change, or null'),
    after: z.unknown().describe('The record after the change, or null'),
    changes: z
      .array(z.object({ key: z.string(), before: z.unknown(), after: z.unknown() }))
      .describe('Only the keys whose values differ between before and after'),
    requestId: z.string().nullable(),
  })
  .describe('AuditEvent')

export const auditListDoc = z.object({
  data: z.array(auditEventDoc),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

/** One field of the page's query: the last value if repeated, trimmed; anything else is blank. */
const pageField = z
  .preprocess((v: unknown): unknown => (Array.isArray(v) ? (v as unknown[]).at(-1) : v), z.string().trim())
  .catch('')

/**
 * The audit page's query string, as the route's schema: each field one string (blank when absent
 * or unusable). Whether the dates and the person make a filter is {@link parseAuditPageQuery}'s
 * to say, on the page, with the form's error summary.
 */
export const auditPageQuery = z.object({
  entityType: pageField,
  actorUserId: pageField,
  from: pageField,
  to: pageField,
  page: pageField,
})

export interface AuditPageFilter {
  entityType: string
  actorUserId: string
  from: string
  to: string
}

/**
 * The page's GET filter form. Every field is optional; dates come from `type=date` inputs
 * (YYYY-MM-DD) and are UK days, `to` inclusive. Returns the query or field errors.
 */
export function parseAuditPageQuery(raw: Record<string, unknown>): {
  values: AuditPageFilter
  page: number
  query?: Omit<AuditQuery, 'limit' | 'offset'>
  errors?: FieldErrors
} {
  const str = (k: string) => {
    const v = raw[k]
    const one: unknown = Array.isArray(v) ? (v as unknown[]).at(-1) : v
    return typeof one === 'string' ? one.trim() : ''
  }
  const values = {
    entityType: str('entityType'),
    actorUserId: str('actorUserId'),
    from: str('from'),
    to: str('to'),
  }
  const pageNumber = Number.parseInt(str('page'), 10)
  const page = Number.isInteger(pageNumber) && pageNumber > 0 ? pageNumber : 1
  const errors: FieldErrors = {}
  const from = values.from ? fromBound(values.from) : undefined
  const to = values.to ? toBound(values.to) : undefined
  if (values.from && !parseYmd(values.from)) errors.from = 'Date from must be a real date'
  if (values.to && !parseYmd(values.to)) errors.to = 'Date to must be a real date'
  const range = `between ${YEARS.min} and ${YEARS.max}`
  if (values.from && !errors.from && !from) errors.from = `Date from must be ${range}`
  if (values.to && !errors.to && !to) errors.to = `Date to must be ${range}`
  if (!errors.from && !errors.to && from && to && to <= from)
    errors.to = 'Date to must be the same as or after date from'
  if (values.actorUserId && !z.uuid().safeParse(values.actorUserId).success)
    errors.actorUserId = 'Select a person from the list'
  if (Object.keys(errors).length) return { values, page, errors }
  return {
    values,
    page,
    query: {
      entityType: values.entityType || undefined,
      actorUserId: values.actorUserId || undefined,
      from,
      to,
    },
  }
}

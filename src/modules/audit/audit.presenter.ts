import type { AuditRow } from './audit.service.ts'

export interface Change {
  key: string
  before: unknown
  after: unknown
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * The keys whose values differ between two snapshots, in a stable order. A snapshot that is not
 * an object (or is missing) compares as a single `value`.
 */
export function changedKeys(before: unknown, after: unknown): Change[] {
  if (!isRecord(before) && !isRecord(after)) {
    return same(before, after) ? [] : [{ key: 'value', before: before ?? null, after: after ?? null }]
  }
  const b = isRecord(before) ? before : {}
  const a = isRecord(after) ? after : {}
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()
  return keys
    .filter((k) => !same(b[k], a[k]))
    .map((key) => ({ key, before: b[key] ?? null, after: a[key] ?? null }))
}

/** A value as a person reads it: text as it is, nothing as "(none)", anything else as JSON. */
export function readable(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(none)'
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'Yes' : 'No'
  return JSON.stringify(v)
}

/** `api_token` → `Api token`. */
export const entityTypeLabel = (t: string) => {
  const words = t.replace(/[_-]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function presentAuditEvent({ event, actorEmail }: AuditRow) {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: { userId: event.actorUserId, label: event.actorLabel, email: actorEmail ?? null },
    entityType: event.entityType,
    entityId: event.entityId,
    action: event.action,
    before: event.before ?? null,
    after: event.after ?? null,
    changes: changedKeys(event.before, event.after),
    requestId: event.requestId,
  }
}

/** Items for govukPagination: first, last, and the pages either side of the current one. */
export function paginationFor(page: number, pages: number, href: (n: number) => string) {
  if (pages <= 1) return undefined
  const wanted = new Set([1, pages, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pages))
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = []
  let last = 0
  for (const n of [...wanted].sort((x, y) => x - y)) {
    if (n - last > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: href(n), current: n === page })
    last = n
  }
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
  }
}

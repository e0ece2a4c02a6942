import { createHash } from 'node:crypto'
import type { Db, DbOrTx } from '../../db/client.ts'
import { validationError, type FieldErrors } from '../../errors.ts'
import type { Actor } from '../auth/actor.ts'
import type { StrategyService } from '../strategy/strategy.service.ts'
import { kindOf } from './kinds/index.ts'
import type { KindDefinition } from './kinds/kind.ts'
import type { ReportDocument, ReportFormat, ReportSpec } from './reports.model.ts'
import * as q from './reports.queries.ts'

/** What a request or a definition asks for, checked against the registered kinds and the strategy. */
export async function checkKindAndTheme(
  db: Db,
  deps: { strategy: Pick<StrategyService, 'findCurrentNodes'> },
  kinds: readonly KindDefinition[],
  partnershipId: string,
  input: { kind: string; themeKey?: string | null | undefined },
): Promise<{ kind: KindDefinition; theme: ThemeNode | null }> {
  const errors: FieldErrors = {}
  const kind = kindOf(input.kind, kinds)
  if (!kind) errors.kind = `The ${input.kind} report is not available yet: choose another kind`
  let theme: ThemeNode | null = null
  if (input.themeKey) {
    if (kind && !kind.themeCut)
      errors.themeKey = `The ${kind.name} cannot be cut to one theme: leave the theme blank`
    else {
      theme = await themeOf(db, deps, partnershipId, input.themeKey)
      if (!theme) errors.themeKey = 'Choose a theme of the current strategy from the list'
    }
  }
  if (Object.keys(errors).length) throw validationError(errors)
  return { kind: kind!, theme }
}

export interface ThemeNode {
  key: string
  id: string
  ref: string
  title: string
}

/** A theme of the partnership's current strategy by its key, or null. */
export async function themeOf(
  db: Db,
  deps: { strategy: Pick<StrategyService, 'findCurrentNodes'> },
  partnershipId: string,
  key: string,
): Promise<ThemeNode | null> {
  const node = (await deps.strategy.findCurrentNodes(db, partnershipId)).find(
    (n) => n.key === key && n.kind === 'theme',
  )
  return node ? { key: node.key, id: node.id, ref: node.ref, title: node.title } : null
}

/** JSON with every object's keys sorted: the same document always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  )
}

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/** The digest of a report's content: its document, which holds nothing about who generated it or when. */
export const contentHashOf = (doc: ReportDocument) => sha256(canonicalJson(doc))

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** `<slug>-<kind>-<period>-<asAt>.<ext>`, with only letters, digits, dots, dashes and underscores. */
export function reportFilename(
  slug: string,
  spec: Pick<ReportSpec, 'kind' | 'period' | 'asAt'>,
  format: ReportFormat,
) {
  const asAt = new Date(spec.asAt).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const base = [slug, spec.kind, spec.period, asAt]
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  return `${base}.${format}`
}

/** One line saying what went wrong, for the report's page: the fields' messages when a check failed. */
export function oneLine(err: unknown): string {
  const e = err as { message?: unknown; fields?: Record<string, string> }
  const message = (typeof e?.message === 'string' ? e.message : String(err)).split('\n')[0]!
  const fields = e?.fields ? Object.entries(e.fields).map(([k, v]) => `${k}: ${v}`) : []
  const text = [message, ...fields].join('; ').replace(/\s+/g, ' ').trim()
  return text.length > 500 ? `${text.slice(0, 497)}...` : text || 'The report could not be generated'
}

/** The report's row, inside the caller's transaction (a request or a schedule's run). */
export async function insertRequestIn(
  tx: DbOrTx,
  actor: Actor,
  partnershipId: string,
  values: { spec: ReportSpec; title: string; definitionId: string | null; requestedAt: Date },
) {
  return q.insertReport(tx, {
    partnershipId,
    definitionId: values.definitionId,
    kind: values.spec.kind,
    title: values.title,
    period: values.spec.period,
    asAt: new Date(values.spec.asAt),
    level: values.spec.level,
    themeKey: values.spec.themeKey,
    requestedBy: actor.label,
    requestedByUserId: actor.userId,
    requestedAt: values.requestedAt,
    status: 'queued',
  })
}

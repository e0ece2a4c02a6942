import { z } from 'zod'
import type { Actor } from '../auth/actor.ts'
import type { Services } from '../../services.ts'
import {
  REPORT_FORMATS,
  REPORT_KINDS,
  REPORT_LEVELS,
  type ReportFormat,
  type ReportLevel,
} from './reports.model.ts'
import type { ReportRow } from './reports.service.ts'

/** A report's state, as stored. */
export const REPORT_STATES = ['queued', 'running', 'done', 'failed'] as const
export type ReportState = (typeof REPORT_STATES)[number]

/** Each state as a coloured tag that also says it in words. */
export const stateTags: Record<ReportState, { text: string; colour: string }> = {
  queued: { text: 'Queued', colour: 'grey' },
  running: { text: 'Generating', colour: 'blue' },
  done: { text: 'Ready', colour: 'green' },
  failed: { text: 'Failed', colour: 'red' },
}

export const levelLabels: Record<(typeof REPORT_LEVELS)[number], string> = {
  theme: 'Theme',
  outcome: 'Outcome',
  target: 'Target',
  place: 'Place',
}

export const formatLabels: Record<ReportFormat, string> = {
  html: 'HTML',
  pdf: 'PDF',
  xlsx: 'Excel (XLSX)',
}

/** 1234567 → "1.2 MB"; sizes beside download links. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export const isFinished = (status: string) => status === 'done' || status === 'failed'

type FileInfo = { format: string; contentType: string; bytes: number; sha256: string }

// ---- API documents ----

export const reportKindDoc = z.object({
  kind: z.enum(REPORT_KINDS),
  name: z.string(),
  audience: z.string(),
  summary: z.string(),
  themeCut: z.boolean().describe('Whether the report can be cut to one theme'),
})

export const reportFileDoc = z.object({
  format: z.enum(REPORT_FORMATS),
  contentType: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  href: z.string().describe('Where the API serves the file'),
})

export const reportDoc = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  period: z.string(),
  asAt: z.string().describe('The moment the report is as at (ISO 8601)'),
  level: z.enum(REPORT_LEVELS),
  themeKey: z.uuid().nullable().describe('The theme (strategy node key) it is cut to'),
  status: z.enum(REPORT_STATES),
  progress: z.number().int().describe('0–100'),
  progressNote: z.string().nullable(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  contentHash: z
    .string()
    .nullable()
    .describe('Digest of the content: the same for a regeneration as at the same moment'),
  definitionId: z.uuid().nullable(),
  files: z.array(reportFileDoc).describe('The stored files, once done'),
})

export const definitionDoc = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  level: z.enum(REPORT_LEVELS),
  themeKey: z.uuid().nullable(),
  schedule: z
    .object({ trigger: z.literal('round-closed'), workingDays: z.number().int() })
    .nullable()
    .describe('Generated this many working days after each round closes; null: on request only'),
  distribution: z.array(z.string()).describe('Email addresses sent a link when a scheduled report is ready'),
  createdAt: z.string(),
  updatedAt: z.string(),
})

const iso = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? null : new Date(d).toISOString()

export function presentReport(
  slug: string,
  r: ReportRow & { files?: FileInfo[] },
): z.infer<typeof reportDoc> {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    period: r.period,
    asAt: iso(r.asAt)!,
    level: r.level as z.infer<typeof reportDoc>['level'],
    themeKey: r.themeKey ?? null,
    status: r.status,
    progress: r.progress,
    progressNote: r.progressNote ?? null,
    requestedBy: r.requestedBy,
    requestedAt: iso(r.requestedAt)!,
    finishedAt: iso(r.finishedAt),
    error: r.error ?? null,
    contentHash: r.contentHash ?? null,
    definitionId: r.definitionId ?? null,
    files: (r.files ?? []).map((f) => ({
      format: f.format as ReportFormat,
      contentType: f.contentType,
      bytes: f.bytes,
      sha256: f.sha256,
      href: `/api/v1/partnerships/${slug}/reports/${r.id}/files/${f.format}`,
    })),
  }
}

export interface DefinitionLike {
  id: string
  name: string
  kind: string
  level: string
  themeKey: string | null
  schedule: { trigger: 'round-closed'; workingDays: number } | null
  distribution: string[]
  createdAt: Date
  updatedAt: Date
}

export const presentDefinition = (d: DefinitionLike): z.infer<typeof definitionDoc> => ({
  id: d.id,
  name: d.name,
  kind: d.kind,
  level: d.level as z.infer<typeof definitionDoc>['level'],
  themeKey: d.themeKey ?? null,
  schedule: d.schedule ?? null,
  distribution: d.distribution,
  createdAt: iso(d.createdAt)!,
  updatedAt: iso(d.updatedAt)!,
})

/** A schedule in words: "5 working days after each round closes", or "On request only". */
export const scheduleText = (s: DefinitionLike['schedule']) =>
  s
    ? `${s.workingDays} working day${s.workingDays === 1 ? '' : 's'} after each round closes`
    : 'On request only'

// ---- Pages' view models ----

/**
 * The HTML of record's own policy: its inline styles and SVG, images as data, no scripts, no
 * forms, not framed elsewhere (the app's policy allows inline styles only with a nonce).
 */
export const REPORT_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  scriptSrc: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'self'"],
  upgradeInsecureRequests: null,
}

const sentence = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s)

const andList = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

export type ReportChoices = Awaited<ReturnType<typeof reportChoices>>

/** What the report pages offer and how they name things: kinds, levels, the strategy's themes, a default period. */
export async function reportChoices(services: Services, actor: Actor, pid: string) {
  const kinds = services.reports.kinds()
  const [nodes, rounds] = await Promise.all([
    services.strategy.currentNodes(actor, pid),
    services.rounds.list(actor, pid),
  ])
  const themes = nodes.filter((n) => n.kind === 'theme')
  const themeTitle = (key: string | null | undefined) => {
    if (!key) return null
    const t = themes.find((n) => n.key === key)
    return t ? `${t.ref} ${t.title}` : 'A theme no longer in the strategy'
  }
  const kindName = (kind: string) => sentence(kinds.find((k) => k.kind === kind)?.name ?? kind)
  // The latest round that has closed (rounds come newest first), else the latest of all.
  const defaultPeriod = (rounds.find((r) => r.state === 'closed') ?? rounds[0])?.period ?? null
  return {
    kinds,
    themes,
    defaultPeriod,
    kindName,
    themeTitle,
    themeCutNames: andList(kinds.filter((k) => k.themeCut).map((k) => k.name)),
    /** "Target level, 1 Children and young people" or "Target level, whole strategy". */
    scope: (level: string, themeKey: string | null | undefined) =>
      `${levelLabels[level as ReportLevel] ?? level} level, ${themeTitle(themeKey) ?? 'whole strategy'}`,
    kindItems: (chosen: unknown, { withSummary = false } = {}) =>
      kinds.map((k) => ({
        value: k.kind,
        text: sentence(k.name),
        hint:
          withSummary && k.summary
            ? { text: `${k.summary}${k.audience ? ` For: ${k.audience}.` : ''}` }
            : undefined,
        checked: chosen === k.kind,
      })),
    levelItems: (chosen: unknown) =>
      REPORT_LEVELS.map((l) => ({ value: l, text: levelLabels[l], checked: chosen === l })),
    themeItems: (chosen: unknown) => [
      { value: '', text: 'The whole strategy', selected: !chosen },
      ...themes.map((t) => ({ value: t.key, text: `${t.ref} ${t.title}`, selected: chosen === t.key })),
    ],
  }
}

/** A stored report as the list and its page show it. */
export function reportListItem(r: ReportRow & { files?: FileInfo[] }, choices: ReportChoices, base: string) {
  return {
    ...r,
    href: `${base}/${r.id}`,
    kindName: choices.kindName(r.kind),
    scope: choices.scope(r.level, r.themeKey),
    tag: stateTags[r.status],
    finished: isFinished(r.status),
    files: REPORT_FORMATS.flatMap((format) => {
      const f = (r.files ?? []).find((x) => x.format === format)
      return f
        ? [
            {
              format,
              label: formatLabels[format],
              size: formatBytes(f.bytes),
              href: `${base}/${r.id}/files/${format}`,
            },
          ]
        : []
    }),
  }
}

/** The report's page: its facts, progress while it is made, its files when done, the error if it failed. */
export function reportView(r: ReportRow & { files?: FileInfo[] }, choices: ReportChoices, base: string) {
  const item = reportListItem(r, choices, base)
  const percent = Math.max(0, Math.min(100, Math.round(r.progress)))
  return {
    ...item,
    percent: r.status === 'done' ? 100 : percent,
    themeTitle: choices.themeTitle(r.themeKey),
    levelLabel: levelLabels[r.level as ReportLevel] ?? r.level,
    viewHref: `${base}/${r.id}/view`,
    progressText:
      r.status === 'queued'
        ? 'Waiting to start'
        : `${percent}% done${r.progressNote ? `: ${r.progressNote}` : ''}`,
  }
}

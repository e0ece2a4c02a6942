import { z } from 'zod'
import { optionalId, optionalText, requiredText } from '../../lib/fields.ts'
import { slugParams } from '../../lib/pages.ts'
import { nodeKinds, REF_PATTERN } from './strategy-tree.ts'

/** The lifecycle of a version, in order (002 §3). Only forward moves are allowed. */
export const versionStatuses = ['draft_1', 'draft_2', 'penultimate', 'final', 'signed_off'] as const
export type VersionStatus = (typeof versionStatuses)[number]
export const versionStatusLabels: Record<VersionStatus, string> = {
  draft_1: 'Draft 1',
  draft_2: 'Draft 2',
  penultimate: 'Penultimate draft',
  final: 'Final draft',
  signed_off: 'Signed off',
}
export const statusRank = (s: string) => versionStatuses.indexOf(s as VersionStatus)

/** "Version 3 (Final draft)": how messages name a version. */
export const versionLabel = (v: { number: number; status: string }) =>
  `Version ${v.number} (${versionStatusLabels[v.status as VersionStatus] ?? v.status})`

export const nodeKindLabels: Record<(typeof nodeKinds)[number], string> = {
  theme: 'Theme',
  outcome: 'Outcome',
  sub_outcome: 'Sub-outcome',
}

/** Checkbox groups arrive as a string, an array or nothing. */
export const idList = z.preprocess(
  (v): unknown[] =>
    v === undefined || v === null || v === ''
      ? []
      : Array.isArray(v)
        ? (v as unknown[]).filter((x) => x !== '')
        : [v],
  z.array(z.uuid({ error: 'Choose from the list' })),
)

export const refField = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'Enter a reference, like 1.7' })
    .max(40, 'Reference must be 40 characters or fewer')
    .regex(REF_PATTERN, 'Reference must be numbers or letters separated by full stops, like 1.7.2'),
)

const optionalRef = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  refField.optional(),
)

export const versionNumberParams = z.object({ slug: z.string(), number: z.coerce.number().int().positive() })
export const nodeParams = z.object({ slug: z.string(), id: z.uuid() })

// ---- Page routes (a malformed parameter is a 404; a bad query string falls back) ----

/** `/p/:slug/strategy/versions/:number/…` */
export const versionPageParams = slugParams.extend({ number: z.coerce.number().int().positive() })
/** `/p/:slug/strategy/links/:linkId/…` */
export const linkPageParams = slugParams.extend({ linkId: z.uuid() })
/** `?with=N` on the comparison page: the version to compare with (otherwise the one before). */
export const comparePageQuery = z.object({
  with: z.string().regex(/^\d+$/).transform(Number).optional().catch(undefined),
})
/** `?parentId=…&kind=…` on the new node form: what to preselect. */
export const newNodePageQuery = z.object({ parentId: z.string().catch(''), kind: z.string().catch('') })

export const versionStart = z.object({
  title: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    requiredText('Enter the strategy’s title').optional(),
  ),
  status: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(versionStatuses, { error: 'Select a status' }).optional(),
  ),
  /** The version to copy; none = the current one; `0` = start empty. */
  copyFrom: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).optional()),
})
export type VersionStart = z.output<typeof versionStart>

export const versionUpdate = z.object({
  title: requiredText('Enter the strategy’s title'),
  vision: optionalText(4000),
  narrative: optionalText(20000),
})
export type VersionUpdate = z.output<typeof versionUpdate>

export const versionStatusInput = z.object({
  status: z.enum(versionStatuses, { error: 'Select the new status' }),
})

export const nodeCreate = z.object({
  kind: z.enum(nodeKinds, { error: 'Select theme, outcome or sub-outcome' }),
  parentId: optionalId('Choose where it sits from the list'),
  ref: optionalRef,
  title: requiredText('Enter the title', 300),
  statement: optionalText(4000),
  rationale: optionalText(8000),
  tagIds: idList.default([]),
})
export type NodeCreate = z.output<typeof nodeCreate>

export const nodeUpdate = z.object({
  ref: refField,
  title: requiredText('Enter the title', 300),
  statement: optionalText(4000),
  rationale: optionalText(8000),
  tagIds: idList.default([]),
})
export type NodeUpdate = z.output<typeof nodeUpdate>

export const nodeMove = z.object({
  parentId: optionalId('Choose the new parent from the list'),
  /** Place among the new siblings, from 0; default last. */
  position: z.coerce.number().int().min(0).optional(),
  ref: optionalRef,
})
export type NodeMove = z.output<typeof nodeMove>

export const nodeReorder = z.object({ direction: z.enum(['up', 'down'], { error: 'Choose up or down' }) })

export const linkCreate = z.object({
  toNodeId: z.uuid({ error: 'Choose the related outcome from the list' }),
  note: optionalText(500),
})
export type LinkCreate = z.output<typeof linkCreate>

export const tagInput = z.object({
  name: requiredText('Enter the tag name', 80),
  description: optionalText(500),
})
export type TagInput = z.output<typeof tagInput>

export const compareQuery = z.object({ with: z.coerce.number().int().positive() })

// ---- API documents ----

export const versionDoc = z.object({
  id: z.uuid(),
  number: z.number().int(),
  title: z.string(),
  status: z.enum(versionStatuses),
  vision: z.string().nullable(),
  narrative: z.string().nullable(),
  basedOnId: z.uuid().nullable(),
  isCurrent: z.boolean(),
  editable: z.boolean().describe('False once signed off or superseded by a newer version'),
  statusChangedAt: z.string(),
  signedOffAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})

export const tagDoc = z.object({ id: z.uuid(), name: z.string(), description: z.string().nullable() })

export const nodeDoc = z.object({
  id: z.uuid(),
  key: z.uuid().describe('Identity of “the same” node across versions'),
  versionId: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: z.enum(nodeKinds),
  ref: z.string(),
  position: z.number().int(),
  title: z.string(),
  statement: z.string().nullable(),
  rationale: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})

export const linkDoc = z.object({
  id: z.uuid(),
  fromNodeId: z.uuid(),
  toNodeId: z.uuid(),
  fromRef: z.string(),
  toRef: z.string(),
  note: z.string().nullable(),
})

const compareEntry = z.object({ key: z.uuid(), ref: z.string(), title: z.string(), kind: z.enum(nodeKinds) })
export const compareDoc = z.object({
  from: z.number().int(),
  to: z.number().int(),
  added: z.array(compareEntry),
  removed: z.array(compareEntry),
  changed: z.array(
    compareEntry.extend({
      changes: z.array(
        z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() }),
      ),
    }),
  ),
})

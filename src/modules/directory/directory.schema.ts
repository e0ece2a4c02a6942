import { z } from 'zod'
import { optionalId } from '../../lib/fields.ts'
import { slugParams } from '../../lib/pages.ts'

/** The four roles of the Partnership Directory (003 §9), in the order the directory shows them. */
export const directoryRoles = [
  'lead_partnership',
  'board_champion',
  'executive_officer',
  'outcome_lead',
] as const
export type DirectoryRole = (typeof directoryRoles)[number]
export const directoryRoleLabels: Record<DirectoryRole, string> = {
  lead_partnership: 'Lead partnership',
  board_champion: 'Strategic board champion',
  executive_officer: 'Executive officer',
  outcome_lead: 'Outcome lead',
}
/** Form and API field of each role. */
export const roleFields: Record<DirectoryRole, keyof DirectoryInput> = {
  lead_partnership: 'leadPartnership',
  board_champion: 'boardChampionId',
  executive_officer: 'executiveOfficerId',
  outcome_lead: 'outcomeLeadId',
}

/** `organisation:<id>` or `partnership:<id>`: the lead may be a partner body or a partnership. */
export const partyRef = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z
    .string()
    .regex(
      /^(organisation|partnership):[0-9a-f-]{36}$/i,
      'Choose the lead partnership or organisation from the list',
    )
    .nullable(),
)

export const directoryInput = z.object({
  leadPartnership: partyRef.default(null),
  boardChampionId: optionalId('Choose the board champion from the list').default(null),
  executiveOfficerId: optionalId('Choose the executive officer from the list').default(null),
  outcomeLeadId: optionalId('Choose the outcome lead from the list').default(null),
})
export type DirectoryInput = z.output<typeof directoryInput>

export const directoryQuery = z.object({ version: z.coerce.number().int().positive().optional() })

// ---- Page routes (a malformed parameter is a 404; a bad query string falls back) ----

/** `?version=N` on the directory pages and downloads: that version (anything else: the current one). */
export const directoryPageQuery = z.object({
  version: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .pipe(z.number().positive())
    .optional()
    .catch(undefined),
})
/** `/p/:slug/directory/:nodeId…` */
export const directoryEntryPageParams = slugParams.extend({ nodeId: z.uuid() })
/** `?from=gaps`: the entry form was opened from the gaps page (and returns there). */
export const directoryEntryPageQuery = z.object({ from: z.string().optional().catch(undefined) })

const partyDoc = z
  .object({
    type: z.enum(['person', 'organisation', 'partnership']),
    id: z.uuid(),
    name: z.string(),
    detail: z.string().nullable().describe('Organisation and email of a person'),
  })
  .nullable()

export const directoryRowDoc = z.object({
  nodeId: z.uuid(),
  key: z.uuid(),
  ref: z.string(),
  kind: z.enum(['outcome', 'sub_outcome']),
  title: z.string(),
  theme: z.string().describe('Reference and title of the theme it belongs to'),
  leadPartnership: partyDoc,
  boardChampion: partyDoc,
  executiveOfficer: partyDoc,
  outcomeLead: partyDoc,
  missing: z.array(z.enum(directoryRoles)),
})

export const directoryDoc = z.object({
  version: z.number().int(),
  rows: z.array(directoryRowDoc),
})

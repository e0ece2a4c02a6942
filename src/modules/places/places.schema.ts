import { z } from 'zod'
import { optionalId, requiredText, yesNo } from '../../lib/fields.ts'

/** The place hierarchy, highest first: area (county) → district → neighbourhood. */
export const placeTypes = ['area', 'district', 'neighbourhood'] as const
export type PlaceType = (typeof placeTypes)[number]
export const placeTypeLabels: Record<PlaceType, string> = {
  area: 'Area (e.g. county)',
  district: 'District',
  neighbourhood: 'Neighbourhood',
}
/** Short names for lists and trees. */
export const placeTypeNames: Record<PlaceType, string> = {
  area: 'Area',
  district: 'District',
  neighbourhood: 'Neighbourhood',
}
export const placeRank = (t: string) => placeTypes.indexOf(t as PlaceType)

/** "an area", "a district": for messages that name a kind of place. */
export const aPlaceType = (t: string) => (/^[aeiou]/i.test(t) ? `an ${t}` : `a ${t}`)

/** The kinds a place of this type may sit inside, as words: "an area or a district". */
export const parentKindsOf = (t: PlaceType) => placeTypes.slice(0, placeRank(t)).map(aPlaceType).join(' or ')

/** ONS GSS code: a letter and eight digits, e.g. E10000018. */
export const gssCode = z
  .string({ error: 'Enter the GSS code' })
  .trim()
  .toUpperCase()
  .min(1, 'Enter the GSS code')
  .regex(/^[EWSNK]\d{8}$/, 'GSS code must be a letter (E, W, S, N or K) followed by 8 digits, like E10000018')

export const placeInput = z.object({
  gssCode,
  name: requiredText('Enter the place name'),
  type: z.enum(placeTypes, { error: 'Select the type of place' }),
  parentId: optionalId('Choose the parent place from the list'),
  priority: yesNo.default(false),
})
export type PlaceInput = z.output<typeof placeInput>

export const placeDoc = z.object({
  id: z.uuid(),
  gssCode: z.string(),
  name: z.string(),
  type: z.enum(placeTypes),
  parentId: z.uuid().nullable(),
  depth: z.number().int(),
  priority: z.boolean().describe('Flagged for geographic targeting'),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})

/** The places page's query: `includeArchived=true` lists archived places too (anything else does not). */
export const placeListQuery = z.object({ includeArchived: z.string().optional().catch(undefined) })

/** "Add a place" from a place's page: the parent to preselect (anything unusable preselects none). */
export const newPlaceQuery = z.object({ parentId: z.string().optional().catch(undefined) })

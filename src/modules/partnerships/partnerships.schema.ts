import { z } from 'zod'
import { optionalId, optionalText, requiredText, yesNo } from '../../lib/fields.ts'

/** county: a county-wide LSP; district: a district LSP; thematic: e.g. a Community Safety board. */
export const partnershipKinds = ['county', 'district', 'unitary', 'thematic', 'other'] as const
export const partnershipKindLabels: Record<(typeof partnershipKinds)[number], string> = {
  county: 'County Local Strategic Partnership',
  district: 'District Local Strategic Partnership',
  unitary: 'Unitary or metropolitan Local Strategic Partnership',
  thematic: 'Thematic partnership',
  other: 'Other partnership',
}

export const slugSchema = z
  .string({ error: 'Enter a short name for web addresses' })
  .trim()
  .toLowerCase()
  .min(2, 'Short name must be 2 characters or more')
  .max(60, 'Short name must be 60 characters or fewer')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Short name can only use letters, numbers and single hyphens')

export const partnershipCreate = z.object({
  slug: slugSchema,
  name: requiredText('Enter the partnership name'),
  kind: z.enum(partnershipKinds, { error: 'Select the kind of partnership' }).default('county'),
  parentId: optionalId('Choose a parent partnership from the list'),
  description: optionalText(2000),
})

/** The API's create body: the parent may be named by its short name (`parentSlug`) instead of its id. */
export const partnershipCreateApi = partnershipCreate.extend({
  parentSlug: slugSchema
    .optional()
    .describe('Short name of the parent partnership (instead of parentId), e.g. for a district partnership'),
})

export const partnershipUpdate = z.object({
  name: requiredText('Enter the partnership name'),
  kind: z.enum(partnershipKinds, { error: 'Select the kind of partnership' }),
  description: optionalText(2000),
  accountableBodyId: optionalId('Choose the accountable body from the list'),
  areaPlaceId: optionalId('Choose the area from the list'),
  allowSelfApproval: yesNo
    .default(false)
    .describe(
      'Let whoever entered or last changed a value approve it too (default: a second person must approve)',
    ),
})

/** The public site (#16): published or not, and the one contact the partnership chooses to show. */
export const publicSiteInput = z.object({
  publicSite: yesNo.default(false).describe('Publish the partnership’s public site at /public/<slug>'),
  publicContact: optionalText(500).describe(
    'How the public can contact the partnership: a shared mailbox, telephone number or address',
  ),
})
export type PublicSiteInput = z.output<typeof publicSiteInput>

export type PartnershipCreate = z.output<typeof partnershipCreate>
/** Leaving out `allowSelfApproval` sets it to false, as a form's unticked box does. */
export type PartnershipUpdate = Omit<z.output<typeof partnershipUpdate>, 'allowSelfApproval'> & {
  allowSelfApproval?: boolean
}

export const partnershipDoc = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  parentId: z.uuid().nullable(),
  accountableBodyId: z.uuid().nullable(),
  areaPlaceId: z.uuid().nullable(),
  description: z.string().nullable(),
  allowSelfApproval: z.boolean().describe('Whether whoever entered a value may also approve it'),
  logo: z
    .object({
      type: z.string().nullable().describe('image/png or image/jpeg'),
      updatedAt: z.string(),
      href: z.string().describe('GET it for the image'),
    })
    .nullable()
    .describe('The logo shown in the header beside the partnership’s name, or null'),
  role: z.string().nullable().describe('Your role in this partnership'),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})

/** The partnership switcher's choice, by short name (anything else is a partnership that is not found). */
export const switchQuery = z.object({ slug: z.string().catch('') })

/** The API's logo upload as JSON (multipart/form-data with a part named `logo` also works). */
export const logoUploadApi = z
  .object({
    logo: z
      .string({ error: 'Send the logo as base64 text in the field logo' })
      .min(1, 'Send the logo as base64 text in the field logo')
      .max(400_000, 'The logo must be 200 KB or smaller')
      .describe(
        'The PNG or JPEG image, base64-encoded (a `data:image/…;base64,` prefix is allowed), 200 KB at most',
      ),
  })
  .describe('A logo')

/** The logo's address carries its version (`?v=`); anything else is simply no version. */
export const logoQuery = z.object({ v: z.string().optional().catch(undefined) })

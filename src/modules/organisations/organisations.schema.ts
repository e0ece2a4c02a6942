import { z } from 'zod'
import { requiredText, yesNo } from '../../lib/fields.ts'

export const organisationTypes = [
  'council',
  'police',
  'health',
  'fire',
  'probation',
  'vcs',
  'business',
  'government',
  'other',
] as const
export type OrganisationType = (typeof organisationTypes)[number]

export const organisationTypeLabels: Record<OrganisationType, string> = {
  council: 'Council',
  police: 'Police',
  health: 'Health (e.g. primary care trust)',
  fire: 'Fire and rescue',
  probation: 'Probation',
  vcs: 'Voluntary and community sector',
  business: 'Business',
  government: 'Government (e.g. Government Office)',
  other: 'Other',
}

export const organisationInput = z.object({
  name: requiredText('Enter the organisation name'),
  type: z.enum(organisationTypes, { error: 'Select the type of organisation' }),
  dutyToCooperate: yesNo.default(false),
})
export type OrganisationInput = z.output<typeof organisationInput>

export const organisationDoc = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(organisationTypes),
  dutyToCooperate: z.boolean().describe('Named partner under the statutory duty to co-operate'),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})

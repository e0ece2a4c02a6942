import { z } from 'zod'
import { optionalId, requiredText } from '../../lib/fields.ts'
import { roleNames } from '../auth/roles.ts'
import { emailField } from '../people/people.schema.ts'

export const roleField = z.enum(roleNames as [string, ...string[]], {
  error: `Select a role: one of ${roleNames.join(', ')}`,
})

export const memberInput = z.object({
  email: emailField,
  name: requiredText('Enter the person’s name'),
  role: roleField,
  organisationId: optionalId('Choose an organisation from the list'),
})
export type MemberInput = z.output<typeof memberInput>

export const memberUpdate = z.object({
  role: roleField,
  organisationId: optionalId('Choose an organisation from the list'),
})
export type MemberUpdate = z.output<typeof memberUpdate>

export const memberDoc = z.object({
  id: z.uuid().describe('Membership id'),
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  organisationId: z.uuid().nullable(),
  lastSignedInAt: z.string().nullable(),
  createdAt: z.string(),
})

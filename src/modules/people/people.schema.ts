import { z } from 'zod'
import { optionalId, optionalText, requiredText } from '../../lib/fields.ts'

export const emailField = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }))

export const personInput = z.object({
  name: requiredText('Enter the person’s name'),
  email: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    emailField.nullable().optional(),
  ),
  organisationId: optionalId('Choose an organisation from the list'),
  jobTitle: optionalText(200),
  phone: optionalText(50),
})
export type PersonInput = z.output<typeof personInput>

export const personDoc = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  jobTitle: z.string().nullable(),
  phone: z.string().nullable(),
  userId: z.uuid().nullable().describe('Their user account, if they have one'),
  canSignIn: z.boolean().describe('Has an active role in this partnership'),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})

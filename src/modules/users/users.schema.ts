import { z } from 'zod'
import { optionalId, requiredText } from '../../lib/fields.ts'
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts'
import { roleNames, type Role } from '../auth/roles.ts'
import { emailField } from '../people/people.schema.ts'

export const roleField = z.enum(roleNames as [string, ...string[]], {
  error: `Select a role: one of ${roleNames.join(', ')}`,
})

/** What each role may do, as hints beside the role choices (kept in step with ROLES in auth/roles.ts). */
export const roleDescriptions: Record<Role, string> = {
  admin: 'Runs the partnership in Goldthread: everything, including users and settings',
  performance_officer: 'Sets up the strategy, agreement, indicators and rounds; produces reports',
  outcome_lead: 'Owns outcomes or targets: delivery plans, commentary and progress',
  data_provider: 'Enters and uploads quarterly figures for their organisation’s indicators',
  finance_officer: 'Funding allocations, protocol sign-off, spend and variance',
  board_member: 'Reads dashboards and reports, takes decisions',
  scrutiny: 'Read-only challenge of targets and performance',
  government_office: 'Government Office negotiator: reviews, comments on and agrees targets',
}

/** An initial password for a new account; blank means none (an administrator sends them a link to set one). */
const initialPassword = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`)
    .max(200, 'Password must be 200 characters or fewer')
    .optional(),
)

export const memberInput = z.object({
  email: emailField,
  name: requiredText('Enter the person’s name'),
  role: roleField,
  organisationId: optionalId('Choose an organisation from the list'),
  password: initialPassword.describe('Initial password for a new account; ignored if they already have one'),
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
  roleLabel: z.string(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  lastSignedInAt: z.string().nullable(),
  createdAt: z.string(),
  archivedAt: z.string().nullable().describe('Set when access was removed'),
})

export const invitationDoc = z.object({
  id: z.uuid().describe('Invitation id'),
  email: z.string().describe('The address invited, lower-cased'),
  role: z.string(),
  roleLabel: z.string(),
  organisationId: z.uuid().nullable(),
  invitedByName: z.string().nullable(),
  createdAt: z.string(),
  status: z.enum(['pending', 'accepted', 'declined', 'withdrawn']),
})

export const myInvitationDoc = invitationDoc.extend({
  partnershipName: z.string(),
  partnershipSlug: z.string(),
})

/** The signed-in person's invitation, by id (a malformed id is a page that does not exist). */
export const invitationParams = z.object({ id: z.uuid() })

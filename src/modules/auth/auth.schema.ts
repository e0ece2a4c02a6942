import { z } from 'zod'

export const signInForm = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password'),
})

export const changePasswordForm = z.object({
  currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password'),
  newPassword: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
  confirmPassword: z.string({ error: 'Confirm your new password' }).min(1, 'Confirm your new password'),
})

export const tokenForm = z.object({
  name: z
    .string({ error: 'Enter a name for the token' })
    .trim()
    .min(1, 'Enter a name for the token')
    .max(100),
  /** Blank: every partnership of the user. Checked against their partnerships by the service. */
  partnershipId: z.string().trim().optional().default(''),
  /** Left out (a client posting the name alone): read and write, as before scopes. */
  access: z.string().trim().optional(),
  /** The last day the token works, YYYY-MM-DD (a date input); left out: the default, 90 days on. */
  expiresOn: z.string().trim().optional(),
})

/** An API token's address on the account page (a malformed id is a page that does not exist). */
export const tokenParams = z.object({ id: z.uuid() })

import { z } from 'zod'

export const setPasswordForm = z.object({
  newPassword: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
  confirmPassword: z.string({ error: 'Confirm your new password' }).min(1, 'Confirm your new password'),
})

export const forgottenPasswordForm = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' })),
})

/** The address a link opens: a repeated or malformed token is simply a link that does not work. */
export const setPasswordQuery = z.object({ token: z.string().optional().catch(undefined) })

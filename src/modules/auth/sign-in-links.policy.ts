import { roles } from './policy.ts'

/** Sending someone a link to set a password (an invitation, or a way back in) is for administrators. */
export const signInLinkPolicy = {
  send: roles('admin'),
}

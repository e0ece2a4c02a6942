import { roles } from '../auth/policy.ts'

/** Who can sign in to a partnership, and as what, is for its administrators. */
export const memberPolicy = {
  read: roles('admin'),
  create: roles('admin'),
  update: roles('admin'),
  archive: roles('admin'),
}

import { manager, member } from '../auth/policy.ts'

/** Everyone reads the directory; managers fill it (outcome leads their own rows, in the service). */
export const directoryPolicy = {
  read: member,
  edit: manager,
}

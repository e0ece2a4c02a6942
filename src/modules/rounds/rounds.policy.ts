import { manager, member } from '../auth/policy.ts'

/** Collection rounds: windows, generation, exceptions, completeness. */
export const roundPolicy = {
  read: member,
  manage: manager,
}

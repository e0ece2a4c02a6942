import { manager, member, roles } from '../auth/policy.ts'

/** Everyone reads the directory; managers fill it (outcome leads their own rows, in the service). */
export const directoryPolicy = {
  read: member,
  edit: manager,
  /** At the door of one outcome's entry: managers, and outcome leads (their own, in the service). */
  editEntry: roles('admin', 'performance_officer', 'outcome_lead'),
}

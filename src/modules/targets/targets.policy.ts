import { manager, member, roles } from '../auth/policy.ts'

export const targetPolicy = {
  read: member,
  /** Add and change targets and trajectories during negotiation. */
  edit: manager,
  /** Write in the negotiation log: the partnership's officers and the government office. */
  comment: roles('admin', 'performance_officer', 'government_office'),
  /** Agree a target on the government's behalf. */
  agree: roles('government_office', 'admin'),
  /** Revise an agreed target (the refresh), recording the government office's agreement. */
  revise: manager,
  archive: manager,
}

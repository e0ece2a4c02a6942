import { manager, member, roles } from '../auth/policy.ts'

/**
 * Delivery plans, their actions and their challenge. Everyone in the partnership reads them.
 * Managers change any plan; an outcome lead the plans of the targets and outcomes they lead, or
 * that name them as lead (the service decides record by record). An action's owner, whatever their
 * role, updates its progress. Performance officers, administrators and the challenge group's named
 * reviewers review plans in challenge (the service decides for named reviewers).
 */
export const deliveryPolicy = {
  read: member,
  edit: roles('admin', 'performance_officer', 'outcome_lead'),
  progress: member,
  review: member,
  /** Name the challenge group's reviewers. */
  manageReviewers: manager,
}

/** Who reviews without being named. */
export const reviewsByRole = manager

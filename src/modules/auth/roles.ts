/** Roles a user can hold in a partnership. One line each: what the role is for. */
export const ROLES = {
  /** Runs the partnership in Goldthread: everything, including users and settings. */
  admin: 'Administrator',
  /** Partnership performance officer: strategy, agreement, indicators, rounds, reports. */
  performance_officer: 'Performance officer',
  /** Owns outcomes or targets: delivery plans, commentary, progress. */
  outcome_lead: 'Outcome lead',
  /** Enters and uploads quarterly figures for their organisation's indicators. */
  data_provider: 'Data provider',
  /** Funding allocations, protocol sign-off, spend and variance. */
  finance_officer: 'Finance officer',
  /** Reads dashboards and reports, takes decisions. */
  board_member: 'Board member',
  /** Read-only challenge of targets and performance. */
  scrutiny: 'Scrutiny member',
  /** Government Office negotiator: reviews, comments on and agrees targets. */
  government_office: 'Government Office',
} as const

export type Role = keyof typeof ROLES
export const roleNames = Object.keys(ROLES) as Role[]
export const isRole = (s: string): s is Role => Object.hasOwn(ROLES, s)
export const roleLabel = (r: string) => (isRole(r) ? ROLES[r] : r)

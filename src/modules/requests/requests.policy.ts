import { manager, member, roles } from '../auth/policy.ts'

/**
 * Performance officers and administrators draft, submit and withdraw freedoms and flexibilities
 * requests; the government office comments on them and records the department's decision (as it
 * agrees targets, administrators may record it for them). Every member reads them.
 */
export const requestPolicy = {
  read: member,
  manage: manager,
  comment: roles('admin', 'government_office'),
  decide: roles('admin', 'government_office'),
}

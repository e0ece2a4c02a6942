import { roles } from '../auth/policy.ts'

/** The audit trail (who changed what, with the record before and after) is for administrators. */
export const auditPolicy = {
  read: roles('admin'),
}

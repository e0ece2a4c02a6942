import { manager, member } from '../auth/policy.ts'

export const organisationPolicy = {
  read: member,
  create: manager,
  update: manager,
  archive: manager,
}

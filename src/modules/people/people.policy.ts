import { manager, member } from '../auth/policy.ts'

export const personPolicy = {
  read: member,
  create: manager,
  update: manager,
  archive: manager,
}

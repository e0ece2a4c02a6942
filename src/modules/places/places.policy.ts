import { manager, member } from '../auth/policy.ts'

/** Places are shared geography; a partnership's managers maintain them from that partnership. */
export const placePolicy = {
  read: member,
  create: manager,
  update: manager,
  archive: manager,
}

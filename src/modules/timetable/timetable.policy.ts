import { manager, member } from '../auth/policy.ts'

/** Everyone sees the development timetable; managers keep it and record sign-offs. */
export const timetablePolicy = {
  read: member,
  edit: manager,
}

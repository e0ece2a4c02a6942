import { manager } from '../auth/policy.ts'

/** The outbox (messages recorded for people, and running reminders now) is for managers. */
export const outboxPolicy = { read: manager }

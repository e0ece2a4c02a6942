/**
 * Failed sign-ins per email address, so guessing one account's password from many addresses
 * (which the per-address rate limit cannot see) is refused too.
 *
 * Kept in memory: with PGlite there is only ever one process (the data directory is locked), and
 * behind several servers on PostgreSQL each keeps its own count, so the limit is per server,
 * which still bounds guessing. A table would make it exact across servers, but every failed
 * attempt would then be a database write that anyone can cause without signing in.
 *
 * Keyed by the address as typed (trimmed, lower-cased), whether or not it has an account, so the
 * refusal says nothing about which addresses exist.
 */
export const SIGN_IN_MAX_FAILURES = 10
export const SIGN_IN_FAILURE_WINDOW_MS = 15 * 60_000
/** Addresses tracked at most; the oldest are forgotten first (a flood of made-up ones cannot grow memory). */
const MAX_TRACKED = 10_000

export function createSignInThrottle(
  opts: { maxFailures?: number; windowMs?: number; now?: () => number } = {},
) {
  const max = opts.maxFailures ?? SIGN_IN_MAX_FAILURES
  const windowMs = opts.windowMs ?? SIGN_IN_FAILURE_WINDOW_MS
  const now = opts.now ?? Date.now
  const failures = new Map<string, number[]>()
  const key = (email: string) => email.trim().toLowerCase()
  const recent = (k: string) => {
    const since = now() - windowMs
    const list = (failures.get(k) ?? []).filter((t) => t > since)
    if (list.length) failures.set(k, list)
    else failures.delete(k)
    return list
  }

  return {
    /** Whether the address has had too many failures lately: refuse without checking the password. */
    blocked: (email: string) => recent(key(email)).length >= max,
    recordFailure(email: string) {
      const k = key(email)
      const list = recent(k)
      failures.delete(k)
      failures.set(k, [...list, now()])
      if (failures.size > MAX_TRACKED) failures.delete(failures.keys().next().value!)
    },
    /** A successful sign-in clears the count. */
    reset: (email: string) => void failures.delete(key(email)),
  }
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>

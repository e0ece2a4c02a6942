import { hash, verify, type Options } from '@node-rs/argon2'

/** undefined: the library's defaults. */
let cost: Options | undefined

/** argon2id (the library's default algorithm) with its default cost (19 MiB, t=2), as OWASP advises. */
export const hashPassword = (plain: string) => hash(plain, cost)

/**
 * Tests only (called from test/helpers/setup.ts, never by the application): a token
 * cost, so the few hundred passwords the suite sets do not each take 19 MiB and two passes.
 * Verifying reads the cost from the stored hash, so nothing else changes.
 */
export function cheapPasswordsForTests() {
  cost = { memoryCost: 1024, timeCost: 1, parallelism: 1 }
}

export async function verifyPassword(phc: string | null | undefined, plain: string): Promise<boolean> {
  if (!phc) return false
  try {
    return await verify(phc, plain)
  } catch {
    return false
  }
}

/** A dummy hash so sign-in takes as long for an unknown email as for a wrong password. */
let dummy: Promise<string> | undefined
export const dummyHash = () => (dummy ??= hashPassword('not-a-real-password-0000'))

export const MIN_PASSWORD_LENGTH = 10

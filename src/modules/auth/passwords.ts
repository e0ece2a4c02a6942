import { hash, verify } from '@node-rs/argon2'

/** argon2id (the library's default algorithm) with its default cost (19 MiB, t=2), as OWASP advises. */
export const hashPassword = (plain: string) => hash(plain)

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

import crypto from 'node:crypto'

/** How secrets (session ids, API tokens, sign-in link tokens) are kept at rest: only their SHA-256. */
export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex')

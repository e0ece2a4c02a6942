import type { SessionStore } from '@fastify/session'
import type { Db } from '../../db/client.ts'
import type { Clock } from '../../lib/clock.ts'
import * as q from './auth.queries.ts'
import { sha256 } from './secrets.ts'

type Cb = (err?: unknown, result?: unknown) => void

/** @fastify/session store backed by the `sessions` table. Keys are hashed at rest. */
export function databaseSessionStore(db: Db, maxAgeMs: number, clock: Clock): SessionStore {
  return {
    set(sessionId: string, session: Record<string, unknown>, cb: Cb) {
      const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>
      const cookie = data.cookie as { expires?: string } | undefined
      const expiresAt = cookie?.expires ? new Date(cookie.expires) : new Date(clock().getTime() + maxAgeMs)
      const userId = typeof data.userId === 'string' ? data.userId : null
      q.upsertSession(db, { id: sha256(sessionId), userId, data, expiresAt }).then(() => cb(), cb)
    },
    get(sessionId: string, cb: Cb) {
      q.getSession(db, sha256(sessionId)).then((row) => {
        if (!row || row.expiresAt.getTime() < clock().getTime()) return cb(undefined, null)
        cb(undefined, row.data)
      }, cb)
    },
    destroy(sessionId: string, cb: Cb) {
      q.deleteSession(db, sha256(sessionId)).then(() => cb(), cb)
    },
  } as unknown as SessionStore
}

import type { FastifyInstance } from 'fastify'

/** Throughput of one request (or any async step) repeated for a fixed time, one at a time. */
export async function measure(fn: () => Promise<void>, durationMs = Number(process.env.BENCH_MS ?? 2000)) {
  const times: number[] = []
  const end = performance.now() + durationMs
  while (performance.now() < end) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const total = times.reduce((a, b) => a + b, 0)
  return {
    requests: times.length,
    perSecond: Math.round((times.length / total) * 1000),
    p50ms: +times[Math.floor(times.length * 0.5)]!.toFixed(2),
    p95ms: +times[Math.floor(times.length * 0.95)]!.toFixed(2),
  }
}

/** Milliseconds `fn` takes, with its result. */
export async function timed<T>(fn: () => Promise<T>) {
  const t0 = performance.now()
  const result = await fn()
  return { ms: performance.now() - t0, result }
}

/**
 * A person signed in through the real form (CSRF token and session cookie), as
 * test/helpers/app.ts `Agent` does; that module needs vitest, so the benchmark has its own.
 */
export async function signedIn(app: FastifyInstance, email: string, password: string) {
  const cookies = new Map<string, string>()
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const keep = <R extends { cookies: { name: string; value: string }[] }>(res: R) => {
    for (const c of res.cookies) cookies.set(c.name, c.value)
    return res
  }
  const form = keep(await app.inject({ url: '/sign-in' }))
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1]
  if (!csrf) throw new Error('no CSRF token on /sign-in')
  const res = keep(
    await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
    }),
  )
  if (res.statusCode !== 302) throw new Error(`sign-in failed: ${res.statusCode}`)
  return { get: (url: string) => app.inject({ url, headers: { cookie: header() } }) }
}

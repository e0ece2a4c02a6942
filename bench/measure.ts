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

/**
 * Each scenario timed in turns (ROUNDS turns of BENCH_MS / ROUNDS each), so a busy machine slows
 * them alike and the ratios hold. Each turn starts with one untimed request: steady state
 * (templates compiled; content cached again after the uncached turns emptied the cache).
 */
export async function interleaved<K extends string>(scenarios: Record<K, () => Promise<void>>) {
  const ROUNDS = 5
  const turnMs = Number(process.env.BENCH_MS ?? 2000) / ROUNDS
  const keys = Object.keys(scenarios) as K[]
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>
  for (let round = 0; round < ROUNDS; round++)
    for (const k of keys) {
      await scenarios[k]()
      const end = performance.now() + turnMs
      while (performance.now() < end) {
        const t0 = performance.now()
        await scenarios[k]()
        times[k].push(performance.now() - t0)
      }
    }
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b)
    const total = xs.reduce((a, b) => a + b, 0)
    return {
      perSecond: Math.round((xs.length / total) * 1000),
      p95ms: +sorted[Math.floor(sorted.length * 0.95)]!.toFixed(2),
    }
  }
  return Object.fromEntries(keys.map((k) => [k, stats(times[k])])) as Record<K, ReturnType<typeof stats>>
}

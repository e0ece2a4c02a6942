import { describe, expect, it } from 'vitest'
import { databaseInputError } from './errors.ts'

describe('database input errors', () => {
  it('are the request’s fault: a malformed id is not found, a bad value a bad request', () => {
    // Drizzle wraps the driver's error: the code is on its cause.
    const wrapped = (code: string) => Object.assign(new Error('query failed'), { cause: { code } })
    expect(databaseInputError(wrapped('22P02'))?.status).toBe(404)
    for (const code of ['22007', '22008', '22021', '22003'])
      expect(databaseInputError(wrapped(code))).toMatchObject({ id: 'bad_request', status: 400 })
    expect(databaseInputError({ code: '22008' })?.status).toBe(400)
    expect(databaseInputError(wrapped('23505'))).toBeUndefined()
    expect(databaseInputError(new Error('boom'))).toBeUndefined()
  })
})

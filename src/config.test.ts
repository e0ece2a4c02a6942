import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

const secret = 'a-session-secret-that-is-long-enough-0123'

const failure = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message
  }
  throw new Error('expected a ConfigError')
}

describe('configuration', () => {
  it('has defaults that run locally with nothing set', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: undefined,
      dataDir: path.resolve('./data'),
      sessionSecret: undefined,
      demo: true,
      signInRateLimit: 10,
    })
    expect(c.uploadLimitBytes).toBe(25 * 1024 * 1024)
  })

  it('names a bad PORT', () => {
    expect(failure({ PORT: 'abc' })).toBe(
      'Invalid configuration: PORT: must be a whole number from 0 to 65535',
    )
    expect(failure({ PORT: '70000' })).toMatch(/PORT: /)
    expect(failure({ PORT: '-1' })).toMatch(/PORT: /)
  })

  it('names a DATABASE_URL that is not a PostgreSQL URL', () => {
    expect(failure({ DATABASE_URL: 'mysql://db/goldthread' })).toContain(
      'DATABASE_URL: must be a postgres:// or postgresql:// URL',
    )
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).databaseUrl).toBe('postgresql://u@h/db')
  })

  it('names a short SESSION_SECRET', () => {
    expect(failure({ SESSION_SECRET: 'short' })).toContain('SESSION_SECRET: must be at least 32 characters')
  })

  it('refuses production without SESSION_SECRET, and makes cookies secure there', () => {
    expect(failure({ NODE_ENV: 'production' })).toContain('SESSION_SECRET: required when NODE_ENV=production')
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret })
    expect(c.cookieSecure).toBe(true)
    expect(loadConfig({}).cookieSecure).toBe('auto')
  })

  it('names every bad setting at once', () => {
    const message = failure({ PORT: 'abc', SESSION_SECRET: 'short', LOG_LEVEL: 'loud' })
    for (const name of ['PORT', 'SESSION_SECRET', 'LOG_LEVEL']) expect(message).toContain(`${name}: `)
  })

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined })
  })

  it('reads booleans and numbers', () => {
    const c = loadConfig({
      DEMO: 'false',
      TRUST_PROXY: 'yes',
      UPLOAD_LIMIT_MB: '2',
      SESSION_MAX_AGE_HOURS: '1',
    })
    expect(c).toMatchObject({ demo: false, trustProxy: true, uploadLimitBytes: 2 * 1024 * 1024 })
    expect(c.sessionMaxAgeMs).toBe(3600_000)
    expect(failure({ DEMO: 'maybe' })).toContain('DEMO: ')
  })

  it('takes the public address for emailed links from BASE_URL, else localhost and the port', () => {
    expect(loadConfig({}).baseUrl).toBe('http://localhost:3000')
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://localhost:8080')
    expect(loadConfig({ BASE_URL: 'https://goldthread.example.org/' }).baseUrl).toBe(
      'https://goldthread.example.org',
    )
    expect(loadConfig({ BASE_URL: 'https://example.org/lsp' }).baseUrl).toBe('https://example.org/lsp')
    expect(failure({ BASE_URL: 'goldthread.example.org' })).toContain(
      'BASE_URL: must be an http:// or https://',
    )
    expect(failure({ BASE_URL: 'https://example.org/?x=1' })).toContain('BASE_URL: ')
  })

  it('turns on sign-in with an identity provider only when its issuer, client id and secret are all set', () => {
    expect(loadConfig({}).oidc).toBeUndefined()
    const oidc = {
      OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_CLIENT_ID: 'client',
      OIDC_CLIENT_SECRET: 'secret',
    }
    expect(
      loadConfig({ ...oidc, OIDC_NAME: 'Leicestershire County Council', BASE_URL: 'https://gt.example.org/' })
        .oidc,
    ).toEqual({
      issuer: oidc.OIDC_ISSUER,
      clientId: 'client',
      clientSecret: 'secret',
      name: 'Leicestershire County Council',
      redirectUri: 'https://gt.example.org/auth/oidc/callback',
    })
    expect(loadConfig(oidc).oidc?.name).toBe('your organisation')
    expect(failure({ OIDC_ISSUER: oidc.OIDC_ISSUER })).toContain('set all three, or none')
    expect(failure({ ...oidc, OIDC_ISSUER: 'http://idp.example.org' })).toContain(
      'OIDC_ISSUER: must be an https://',
    )
    expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:8080' }).oidc?.issuer).toBe(
      'http://127.0.0.1:8080',
    )
  })
})

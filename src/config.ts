import path from 'node:path'
import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ error: 'must be a whole number from 0 to 65535' })
    .int('must be a whole number from 0 to 65535')
    .min(0, 'must be a whole number from 0 to 65535')
    .max(65535, 'must be a whole number from 0 to 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(8),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(1024).default(25),
  DEMO: bool.default(true),
  GOLDTHREAD_DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  PUBLIC_DOWNLOADS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, like smtp://user:pass@host:587')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Goldthread <goldthread@localhost>'),
  BASE_URL: z
    .string()
    .regex(
      /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
      'must be an http:// or https:// address, like https://goldthread.example.org',
    )
    .optional(),
  // Sign-in with the council's identity provider (OpenID Connect); off unless all three are set.
  OIDC_ISSUER: z
    .string()
    .regex(
      /^(https:\/\/[^\s?#]+|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/[^\s?#]*)?)$/,
      'must be an https:// address, like https://login.microsoftonline.com/TENANT-ID/v2.0',
    )
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(100).default('your organisation'),
})

/** Sign-in with an OpenID Connect provider, for the whole installation. */
export interface OidcConfig {
  /** The issuer identifier; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string
  clientId: string
  clientSecret: string
  /** Who runs it, on the button: "Sign in with <name>". */
  name: string
  /** `<BASE_URL>/auth/oidc/callback`, registered with the provider. */
  redirectUri: string
}

export type Config = {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string
  sessionSecret: string | undefined
  sessionMaxAgeMs: number
  cookieSecure: boolean | 'auto'
  trustProxy: boolean
  logLevel: string
  uploadLimitBytes: number
  demo: boolean
  demoPassword: string | undefined
  signInRateLimit: number
  /** Public site data downloads one IP address may make in a minute (#16). */
  publicDownloadsPerMinute: number
  /** Outgoing mail (reminders, returned values); without it messages stay in the outbox page. */
  smtpUrl: string | undefined
  mailFrom: string
  /**
   * The address people reach Goldthread at, for links in emails (never taken from a request's
   * Host header, which a client chooses). No trailing slash.
   */
  baseUrl: string
  /** Sign-in with the council's identity provider; absent, only passwords. */
  oidc?: OidcConfig | undefined
}

export class ConfigError extends Error {}

/** Parse and validate the environment once, naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = envSchema.safeParse(raw)
  if (!parsed.success) {
    // One line, naming every bad variable: it is what the CLI prints before exiting.
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`)
  }
  const e = parsed.data
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET: required when NODE_ENV=production')
  }
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length
  if (oidcSet > 0 && oidcSet < 3)
    throw new ConfigError(
      'Invalid configuration: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three, or none',
    )
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    sessionSecret: e.SESSION_SECRET,
    sessionMaxAgeMs: e.SESSION_MAX_AGE_HOURS * 3600_000,
    cookieSecure:
      e.COOKIE_SECURE === 'auto' ? (e.NODE_ENV === 'production' ? true : 'auto') : e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    demo: e.DEMO,
    demoPassword: e.GOLDTHREAD_DEMO_PASSWORD,
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    publicDownloadsPerMinute: e.PUBLIC_DOWNLOADS_PER_MINUTE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    baseUrl,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            name: e.OIDC_NAME,
            redirectUri: `${baseUrl}/auth/oidc/callback`,
          }
        : undefined,
  }
}

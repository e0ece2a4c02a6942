import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/** Helmet with a strict CSP: scripts and styles only from us, inline ones only with the per-request nonce. */
export async function registerSecurity(app: FastifyInstance) {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // govuk-frontend's assets are served from the same origin; no cross-origin embedding needed.
    crossOriginEmbedderPolicy: false,
    // Sent below, only over HTTPS: browsers ignore it over HTTP, and it has no business there.
    strictTransportSecurity: false,
  })
  // `request.protocol` is the socket's, or X-Forwarded-Proto's only when TRUST_PROXY is set.
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS)
  })
}

/** Helmet's default policy: a year, subdomains included. */
export const HSTS = 'max-age=31536000; includeSubDomains'

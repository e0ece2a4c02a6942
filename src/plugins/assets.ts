import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const govuk = path.join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const moj = path.join(root, 'node_modules', '@ministryofjustice', 'frontend', 'moj')

/** GOV.UK Frontend's compiled CSS, JS, fonts and images, the MOJ pattern library, and our own. */
export async function registerAssets(app: FastifyInstance) {
  const opts = { decorateReply: false, maxAge: '1h', index: false } as const
  await app.register(fastifyStatic, { root: path.join(govuk, 'assets'), prefix: '/assets/', ...opts })
  await app.register(fastifyStatic, {
    root: govuk,
    prefix: '/govuk/',
    allowedPath: (p) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(p),
    ...opts,
  })
  await app.register(fastifyStatic, {
    root: moj,
    prefix: '/moj/',
    allowedPath: (p) => /^\/moj-frontend\.min\.(css|js)(\.map)?$/.test(p),
    ...opts,
  })
  await app.register(fastifyStatic, { root: path.join(root, 'public'), prefix: '/public/', ...opts })
}

import { Validator } from '@seriousme/openapi-schema-validator'
import { expect, it } from 'vitest'
import { describeIntegration } from './helpers/app.ts'

const NOT_DOCUMENTED = new Set(['/api/v1/openapi.json', '/api/v1/docs'])

/** `/api/v1/partnerships/:slug/places/:id` → `/api/v1/partnerships/{slug}/places/{id}` */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

describeIntegration('OpenAPI document', (t) => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const { app } = t()
    const res = await app.inject({ url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\.1\./)
    const validator = new Validator()
    const result = await validator.validate(doc)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
    // JSON Schema 2020-12 as 3.1 expects, not 3.0's `nullable`.
    expect(res.body).not.toContain('"nullable"')
  })

  it('documents every API route, with a summary, a tag and the error shape', async () => {
    const { app } = t()
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, { summary?: string; tags?: string[]; responses?: object }>>
    }>()
    const apiRoutes = app.routeList.filter(
      (r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD' && !NOT_DOCUMENTED.has(r.url),
    )
    expect(apiRoutes.length).toBeGreaterThan(5)
    const problems: string[] = []
    for (const r of apiRoutes) {
      const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]
      if (!op) problems.push(`${r.method} ${r.url}: missing from the document`)
      else {
        if (!op.summary) problems.push(`${r.method} ${r.url}: no summary`)
        if (!op.tags?.length) problems.push(`${r.method} ${r.url}: no tag`)
        if (!op.responses || !('401' in op.responses)) problems.push(`${r.method} ${r.url}: no 401 response`)
      }
    }
    expect(problems).toEqual([])
    // Nothing documented that is not served.
    const served = new Set(apiRoutes.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`))
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops)) expect(served).toContain(`${method} ${path}`)
  })

  it('renders the API reference page for anyone', async () => {
    const { app } = t()
    const res = await app.inject({ url: '/api/v1/docs' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('govuk-heading-l')
    expect(res.body).toContain('/api/v1/partnerships/{slug}/organisations')
    expect(res.body).toContain('/api/v1/partnerships/{slug}/audit')
  })
})

import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The module boundaries are rules, not advice: each planted violation below must be refused by
 * the lint configuration the project runs (`npm run lint`).
 */
const eslint = new ESLint({ cwd: process.cwd() })

/** Plant a file in the tree (type-aware lint needs it on disk), lint it, take it away again. */
async function restricted(filePath: string, code: string) {
  const planted = filePath.replace(/planted/, `planted-${process.pid}-${Math.random().toString(36).slice(2)}`)
  fs.writeFileSync(planted, code)
  try {
    const [result] = await eslint.lintFiles([planted])
    const messages = result?.messages ?? []
    const fatal = messages.find((m) => m.fatal)
    if (fatal) throw new Error(fatal.message)
    return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
  } finally {
    fs.rmSync(planted, { force: true })
  }
}

describe('module boundaries', { timeout: 60_000 }, () => {
  it("refuses another module's queries in a service", async () => {
    const found = await restricted(
      'src/modules/places/planted.service.ts',
      "import { findPerson } from '../people/people.queries.ts'\nexport const x = findPerson\n",
    )
    expect(found.join('\n')).toMatch(/SQL is private/)
  })

  it('refuses queries, the query builder and tables in pages and API files', async () => {
    for (const file of ['src/modules/places/planted.pages.ts', 'src/modules/places/planted.api.ts']) {
      const found = await restricted(
        file,
        [
          "import { eq } from 'drizzle-orm'",
          "import { places } from '../../db/schema/index.ts'",
          "import { listPlaces } from './places.queries.ts'",
          'export const x = [eq, places, listPlaces]',
        ].join('\n'),
      )
      expect(found).toHaveLength(3)
    }
  })

  it('refuses the query builder in a service (types are fine)', async () => {
    const found = await restricted(
      'src/modules/places/planted.service.ts',
      "import { eq } from 'drizzle-orm'\nimport type { SQL } from 'drizzle-orm'\nexport const x: SQL | typeof eq = eq\n",
    )
    expect(found).toHaveLength(1)
  })

  it('keeps the workbook engine free of modules', async () => {
    const found = await restricted(
      'src/workbook/planted.ts',
      "import { placePolicy } from '../modules/places/places.policy.ts'\nexport const x = placePolicy\n",
    )
    expect(found.join('\n')).toMatch(/workbook engine is generic/)
  })

  it("allows a module's own queries in its service", async () => {
    const found = await restricted(
      'src/modules/places/planted.service.ts',
      "import { listPlaces } from './places.queries.ts'\nexport const x = listPlaces\n",
    )
    expect(found).toEqual([])
  })

  it('finds an import cycle', async () => {
    const dir = fs.mkdtempSync(path.join(process.cwd(), '.scratch-cycle-'))
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.ts'\nexport const a = () => b\n")
      fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a.ts'\nexport const b = () => a\n")
      const run = promisify(execFile)('npx', ['madge', '--circular', '--no-spinner', dir])
      await expect(run).rejects.toMatchObject({
        stdout: expect.stringMatching(/a\.ts > b\.ts|b\.ts > a\.ts/),
      })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

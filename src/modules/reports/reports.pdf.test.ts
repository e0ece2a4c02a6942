import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { renderHtml } from './reports.html.ts'
import { closePdfBrowser, renderPdf } from './reports.pdf.ts'
import { bigDocument, everyBlock, generation } from './reports.render.fixtures.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const has = (cmd: string) => {
  try {
    execFileSync(cmd, ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const ready = fs.existsSync(CHROMIUM) && has('pdfinfo') && has('pdftotext')
if (!ready && process.env.CI === 'true')
  throw new Error(`The PDF tests need Chromium (${CHROMIUM}) and poppler-utils (pdfinfo, pdftotext) under CI`)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-report-pdf-'))
afterAll(async () => {
  await closePdfBrowser()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The PDF written out, with what pdfinfo and pdftotext read of it. */
function inspect(pdf: Buffer, name: string) {
  const file = path.join(dir, `${name}.pdf`)
  fs.writeFileSync(file, pdf)
  const info = Object.fromEntries(
    execFileSync('pdfinfo', [file], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.match(/^([^:]+):\s*(.*)$/))
      .filter((m): m is RegExpMatchArray => !!m)
      .map((m) => [m[1]!, m[2]!]),
  )
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  return { info, text }
}

// Chromium starts once for the file; a big print takes seconds on a loaded 2-core machine.
describe.skipIf(!ready)('renderPdf', { timeout: 60_000 }, () => {
  it('prints the HTML as a tagged A4 PDF with its title, and the footer on every page', async () => {
    const pdf = await renderPdf(renderHtml(everyBlock, generation), everyBlock)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const { info, text } = inspect(pdf, 'every-block')
    expect(info.Tagged).toBe('yes')
    expect(info.Title).toBe('Steering group report: 2008/09 Q2 – Leicestershire Together')
    expect(info['Page size']).toMatch(/\(A4\)$/)
    const pages = Number(info.Pages)
    expect(pages).toBeGreaterThan(1)
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`)
    expect(text.match(/As at 14 November 2008/g)?.length).toBeGreaterThanOrEqual(pages)
    // The status key is on the first page, with its words.
    const first = text.split('\f')[0]!
    for (const word of [
      'Status key',
      'Green',
      'On track',
      'Amber',
      'Red',
      'No data',
      'No target',
      'Not rated',
    ])
      expect(first).toContain(word)
    // The outline (bookmarks) is there: the document catalogue points at one.
    expect(pdf.includes('/Outlines')).toBe(true)
  })

  it('keeps a 61-target report with a chart each under 5 MB, sharing one browser', async () => {
    const doc = bigDocument()
    const started = performance.now()
    const pdf = await renderPdf(renderHtml(doc, generation), doc)
    const ms = performance.now() - started
    expect(pdf.length).toBeLessThan(5 * 1024 * 1024)
    expect(ms).toBeLessThan(20_000)
    const { info } = inspect(pdf, 'big')
    expect(info.Tagged).toBe('yes')
    expect(Number(info.Pages)).toBeGreaterThan(5)
  })

  it('says what is missing when there is no Chromium', async () => {
    await closePdfBrowser()
    const saved = process.env.CHROMIUM_PATH
    process.env.CHROMIUM_PATH = path.join(dir, 'no-chromium')
    try {
      await expect(renderPdf('<p>x</p>', everyBlock)).rejects.toThrow(/PDF needs Chromium: set CHROMIUM_PATH/)
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH
      else process.env.CHROMIUM_PATH = saved
    }
  })
})

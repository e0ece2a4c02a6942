import ExcelJS from 'exceljs'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderHtml } from './reports.html.ts'
import { bigDocument, everyBlock, generation } from './reports.render.fixtures.ts'
import { cellValue, renderXlsx, sheetName } from './reports.xlsx.ts'

const html = renderHtml(everyBlock, generation)

describe('renderHtml', () => {
  it('is one self-contained English page titled with the report and the partnership', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="en-GB">/)
    expect(html).toContain('<title>Steering group report: 2008/09 Q2 – Leicestershire Together</title>')
    // Nothing is fetched: no stylesheet, script, image or font from anywhere.
    expect(html).not.toMatch(/<link\b|<script\b|<img\b|@import|url\(|src=/i)
    expect(html).toContain('<style>')
    expect(html).not.toMatch(/font-family:[^;]*GDS Transport|govuk-header__logotype|govuk-crown/)
  })

  it('has a cover with the facts, in UK time', () => {
    expect(html).toContain('<h1 class="govuk-heading-xl">Steering group report: 2008/09 Q2</h1>')
    for (const text of [
      'Steering group, each quarter',
      '2008/09 Q2',
      '14 November 2008 at 17:30', // GMT in November
      'Safer communities',
      'Pat Officer',
      '3 December 2026 at 14:05',
      'Target',
    ])
      expect(html).toContain(text)
  })

  it('links the contents to each section by its id', () => {
    const links = [...html.matchAll(/<a class="govuk-link" href="#([^"]+)">/g)].map((m) => m[1])
    const ids = [...html.matchAll(/<section [^>]*id="([^"]+)"/g)].map((m) => m[1])
    expect(links).toEqual(everyBlock.sections.map((s) => s.id))
    expect(ids).toEqual(links)
  })

  it('gives the status key in colour and words on the first page, before any section', () => {
    const key = html.slice(html.indexOf('data-qa="status-key"'), html.indexOf('<section'))
    for (const [word, tag] of [
      ['Green', 'govuk-tag--green'],
      ['Amber', 'govuk-tag--orange'],
      ['Red', 'govuk-tag--red'],
      ['No data', 'govuk-tag--grey'],
      ['No target', 'govuk-tag--grey'],
      ['Not rated', 'govuk-tag--grey'],
    ])
      expect(key).toContain(`<strong class="govuk-tag ${tag}">${word}</strong>`)
    expect(key).toContain('On track')
  })

  it('scopes table headers, captions tables, right-aligns numbers and tags statuses', () => {
    expect(html).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--m">Safer communities targets</caption>',
    )
    expect(html).toContain(
      '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Value</th>',
    )
    expect(html).toContain('<th scope="row" class="govuk-table__header">NI 16 Serious acquisitive crime</th>')
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">14.2</td>')
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">6.1 per 1,000</td>')
    expect(html).toContain(
      '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Red</strong></td>',
    )
    expect(html).toContain('<strong class="govuk-tag govuk-tag--orange">Amber (forecast)</strong>')
    // rowHeaders: false leaves the first cell a data cell.
    expect(html).toContain('<td class="govuk-table__cell">Slipped</td>')
    expect(html).toContain('No returns are overdue.')
  })

  it('puts each chart’s table straight after its image', () => {
    const charts = [
      ...html.matchAll(
        /<svg [^>]*role="img"[\s\S]*?<\/svg>\s*<div class="gt-table-scroll"[^>]*>\s*<table[^>]*>\s*<caption[^>]*>([^<]*)</g,
      ),
    ]
    expect(charts.map((m) => m[1])).toEqual([
      'Targets by status and theme',
      'NI 16 by quarter',
      'Open risks by likelihood and impact',
    ])
    expect(html).toContain('<title id="targets-chart-1-title">NI 16 trend</title>')
  })

  it('escapes text and keeps its paragraphs', () => {
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(html).toContain(
      '<p class="govuk-body">A second paragraph\nwith a line break &amp; an ampersand.</p>',
    )
    expect(html).toContain('Sam Lead, 10 November 2008')
  })

  it('renders a 61-target report quickly', () => {
    const started = performance.now()
    const big = renderHtml(bigDocument(), generation)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(big.match(/<svg /g)?.length).toBeGreaterThan(61)
  })
})

describe('renderXlsx', () => {
  it('writes a Cover sheet and a sheet per section with the same figures', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await renderXlsx(everyBlock, generation)) as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Cover',
      'Summary',
      'Targets value against target',
      'Risks heat map current scored',
    ])
    expect(wb.title).toBe('Steering group report: 2008/09 Q2 – Leicestershire Together')
    expect(wb.creator).toBe('Goldthread')

    const rows = (name: string) =>
      (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1))
    const cover = rows('Cover')
    expect(cover).toContainEqual(['Partnership', 'Leicestershire Together'])
    expect(cover).toContainEqual(['Generated by', 'Pat Officer'])
    expect(cover).toContainEqual(['Green', 'On track: on target or better.'])

    const targets = rows('Targets value against target')
    const caption = targets.findIndex((r) => r[0] === 'Safer communities targets')
    expect(targets[caption + 1]).toEqual(['Target', 'Value', 'Target value', 'Grant payable', 'Status'])
    expect(targets[caption + 2]).toEqual(['NI 16 Serious acquisitive crime', 14.2, 13.4, 1234.5, 'Red'])
    expect(targets[caption + 3]).toEqual(['NI 20 Assault with injury', 6.1, 6.5, undefined, 'Green'])
    expect(targets[caption + 7]).toEqual(['NI 30 Re-offending', 0.91, 0.9, undefined, 'Amber (forecast)'])
    expect(wb.getWorksheet('Targets value against target')!.getRow(caption + 2).font).toBeUndefined()
    expect(targets).toContainEqual(['No returns are overdue.'])
    // A chart gives its table.
    expect(targets).toContainEqual(['2008/09 Q2', 7.1, 6.7])
    expect(rows('Risks heat map current scored')).toContainEqual([4, 4, 16, 2])
  })

  it('names sheets within Excel’s rules', () => {
    const taken = new Set(['cover'])
    expect(sheetName('Cover', taken)).toBe('Cover (2)')
    expect(sheetName('A very long section title that goes on and on', taken)).toBe(
      'A very long section title that',
    )
    expect(sheetName('A very long section title that goes on and on', taken)).toBe(
      'A very long section title t (2)',
    )
    expect(sheetName('?*[]', taken)).toBe('Section')
    expect(sheetName('History', taken)).toBe('History (2)')
  })

  it('keeps numbers numbers and money exact', () => {
    expect(cellValue(3, false)).toEqual({ value: 3 })
    expect(cellValue('1234.50', true)).toEqual({ value: 1234.5, numFmt: '#,##0.00' })
    expect(cellValue('1234.50', false)).toEqual({ value: '1234.50' })
    expect(cellValue('£1,234.50', true)).toEqual({ value: '£1,234.50' })
    expect(cellValue({ status: 'n/a' }, false)).toEqual({ value: 'Not rated' })
    expect(cellValue({ text: '12%', value: 12 }, true)).toEqual({ value: 12 })
    expect(cellValue(null, true)).toEqual({ value: null })
  })
})

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const haveChromium = fs.existsSync(CHROMIUM)
if (!haveChromium && process.env.CI === 'true')
  throw new Error(`Chromium is required under CI but missing at ${CHROMIUM}`)

describe.skipIf(!haveChromium)('the HTML in Chromium', () => {
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    })
    page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.setContent(html, { waitUntil: 'load' })
    expect(requests).toEqual([])
  }, 30_000)
  afterAll(async () => browser?.close())

  it('passes axe (WCAG 2.2 A and AA)', async () => {
    const require = createRequire(import.meta.url)
    await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'))
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              d: Document,
              o: unknown,
            ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>
          }
        }
      ).axe
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] },
      })
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    })
    expect(violations).toEqual([])
  })

  it('has a chart image named by its title, each followed by its table', async () => {
    const charts = await page.$$eval('svg[role="img"].gt-chart', (svgs) =>
      svgs.map((s) => ({
        name: s.querySelector('title')?.textContent,
        next: s.nextElementSibling?.firstElementChild?.tagName,
      })),
    )
    expect(charts).toEqual([
      { name: 'Targets by status and theme', next: 'TABLE' },
      { name: 'NI 16 trend', next: 'TABLE' },
      { name: 'Open risks by likelihood and impact', next: 'TABLE' },
    ])
  })
})

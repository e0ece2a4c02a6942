/**
 * The PDF: Chromium printing the HTML of record as it is — no second layout. Tagged (accessible)
 * and with an outline from the headings; every page's footer gives its number, the as-at date and
 * the partnership. One browser, launched on first use and shared by every render (each in a page
 * of its own); closePdfBrowser() ends it at shutdown.
 */
import fs from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { escapeXml } from '../../lib/charts/line-chart.ts'
import { formatUkDate } from './reports.html.ts'
import type { ReportDocument } from './reports.model.ts'

const executablePath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

let browser: Promise<Browser> | undefined

/** No Chromium to print with: the report is still made, without its PDF, and says so. */
export class PdfUnavailable extends Error {}

/** The shared browser; launched again if it has gone (crashed or closed). */
function sharedBrowser(): Promise<Browser> {
  if (browser) return browser
  const path = executablePath()
  if (!fs.existsSync(path))
    return Promise.reject(new PdfUnavailable(`PDF needs Chromium: set CHROMIUM_PATH (none at ${path})`))
  const launching = chromium
    .launch({
      executablePath: path,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    .then((b) => {
      b.on('disconnected', () => {
        if (browser === launching) browser = undefined
      })
      return b
    })
    .catch((err: unknown) => {
      if (browser === launching) browser = undefined
      throw new PdfUnavailable(
        `PDF needs Chromium: set CHROMIUM_PATH (could not start ${path}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      )
    })
  browser = launching
  return launching
}

/** Page margins; the bottom one holds the footer. */
const MARGIN = { top: '15mm', right: '14mm', bottom: '18mm', left: '14mm' }

/**
 * Chromium's footer template: a document of its own, styled inline (none of the page's CSS
 * reaches it) and filled in per page through the pageNumber and totalPages classes.
 */
export function footerTemplate(doc: ReportDocument): string {
  const style = 'font-family: arial, helvetica, sans-serif; font-size: 8pt; color: #0b0c0c;'
  return (
    `<div style="${style} width: 100%; margin: 0 ${MARGIN.left}; display: flex; justify-content: space-between; gap: 8mm;">` +
    `<span>${escapeXml(doc.partnership.name)} · ${escapeXml(doc.title)}</span>` +
    `<span>As at ${escapeXml(formatUkDate(doc.asAt))}</span>` +
    `<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>` +
    `</div>`
  )
}

export async function renderPdf(html: string, doc: ReportDocument): Promise<Buffer> {
  const b = await sharedBrowser()
  const page = await b.newPage()
  try {
    // Nothing is fetched: the HTML is self-contained, and anything else is refused.
    await page.route('**/*', (route) => route.abort())
    await page.setContent(html, { waitUntil: 'load' })
    const pdf = await page.pdf({
      format: 'A4',
      tagged: true,
      outline: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(doc),
      margin: MARGIN,
    })
    return Buffer.from(pdf)
  } finally {
    await page.context().close()
  }
}

/** Close the shared browser (server shutdown, end of a CLI run or a test file). */
export async function closePdfBrowser(): Promise<void> {
  const b = browser
  browser = undefined
  if (!b) return
  try {
    await (await b).close()
  } catch {
    // It never started or has already gone: nothing to close.
  }
}

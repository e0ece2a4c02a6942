/**
 * Every table in a page's content scrolls sideways inside its own container, so the page itself
 * never does (at 320 px, say): the layout passes the content through `scrollableTables`, which puts
 * each `<table>` in a labelled region a keyboard can reach and scroll (WCAG 1.4.10 Reflow, 2.1.1).
 * The region is named after the table's caption, or the heading before it.
 */

const TABLE = /<table\b[^>]*>[\s\S]*?<\/table>/g
const CAPTION = /<caption\b[^>]*>([\s\S]*?)<\/caption>/
const HEADINGS = /<h[1-4]\b[^>]*>([\s\S]*?)<\/h[1-4]>/g
const ALREADY = 'gt-table-scroll'

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&nbsp;': ' ',
}

/** The text of an HTML fragment, tags dropped, whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim()
}

const attribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The region's name: the table's caption, else the last heading before it, else "Table". */
function labelFor(html: string, table: string, at: number): string {
  const caption = CAPTION.exec(table)
  if (caption) {
    const text = textOf(caption[1]!)
    if (text) return text
  }
  let heading = ''
  for (const m of html.slice(0, at).matchAll(HEADINGS)) heading = textOf(m[1]!)
  return heading ? `${heading} (table)` : 'Table'
}

/** Wrap each table of `html` in a focusable, labelled region that scrolls sideways. */
export function scrollableTables(html: string): string {
  if (!html.includes('<table')) return html
  return html.replace(TABLE, (table: string, at: number) => {
    // A template that already wrapped its table keeps its own region.
    if (html.lastIndexOf(ALREADY, at) > html.lastIndexOf('</div>', at)) return table
    const label = attribute(labelFor(html, table, at))
    return `<div class="${ALREADY}" role="region" aria-label="${label}" tabindex="0">${table}</div>`
  })
}

import { describe, expect, it } from 'vitest'
import { scrollableTables, textOf } from './tables.ts'

describe('scrollableTables', () => {
  it('puts each table in a focusable region named by its caption', () => {
    const html =
      '<p>x</p><table class="govuk-table"><caption class="c">Rounds &amp; <b>dates</b></caption><tr><td>1</td></tr></table>'
    expect(scrollableTables(html)).toBe(
      '<p>x</p><div class="gt-table-scroll" role="region" aria-label="Rounds &amp; dates" tabindex="0">' +
        '<table class="govuk-table"><caption class="c">Rounds &amp; <b>dates</b></caption><tr><td>1</td></tr></table></div>',
    )
  })

  it('names a table without a caption after the heading before it, else "Table"', () => {
    const out = scrollableTables(
      '<h2 class="h">Returns "due"</h2><table><tr><td>1</td></tr></table><table></table>',
    )
    expect(out).toContain('aria-label="Returns &quot;due&quot; (table)"')
    expect(scrollableTables('<table><tr><td>1</td></tr></table>')).toContain('aria-label="Table"')
  })

  it('leaves pages without tables, and tables already in a region, as they are', () => {
    expect(scrollableTables('<p>no tables</p>')).toBe('<p>no tables</p>')
    const wrapped =
      '<div class="gt-table-scroll" role="region" aria-label="x" tabindex="0"><table></table></div>'
    expect(scrollableTables(wrapped)).toBe(wrapped)
  })

  it('reads text out of HTML', () => {
    expect(textOf(' <span>A&amp;B</span>\n <i>c</i> ')).toBe('A&B c')
  })
})

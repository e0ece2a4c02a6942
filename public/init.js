// Progressive enhancement only: every page works without this file.
import { initAll } from '/govuk/govuk-frontend.min.js'

initAll()

// A table wider than a narrow screen scrolls inside itself (goldthread.css): let the keyboard reach
// it to scroll. Without this file, browsers that make scrollers focusable themselves still do.
function focusableScrollers() {
  for (const table of document.querySelectorAll('.govuk-table')) {
    const scrolls = table.scrollWidth > table.clientWidth
    if (scrolls && !table.hasAttribute('tabindex')) {
      table.setAttribute('tabindex', '0')
      table.dataset.gtScroller = ''
    } else if (!scrolls && 'gtScroller' in table.dataset) {
      table.removeAttribute('tabindex')
      delete table.dataset.gtScroller
    }
  }
}
focusableScrollers()
addEventListener('resize', focusableScrollers)

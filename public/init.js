// Progressive enhancement only: every page works without this file.
import { initAll } from '/govuk/govuk-frontend.min.js'

initAll()

// Every table sits in a region that scrolls sideways when the table is wider than the screen
// (src/lib/tables.ts, goldthread.css); the page marks each region focusable so a keyboard can scroll
// it. Here, a region with nothing to scroll leaves the tab order, and comes back when it has.
function focusableScrollers() {
  for (const region of document.querySelectorAll('.gt-table-scroll')) {
    if (region.scrollWidth > region.clientWidth) region.setAttribute('tabindex', '0')
    else region.removeAttribute('tabindex')
  }
}
focusableScrollers()
addEventListener('resize', focusableScrollers)

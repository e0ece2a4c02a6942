// Progressive enhancement of a report's page while it is generated: without this file the page
// reloads itself (a <noscript> refresh); with it, the page asks for itself every 2 seconds and
// updates the progress in place (announced by its live region), then shows the finished report.
const state = document.querySelector('[data-report-state]')

if (state && state.dataset.finished === 'false' && window.fetch && window.DOMParser) {
  const tick = async () => {
    let next
    try {
      const res = await fetch(window.location.pathname, { headers: { accept: 'text/html' } })
      if (!res.ok) return setTimeout(tick, 5000)
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
      next = doc.querySelector('[data-report-state]')
    } catch {
      return setTimeout(tick, 5000)
    }
    if (!next) return
    if (next.dataset.finished === 'true') {
      // Finished: the facts, links or error replace the progress; the new live region says so.
      state.innerHTML = next.innerHTML
      state.dataset.finished = 'true'
      state.dataset.status = next.dataset.status
      const announce = document.querySelector('[data-report-announce]')
      if (announce)
        announce.textContent =
          next.dataset.status === 'done' ? 'The report is ready.' : 'The report could not be generated.'
      return
    }
    const bar = state.querySelector('progress')
    const newBar = next.querySelector('progress')
    if (bar && newBar) {
      bar.value = newBar.value
      bar.textContent = newBar.textContent
    }
    const live = state.querySelector('[data-report-live]')
    const newLive = next.querySelector('[data-report-live]')
    // Only a change is announced.
    if (live && newLive && live.textContent !== newLive.textContent) live.textContent = newLive.textContent
    const status = state.querySelector('[data-qa="report-status"]')
    const newStatus = next.querySelector('[data-qa="report-status"]')
    if (status && newStatus) status.replaceWith(newStatus)
    state.dataset.status = next.dataset.status
    setTimeout(tick, 2000)
  }
  setTimeout(tick, 2000)
}

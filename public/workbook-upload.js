// Progressive enhancement of the workbook upload form: without this file the form posts
// normally and the result page says what happened. With it, the page shows how much of the
// file has been sent, then polls the server for how many rows it has read, checked and saved.
const form = document.querySelector('form[data-qa="import-form"]')
const box = document.querySelector('[data-upload-progress]')

const phases = {
  receiving: 'Receiving the file…',
  reading: 'Reading and checking rows',
  checking: 'Checking the whole file',
  writing: 'Saving',
  done: 'Finishing',
  failed: 'Finishing',
}

function newId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID()
  const bytes = new Uint8Array(16)
  window.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

if (form && box && window.XMLHttpRequest && window.FormData) {
  const bar = box.querySelector('progress')
  const status = box.querySelector('[data-upload-status]')
  const button = form.querySelector('button[data-qa="import"]')
  const file = form.querySelector('input[type="file"]')
  const say = (text) => {
    status.textContent = text
  }

  form.addEventListener('submit', (event) => {
    // No file chosen: let the server say so, as it does without this script.
    if (!file || !file.files || file.files.length === 0) return
    event.preventDefault()
    const id = newId()
    const action = form.getAttribute('action')
    const progressUrl = action.replace(/\/import(\?.*)?$/, `/imports/${id}/progress`)
    const xhr = new XMLHttpRequest()
    let timer
    let polling = false

    const poll = async () => {
      try {
        const res = await fetch(progressUrl, {
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
        })
        if (res.ok) {
          const p = await res.json()
          const rows = p.rows ? `: ${Number(p.rows).toLocaleString('en-GB')} rows` : ''
          say(`${phases[p.phase] || 'Working'}${rows}`)
        }
      } catch {
        // A missed poll is not a failure: the upload itself says how it ended.
      }
      if (polling) timer = setTimeout(poll, 1000)
    }
    const stop = () => {
      polling = false
      clearTimeout(timer)
    }

    box.hidden = false
    bar.value = 0
    say('Starting the upload…')
    if (button) button.setAttribute('disabled', 'disabled')

    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return
      const percent = Math.round((e.loaded / e.total) * 100)
      bar.value = percent
      say(`Uploading: ${percent}%`)
    })
    xhr.upload.addEventListener('load', () => {
      bar.value = 100
      say('Uploaded. Reading and checking rows…')
      polling = true
      poll()
    })
    xhr.addEventListener('load', () => {
      stop()
      // The response is the page the form would have shown: show it, at the upload page's address.
      document.open()
      document.write(xhr.responseText)
      document.close()
    })
    xhr.addEventListener('error', () => {
      stop()
      say('The upload did not finish: check your connection and try again.')
      if (button) button.removeAttribute('disabled')
    })
    xhr.open('POST', `${action}${action.includes('?') ? '&' : '?'}progress=${encodeURIComponent(id)}`)
    const token = form.querySelector('input[name="_csrf"]')
    if (token) xhr.setRequestHeader('X-CSRF-Token', token.value)
    xhr.send(new FormData(form))
  })
}

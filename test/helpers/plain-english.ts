/**
 * Plain English (#16 §5): the fixed text of a Nunjucks template as sentences, and a reading age
 * for them. Reading age = Flesch–Kincaid grade + 5 (wooorm's `flesch-kincaid`, syllables by
 * `syllable`); GOV.UK aims for 9, the public site must stay at 12 or under.
 */
import { fleschKincaid } from 'flesch-kincaid'
import { syllable } from 'syllable'

/** What a `{{ … }}` with no fixed words in it stands for: a name, a number, a date. Counts as one short word. */
export const SLOT = '…'

/** Elements whose end ends a sentence: a heading, list item, cell, caption or paragraph is read on its own. */
const BLOCK =
  /<\/?(?:p|h[1-6]|li|ul|ol|dl|dt|dd|div|td|th|tr|table|caption|figure|figcaption|header|footer|nav|main|section|legend|label|fieldset|option|summary|details|br|hr)\b[^>]*>/gi

/** Fixed words inside an expression: string literals that read as text, not class names, ids or field names. */
function literalsOf(expr: string): string[] {
  const out: string[] = []
  for (const m of expr.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) {
    const s = (m[1] ?? m[2] ?? '').trim()
    if (!/\p{L}{2}/u.test(s)) continue
    if (/govuk-|gt-|--|[/#.=]/.test(s) && !/\s\p{L}/u.test(s)) continue
    if (!/\s/.test(s) && !/^\p{Lu}/u.test(s)) continue // a lower-case single word is a name or key
    out.push(s)
  }
  return out
}

/** Attribute text a reader hears or sees: `alt` and `aria-label`. */
function readAttributes(tag: string): string {
  const out: string[] = []
  for (const m of tag.matchAll(/\b(?:alt|aria-label)\s*=\s*"([^"]*)"/gi)) out.push(m[1] ?? '')
  return out.length ? ` ${out.join('. ')}. ` : ''
}

/**
 * A template's fixed text, one sentence a string: Nunjucks comments and tags go, an expression
 * leaves its fixed words (or `…` for a value), HTML tags go (keeping alt and aria-label), a block
 * element ends a sentence, and so do `.`, `!` and `?`.
 */
export function templateSentences(source: string): string[] {
  const text = source
    .replace(/\{#[\s\S]*?#\}/g, ' ')
    .replace(/\{%-?\s*(?:else|elif|elseif)\b[\s\S]*?-?%\}/g, '\n\n')
    .replace(/\{%[\s\S]*?%\}/g, '')
    .replace(/\{\{[\s\S]*?\}\}/g, (e) => {
      const words = literalsOf(e)
      if (!words.length) return SLOT
      // A macro call's texts are each read on their own (a link, a button); a choice reads as its first.
      return /\w\s*\(/.test(e) ? `\n\n${words.join('\n\n')}\n\n` : ` ${words[0]} `
    })
    .replace(/<script\b[\s\S]*?<\/script>|<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(BLOCK, (t) => `\n\n${readAttributes(t)}\n\n`)
    .replace(/<[^>]+>/g, (t) => readAttributes(t).trim())
  return sentencesOf(decodeEntities(text))
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&rsquo;|&lsquo;/g, '’')
}

/** Sentences of plain text: split at blank lines and after `.`, `!` or `?`; code marks go; dropped if no word is fixed. */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/`/g, '')
    .split(/\n\s*\n|(?<=[.!?])\s+(?=\S)/)
    .map((s) =>
      s
        .replace(/\s+/g, ' ')
        .replace(/\s+([.,;:!?])/g, '$1')
        .trim(),
    )
    .filter((s) => wordsOf(s).some((w) => w !== SLOT && /\p{L}/u.test(w)))
}

/** Words: runs with a letter or digit (a value slot counts as one word). */
export function wordsOf(sentence: string): string[] {
  return sentence.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w) || w.includes(SLOT))
}

/** Syllables of a word; a value slot or a number counts as one. */
function syllablesOf(word: string): number {
  const w = word.replaceAll(SLOT, '')
  if (!/\p{L}/u.test(w)) return 1
  return Math.max(1, syllable(w))
}

export type Counts = { sentence: number; word: number; syllable: number }

export function countsOf(sentences: readonly string[]): Counts {
  let word = 0
  let syl = 0
  for (const s of sentences) {
    const ws = wordsOf(s)
    word += ws.length
    syl += ws.reduce((n, w) => n + syllablesOf(w), 0)
  }
  return { sentence: sentences.length, word, syllable: syl }
}

/** Reading age in years: Flesch–Kincaid grade + 5, one decimal place. */
export function readingAge(sentences: readonly string[]): number {
  const c = countsOf(sentences)
  if (!c.sentence || !c.word) return 0
  return Math.round((fleschKincaid(c) + 5) * 10) / 10
}

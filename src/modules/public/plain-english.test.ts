/**
 * Plain English on the public site (#16 §5): every fixed sentence a reader of the public site or
 * a resident consultation page sees — the templates' own words, the data dictionary's and the
 * status words — has at most 25 words, and the whole reads at a reading age of 12 or under
 * (Flesch–Kincaid grade + 5; GOV.UK aims for 9).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readingAge, sentencesOf, templateSentences, wordsOf } from '../../../test/helpers/plain-english.ts'
import { directionLabels } from '../dashboard/dashboard.presenter.ts'
import { downloads } from './public.data.ts'
import { polarityLabels, publicStatusLabels } from './public.presenter.ts'

const MAX_WORDS = 25
const MAX_READING_AGE = 12

const root = join(import.meta.dirname, '../../..')
/** The public site's views, and the resident consultation pages' once they exist. */
const VIEW_FOLDERS = ['src/modules/public/views', 'src/modules/residents/views']

function templates(): { source: string; sentences: string[] }[] {
  return VIEW_FOLDERS.map((f) => join(root, f))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.njk'))
        .sort()
        .map((name) => join(dir, name)),
    )
    .map((file) => ({
      source: relative(root, file),
      sentences: templateSentences(readFileSync(file, 'utf8')),
    }))
}

/** The data dictionary's fixed words (public.data.ts) and the status words the presenter shows. */
function fixedStrings(): { source: string; sentences: string[] }[] {
  const data = 'src/modules/public/public.data.ts'
  const dictionary = downloads.flatMap((d) => [
    { source: `${data} (download ${d.name})`, sentences: [d.title, d.description] },
    ...d.columns.map((c) => ({
      source: `${data} (column ${c.name})`,
      sentences: [c.title, c.description, c.unit ?? ''],
    })),
  ])
  const labels = [
    ...Object.values(publicStatusLabels),
    ...Object.values(polarityLabels),
    ...Object.values(directionLabels),
  ]
  return [
    ...dictionary,
    { source: 'src/modules/public/public.presenter.ts (status words)', sentences: labels },
  ].map((s) => ({ ...s, sentences: s.sentences.flatMap((t) => sentencesOf(t)) }))
}

const sources = [...templates(), ...fixedStrings()]
const everything = sources.flatMap((s) => s.sentences)

const score = (sentence: string) => readingAge([sentence])

/**
 * Text whose too-long sentences wait on its owner (reported to them), by source: each must still
 * have one (so its entry goes once the text is fixed), and no other source may join them.
 */
const AWAITING: readonly string[] = []

const tooLong = (t: string) => wordsOf(t).length > MAX_WORDS

describe('plain English on the public site', () => {
  it('finds the public templates and the dictionary', () => {
    const names = sources.map((s) => s.source)
    for (const view of ['home', 'outcomes', 'target', 'period', 'data', 'index', '_layout', '_status'])
      expect(names).toContain(`src/modules/public/views/${view}.njk`)
    expect(everything.length).toBeGreaterThan(100)
  })

  it(`has no sentence longer than ${MAX_WORDS} words`, () => {
    const long = sources
      .filter((s) => !AWAITING.includes(s.source))
      .flatMap((s) =>
        s.sentences
          .filter(tooLong)
          .map((t) => `${s.source}: "${t}" (${wordsOf(t).length} words, reading age ${score(t)})`),
      )
    expect(long, `Sentences over ${MAX_WORDS} words:\n${long.join('\n')}`).toEqual([])
  })

  it('still has a too-long sentence in each source it waits on (else take it off the list)', () => {
    for (const source of AWAITING)
      expect(sources.find((s) => s.source === source)?.sentences.some(tooLong), source).toBe(true)
  })

  it(`reads at a reading age of ${MAX_READING_AGE} or under`, () => {
    const age = readingAge(everything)
    const bySource = sources.map((s) => `${s.source}: reading age ${readingAge(s.sentences)}`)
    const hardest = sources
      .flatMap((s) => s.sentences.map((t) => ({ s: s.source, t, a: score(t) })))
      .sort((a, b) => b.a - a.a)
      .slice(0, 15)
      .map((h) => `${h.s}: "${h.t}" (reading age ${h.a})`)
    expect(
      age,
      `Reading age ${age} (at most ${MAX_READING_AGE}).\nBy file:\n${bySource.join('\n')}\nHardest sentences:\n${hardest.join('\n')}`,
    ).toBeLessThanOrEqual(MAX_READING_AGE)
  })
})

describe('the reading-age check itself', () => {
  it('takes a template’s fixed words, not its code or markup', () => {
    const s = templateSentences(
      [
        '{# a comment that is not read #}',
        '{% extends "layout.njk" %}{% block content %}',
        '<h1 class="govuk-heading-l">{{ site.name }}</h1>',
        '<p class="govuk-body">We publish {{ count }} target{{ "s" if count != 1 }}. See <a class="govuk-link" href="{{ href }}">the list</a>.</p>',
        '<img src="/chart.svg" alt="A chart of the figures">',
        '{{ govukBackLink({ text: "All periods", href: href, classes: "govuk-!-margin-0" }) }}',
        '<ul><li>First</li><li>Second</li></ul>',
        '{% endblock %}',
      ].join('\n'),
    )
    expect(s).toEqual([
      'We publish … target….',
      'See the list.',
      'A chart of the figures.',
      'All periods',
      'First',
      'Second',
    ])
  })

  it('fails a hard sentence and passes a plain one', () => {
    const hard =
      'Notwithstanding the aforementioned considerations, the partnership’s institutional accountability arrangements necessitate comprehensive interorganisational performance reconciliation methodologies.'
    const plain = 'We check the figures every three months. You can see them here.'
    expect(readingAge([hard])).toBeGreaterThan(MAX_READING_AGE)
    expect(readingAge(sentencesOf(plain))).toBeLessThanOrEqual(9)
    const long = 'one '.repeat(MAX_WORDS + 1).trim() + '.'
    expect(wordsOf(long).length).toBeGreaterThan(MAX_WORDS)
  })
})

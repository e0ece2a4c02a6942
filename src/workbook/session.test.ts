import { describe, expect, it } from 'vitest'
import { csvChunks } from './session.ts'

describe('csvChunks', () => {
  const records = Array.from({ length: 500 }, (_, i) =>
    i % 7 === 0 ? `${i},"line one\nline ""two""\n"\n` : `${i},plain,${'x'.repeat(i % 13)}\n`,
  )
  const csv = records.join('')

  it('cuts only between whole records, keeps every character, and keeps pieces within the size', () => {
    const chunks = csvChunks(csv, 200)
    expect(chunks.length).toBeGreaterThan(10)
    expect(chunks.join('')).toBe(csv)
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(200)
      expect(c.endsWith('\n')).toBe(true)
      // Each piece starts a record: its first field is a row number.
      expect(c).toMatch(/^\d+,/)
    }
  })

  it('never cuts inside a quoted field', () => {
    for (const c of csvChunks(csv, 40)) expect((c.match(/"/g) ?? []).length % 2).toBe(0)
  })

  it('leaves small text whole and gives a record longer than the size a piece of its own', () => {
    expect(csvChunks('a,b\n', 100)).toEqual(['a,b\n'])
    const long = `1,${'y'.repeat(50)}\n`
    expect(csvChunks(`0,a\n${long}2,b\n`, 10)).toEqual(['0,a\n', long, '2,b\n'])
    expect(csvChunks('0,a\n1,b', 4)).toEqual(['0,a\n', '1,b'])
  })
})

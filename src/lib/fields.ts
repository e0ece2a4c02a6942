import { z } from 'zod'

/** Yes/no as the workbook and forms send it: yes/no/true/false/y/n/on, or a JSON boolean. */
export const yesNo = z.preprocess(
  (v) => {
    if (Array.isArray(v)) v = v[v.length - 1]
    if (typeof v === 'boolean' || v === undefined || v === null) return v ?? undefined
    if (typeof v !== 'string' && typeof v !== 'number') return v
    const s = String(v).trim().toLowerCase()
    if (['yes', 'y', 'true', 'on', '1'].includes(s)) return true
    if (['no', 'n', 'false', 'off', '0', ''].includes(s)) return false
    return v
  },
  z.boolean({ error: 'Must be yes or no' }),
)

/** Text that may be left blank: blank becomes null. */
export const optionalText = (max = 2000) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v),
    z.string().max(max, `Must be ${max} characters or fewer`).nullable().optional(),
  )

/** Required text with a GOV.UK-style message naming what to enter. */
export const requiredText = (message: string, max = 200) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
    z.string({ error: message }).min(1, message).max(max, `Must be ${max} characters or fewer`),
  )

/** An optional uuid reference chosen from a list: blank = none. */
export const optionalId = (message = 'Choose from the list') =>
  z.preprocess((v) => (v === '' ? null : v), z.uuid({ error: message }).nullable().optional())

export const uuidParam = z.object({ id: z.uuid() })

export const isUuid = (s: string) => z.uuid().safeParse(s).success

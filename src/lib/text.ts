/** "Unit is missing" → "unit is missing", to follow a colon in a longer message. */
export const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

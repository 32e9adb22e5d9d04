/**
 * Rate-limit header values, read the same way for every provider. `Headers` lower-cases names, so callers' lookups
 * are case-insensitive.
 */

/** A non-negative number at the start of a header value (`"42"`, `"42, 100;w=60"`), else undefined. */
export function parseCount(value: string | null): number | undefined {
  if (value === null) return undefined;
  const first = value.split(/[,;]/)[0]?.trim() ?? '';
  if (!/^\d+(\.\d+)?$/.test(first)) return undefined;
  return Number(first);
}

/**
 * A reset time as epoch ms. Numbers are epoch milliseconds (≥ 1e12), epoch seconds (≥ 1e9), or else seconds from
 * now; anything else is tried as a date (ISO or HTTP date).
 */
export function parseResetValue(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const number = parseCount(value);
  if (number !== undefined) {
    if (number >= 1e12) return Math.round(number);
    if (number >= 1e9) return Math.round(number * 1000);
    return now + Math.round(number * 1000);
  }
  const date = Date.parse(value.trim());
  return Number.isNaN(date) ? undefined : date;
}

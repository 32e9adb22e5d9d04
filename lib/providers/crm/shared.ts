/**
 * Small helpers the three CRM clients share: the reasons their errors carry, JSON reading of error bodies, note
 * text → HTML, batching and clock arithmetic. Pure; no I/O.
 */

/**
 * `SidecarError.data.reason` values the CRM clients set:
 * - bad-key: `expired` (an access token's time ran out: refresh or reconnect), `revoked` (the token was revoked,
 *   rotated or never valid), `session-expired` (Salesforce: refresh, then retry once);
 * - forbidden: `missing-scope` (`scopes` lists them when known), `not-writable` (object or field read-only for this
 *   user; `field` names it when known), `account-not-open` (Pipedrive 402), `feature-disabled`, `api-disabled`;
 * - validation: the CRM's code for the field (`INVALID_EMAIL`, `REQUIRED_FIELD_MISSING`, …);
 * - duplicate: `alert` (Salesforce lets the user save anyway) or `block`;
 * - rate-limited: the limit that was hit (HubSpot `policyName`, `REQUEST_LIMIT_EXCEEDED`, `burst`, `daily-budget`,
 *   `cloudflare-block`).
 */
export type CrmErrorReason =
  | 'expired'
  | 'revoked'
  | 'session-expired'
  | 'missing-scope'
  | 'not-writable'
  | 'account-not-open'
  | 'feature-disabled'
  | 'api-disabled'
  | 'alert'
  | 'block';

/** Parsed JSON, or undefined when the text is not JSON. */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A short excerpt of vendor text for `detail`. */
export function joinDetail(parts: readonly (string | undefined | null)[]): string | undefined {
  const text = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('; ');
  return text === '' ? undefined : text.slice(0, 500);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text → the HTML a CRM note body takes: escaped, one paragraph per line. */
export function noteHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<p>${line.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)}</p>`)
    .join('');
}

/** `items` in slices of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Distinct defined values, first occurrence first. */
export function distinct<T>(values: readonly (T | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined))];
}

/** The next midnight (epoch ms) in a time zone `utcOffsetMs` east of UTC. */
export function nextMidnight(now: number, utcOffsetMs = 0): number {
  const day = 86_400_000;
  return Math.floor((now + utcOffsetMs) / day) * day + day - utcOffsetMs;
}

/** `value` trimmed, or undefined when blank. */
export const clean = (value: string | null | undefined): string | undefined => {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed ? trimmed : undefined;
};

/** An object without its undefined values. */
export function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/**
 * Saber's rate-limit headers (docs/providers.md §2.4): `X-Ratelimit-Limit`, `X-Ratelimit-Remaining` and
 * `X-Ratelimit-Reset` (a Unix timestamp in seconds). `Headers` lower-cases names, so every lookup is
 * case-insensitive (`X-RateLimit-Reset`, `x-ratelimit-reset` and `X-RATELIMIT-RESET` are the same header).
 */
import type { RateWindow } from '../../domain/credits';
import { parseCount, parseResetValue } from '../shared-rate-limit';

export { parseResetValue };

/**
 * The window `X-Ratelimit-*` describe; `{}` when the response carried none. No `used`: Saber's limit is per minute
 * while `remaining` counts what is left of the burst, so their difference means nothing. `now` (epoch ms) resolves
 * relative resets.
 */
export function parseRateLimitHeaders(headers: Headers, now: number = Date.now()): RateWindow {
  const window: RateWindow = {};
  const limit = parseCount(headers.get('x-ratelimit-limit'));
  const remaining = parseCount(headers.get('x-ratelimit-remaining'));
  const reset = parseResetValue(headers.get('x-ratelimit-reset'), now);
  if (limit !== undefined) window.limit = limit;
  if (remaining !== undefined) window.remaining = remaining;
  if (reset !== undefined) window.resetsAt = new Date(reset).toISOString();
  return window;
}

/** When no source says when to retry: the CLI's own default wait (60 s), since Saber's write window is a minute. */
export const DEFAULT_RETRY_MS = 60_000;

/**
 * `retryAt` (epoch ms) for a 429, from the first of: the body's `retryAfter` (seconds), a `Retry-After` header, the
 * `X-Ratelimit-Reset` time; else `now + 60 s`. Values not in the future are skipped.
 */
export function retryAtFor429(headers: Headers, now: number, retryAfterSeconds?: number): number {
  const candidates: (number | undefined)[] = [
    retryAfterSeconds !== undefined && retryAfterSeconds >= 0 ? now + Math.round(retryAfterSeconds * 1000) : undefined,
    parseRetryAfterHeader(headers.get('retry-after'), now),
    parseResetValue(headers.get('x-ratelimit-reset'), now),
  ];
  return candidates.find((at): at is number => at !== undefined && at > now) ?? now + DEFAULT_RETRY_MS;
}

/** `Retry-After` is delta-seconds or an HTTP date. */
function parseRetryAfterHeader(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const seconds = parseCount(value);
  if (seconds !== undefined) return now + Math.round(seconds * 1000);
  const date = Date.parse(value.trim());
  return Number.isNaN(date) ? undefined : date;
}

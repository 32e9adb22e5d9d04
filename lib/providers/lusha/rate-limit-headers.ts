/**
 * Lusha's rate-limit headers, in all three naming schemes found in its documents (docs/providers.md §1.4):
 *  1. V3 spec:  `x-rate-limit-{daily,hourly,minute}` (limit), `x-{…}-requests-left` (remaining), `x-{…}-usage` (used)
 *  2. IETF draft: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds), optional `RateLimit-Policy`
 *  3. NestJS throttler style: `X-RateLimit-{Limit,Remaining,Reset}-{day,daily,hour,minute,second…}`
 * `Headers` lower-cases names, so every lookup is case-insensitive.
 */
import type { RateWindow } from '../../domain/credits';
import { parseCount, parseResetValue } from '../shared-rate-limit';
import type { RateLimitSnapshot, RateWindowName } from './types';

export { parseResetValue };

type WindowKey = keyof RateLimitSnapshot;

const NAMED_WINDOWS: readonly RateWindowName[] = ['daily', 'hourly', 'minute', 'second']; // longest first

const WINDOW_ALIASES: Readonly<Record<string, RateWindowName>> = {
  second: 'second',
  sec: 'second',
  s: 'second',
  minute: 'minute',
  min: 'minute',
  m: 'minute',
  hour: 'hourly',
  hourly: 'hourly',
  h: 'hourly',
  day: 'daily',
  daily: 'daily',
  d: 'daily',
};

const POLICY_WINDOWS: Readonly<Record<number, RateWindowName>> = { 1: 'second', 60: 'minute', 3600: 'hourly', 86400: 'daily' };

function compact(window: RateWindow): RateWindow | undefined {
  const out: RateWindow = {};
  if (window.limit !== undefined) out.limit = window.limit;
  if (window.used !== undefined) out.used = window.used;
  if (window.remaining !== undefined) out.remaining = window.remaining;
  if (window.resetsAt !== undefined) out.resetsAt = window.resetsAt;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Fill the fields `target` lacks from `source` (earlier schemes win). */
function fill(snapshot: RateLimitSnapshot, key: WindowKey, source: RateWindow): void {
  const merged: RateWindow = { ...snapshot[key] };
  for (const field of ['limit', 'used', 'remaining', 'resetsAt'] as const) {
    if (merged[field] === undefined && source[field] !== undefined) {
      Object.assign(merged, { [field]: source[field] });
    }
  }
  const result = compact(merged);
  if (result) snapshot[key] = result;
}

function isoAt(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs).toISOString();
}

/** The window length `RateLimit-Policy: 100;w=60` declares, if it is one of Lusha's windows. */
function policyWindow(value: string | null): RateWindowName | undefined {
  const match = value?.match(/;\s*w\s*=\s*(\d+)/i);
  return match?.[1] === undefined ? undefined : POLICY_WINDOWS[Number(match[1])];
}

/**
 * Read every rate-limit window the response headers describe. `now` (epoch ms) turns relative reset times into
 * ISO `resetsAt` strings. Missing or unparsable headers are skipped; the result may be `{}`.
 */
export function parseRateLimitHeaders(headers: Headers, now: number = Date.now()): RateLimitSnapshot {
  const snapshot: RateLimitSnapshot = {};

  // 1. The V3 spec's own headers.
  for (const name of ['daily', 'hourly', 'minute'] as const) {
    fill(snapshot, name, {
      limit: parseCount(headers.get(`x-rate-limit-${name}`)),
      remaining: parseCount(headers.get(`x-${name}-requests-left`)),
      used: parseCount(headers.get(`x-${name}-usage`)),
    });
  }

  // 3. X-RateLimit-<Field>-<Window>, e.g. X-RateLimit-Remaining-Daily, X-RateLimit-Limit-day.
  headers.forEach((value, name) => {
    const match = /^x-ratelimit-(limit|remaining|reset|used)-([a-z]+)$/.exec(name.toLowerCase());
    const window = match?.[2] === undefined ? undefined : WINDOW_ALIASES[match[2]];
    if (!match || !window) return;
    switch (match[1]) {
      case 'reset':
        fill(snapshot, window, { resetsAt: isoAt(parseResetValue(value, now)) });
        break;
      case 'limit':
        fill(snapshot, window, { limit: parseCount(value) });
        break;
      case 'used':
        fill(snapshot, window, { used: parseCount(value) });
        break;
      default:
        fill(snapshot, window, { remaining: parseCount(value) });
    }
  });

  // 2. RateLimit-* (and the unsuffixed X-RateLimit-*): one window, named only if RateLimit-Policy says how long it is.
  const pick = (suffix: string) => headers.get(`ratelimit-${suffix}`) ?? headers.get(`x-ratelimit-${suffix}`);
  const general = {
    limit: parseCount(pick('limit')),
    remaining: parseCount(pick('remaining')),
    resetsAt: isoAt(parseResetValue(pick('reset'), now)),
  };
  fill(snapshot, policyWindow(pick('policy')) ?? 'general', general);

  return snapshot;
}

/** When a 429 may be retried, and which window ran out if the headers tell. */
export interface RetryInfo {
  retryAt: number;
  window?: RateWindowName;
}

const DEFAULT_RETRY_MS = 1000;

/**
 * Work out `retryAt` (epoch ms) for a 429, in this order: `Retry-After`; the latest reset among the windows with
 * 0 requests left; the `RateLimit-Reset` window; "Reset in N seconds" in the message; else `now + 1000`.
 * `window` is the longest named window with 0 requests left.
 */
export function retryInfoFor429(headers: Headers, now: number, vendorMessage?: string): RetryInfo {
  const snapshot = parseRateLimitHeaders(headers, now);
  const exhausted = NAMED_WINDOWS.filter((name) => snapshot[name]?.remaining === 0);
  const resetOf = (key: WindowKey): number | undefined => {
    const iso = snapshot[key]?.resetsAt;
    return iso === undefined ? undefined : Date.parse(iso);
  };

  const candidates: (number | undefined)[] = [
    parseResetValue(headers.get('retry-after'), now),
    maxDefined(exhausted.map(resetOf)),
    resetOf('general'),
    secondsInMessage(vendorMessage, now),
  ];
  const found = candidates.find((at): at is number => at !== undefined && at > now);
  const info: RetryInfo = { retryAt: found ?? now + DEFAULT_RETRY_MS };
  if (exhausted[0] !== undefined) info.window = exhausted[0];
  return info;
}

function maxDefined(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined && !Number.isNaN(v));
  return defined.length > 0 ? Math.max(...defined) : undefined;
}

/** V2-style "… Reset in 42 seconds". */
function secondsInMessage(message: string | undefined, now: number): number | undefined {
  const match = message?.match(/reset in (\d+) seconds?/i);
  return match?.[1] === undefined ? undefined : now + Number(match[1]) * 1000;
}

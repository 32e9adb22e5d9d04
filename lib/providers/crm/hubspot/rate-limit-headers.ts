/**
 * HubSpot's rate-limit headers (docs/crm.md §1.10): the burst window `X-HubSpot-RateLimit-Max`, `-Remaining`,
 * `-Interval-Milliseconds` (older: `-Secondly`, `-Secondly-Remaining`) and the daily `-Daily`, `-Daily-Remaining`.
 * All optional: search answers carry no burst headers (search is exempt from the ten-second limit).
 */
import type { CrmRateLimit } from '../../../domain/crm';
import { parseCount, parseResetValue } from '../../shared-rate-limit';
import { nextMidnight } from '../shared';

export function parseHubSpotRateLimit(headers: Headers): CrmRateLimit {
  const limit = parseCount(headers.get('x-hubspot-ratelimit-max')) ?? parseCount(headers.get('x-hubspot-ratelimit-secondly'));
  const remaining = parseCount(headers.get('x-hubspot-ratelimit-remaining')) ?? parseCount(headers.get('x-hubspot-ratelimit-secondly-remaining'));
  const intervalMs =
    parseCount(headers.get('x-hubspot-ratelimit-interval-milliseconds')) ?? (headers.has('x-hubspot-ratelimit-secondly') ? 1000 : undefined);
  const dailyLimit = parseCount(headers.get('x-hubspot-ratelimit-daily'));
  const dailyRemaining = parseCount(headers.get('x-hubspot-ratelimit-daily-remaining'));
  const out: CrmRateLimit = {};
  if (limit !== undefined) out.limit = limit;
  if (remaining !== undefined) out.remaining = remaining;
  if (intervalMs !== undefined) out.intervalMs = intervalMs;
  if (dailyLimit !== undefined) out.dailyLimit = dailyLimit;
  if (dailyRemaining !== undefined) out.dailyRemaining = dailyRemaining;
  if (dailyLimit !== undefined && dailyRemaining !== undefined) out.dailyUsed = Math.max(0, dailyLimit - dailyRemaining);
  return out;
}

/** The least HubSpot asks to wait after a burst 429 (docs/crm.md §1.10: back off ≥ 1 s). */
export const HUBSPOT_MIN_BACKOFF_MS = 1_000;

/**
 * When to try again after a 429: `DAILY` → the next midnight in the account's time zone (`utcOffsetMs`, from
 * account-info; UTC if unknown); otherwise `Retry-After`, else one second
 * (the caller adds jitter).
 */
export function hubspotRetryAt(policyName: string | undefined, headers: Headers, now: number, utcOffsetMs: number | undefined): number {
  if (policyName === 'DAILY') return nextMidnight(now, utcOffsetMs);
  const retryAfter = parseResetValue(headers.get('retry-after'), now);
  if (retryAfter !== undefined && retryAfter > now) return retryAfter;
  return now + HUBSPOT_MIN_BACKOFF_MS;
}

/**
 * Pipedrive's rate-limit headers (docs/crm.md §3.10): the per-token burst window `x-ratelimit-limit`,
 * `x-ratelimit-remaining`, `x-ratelimit-reset` (seconds until the 2-s window resets) and `x-daily-requests-left`
 * (POST/PUT requests left today for an API token). The daily token budget has no header.
 */
import type { CrmRateLimit } from '../../../domain/crm';
import { parseCount } from '../../shared-rate-limit';

export function parsePipedriveRateLimit(headers: Headers, now: number): CrmRateLimit {
  const out: CrmRateLimit = {};
  const limit = parseCount(headers.get('x-ratelimit-limit'));
  const remaining = parseCount(headers.get('x-ratelimit-remaining'));
  const reset = parseCount(headers.get('x-ratelimit-reset'));
  const daily = parseCount(headers.get('x-daily-requests-left'));
  if (limit !== undefined) {
    out.limit = limit;
    out.intervalMs = 2000;
  }
  if (remaining !== undefined) out.remaining = remaining;
  if (reset !== undefined) out.resetsAt = new Date(now + reset * 1000).toISOString();
  if (daily !== undefined) out.dailyRemaining = daily;
  return out;
}

/** How long Sidecar waits after Cloudflare's block page: the block is Cloudflare's, and it names no time. */
export const PIPEDRIVE_CLOUDFLARE_WAIT_MS = 60_000;

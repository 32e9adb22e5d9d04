/** Retry policy: which failures retry, and how long to wait. */
import type { SidecarErrorData } from '../domain/errors';

export const RATE_LIMIT_BASE_MS = 1_000;
export const RATE_LIMIT_CAP_MS = 60_000;
export const MAX_TRANSIENT_RETRIES = 3;

/** 429: from 1 s doubling to 60 s with jitter, and never before the provider's own reset time. */
export function rateLimitDelay(attempt: number, retryAt: number | undefined, now: number, random: () => number): number {
  const exponential = Math.min(RATE_LIMIT_CAP_MS, RATE_LIMIT_BASE_MS * 2 ** attempt);
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.max(jittered, retryAt !== undefined ? retryAt - now : 0);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/** What to do after a failed attempt (`attempt` counts from 0 for the first try). */
export function decideRetry(error: SidecarErrorData, attempt: number, now: number, random: () => number): RetryDecision {
  switch (error.kind) {
    case 'rate-limited':
      return { retry: true, delayMs: rateLimitDelay(attempt, error.retryAt, now, random) };
    case 'server':
    case 'timeout':
    case 'network':
      if (attempt >= MAX_TRANSIENT_RETRIES) return { retry: false };
      return { retry: true, delayMs: RATE_LIMIT_BASE_MS * 2 ** attempt * (0.5 + random() / 2) };
    default:
      return { retry: false };
  }
}

/**
 * Failures that stop all work with a provider until the user acts (a new key, more credits, an account reactivated):
 * what is queued is refused with the same answer, and nothing is sent until the user resumes (which checks the
 * account first). A plan that lacks one feature (company signals, say) refuses that call only: it must not stop lookups.
 */
export function pausesProvider(error: SidecarErrorData): boolean {
  if (error.kind === 'forbidden') return error.reason !== 'plan-lacks-feature';
  return error.kind === 'bad-key' || error.kind === 'missing-key' || error.kind === 'out-of-credits';
}

/** Refusals that would refuse the rest of a bulk job too: the job stops there (nothing more of it is sent). */
export function stopsJob(error: SidecarErrorData): boolean {
  return pausesProvider(error) || error.kind === 'out-of-credits';
}

/**
 * Failures after which a call that left may still have been handled, and charged: its answer was lost (timeout,
 * dropped connection), the provider failed after the work (5xx), or its answer could not be read and did not say
 * what it cost.
 */
export function answerWasLost(error: SidecarErrorData): boolean {
  if (error.kind === 'unexpected-response') return error.charged === undefined;
  return error.kind === 'server' || error.kind === 'timeout' || error.kind === 'network';
}

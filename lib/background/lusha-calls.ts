/** What every Lusha operation shares: its client, the lanes its calls count in, and how a lost answer is found out. */
import type { Findings, Intent, QuotaReport } from '../engine/types';
import type { LushaV3Client, RateLimitSnapshot } from '../providers/lusha';

/** Lusha's data endpoints: 25 requests a second per account, plus the plan's minute / hour / day quotas. */
export const LUSHA_LANE = 'lusha';
/** Lusha's account usage: free, 5 requests a minute. */
export const LUSHA_USAGE_LANE = 'lusha-usage';

export interface LushaOperationDeps {
  /** The client for the stored key (throws `missing-key` without one). */
  client(): Promise<LushaV3Client>;
  /** Finds out what lost answers were charged, from Lusha's own count (credits/reconcile.ts). */
  investigate(intents: Intent[]): Promise<Findings<never>>;
  now(): number;
  /** Waits (for a job's `retryAfter`); aborted with the call. Tests make it instant. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The quota windows a Lusha answer reported, as the engine learns them. */
export function quotasOf(rateLimits: RateLimitSnapshot): QuotaReport {
  const report: QuotaReport = {};
  for (const window of ['minute', 'hourly', 'daily'] as const) {
    const info = rateLimits[window];
    if (!info) continue;
    const resetsAt = info.resetsAt ? Date.parse(info.resetsAt) : undefined;
    report[window] = { remaining: info.remaining, resetsAt: resetsAt !== undefined && Number.isFinite(resetsAt) ? resetsAt : undefined };
  }
  return report;
}

/**
 * Salesforce's limit header (docs/crm.md §2.10): `Sforce-Limit-Info: api-usage=18/5000` on every REST answer (plus
 * `per-app-api-usage=…` where app quotas exist). The org's allocation is a rolling 24 h, not a burst window.
 */
import type { CrmRateLimit } from '../../../domain/crm';

export function parseSalesforceLimitInfo(headers: Headers): CrmRateLimit {
  const match = /api-usage=(\d+)\/(\d+)/i.exec(headers.get('sforce-limit-info') ?? '');
  if (!match) return {};
  const used = Number(match[1]);
  const limit = Number(match[2]);
  return { dailyLimit: limit, dailyUsed: used, dailyRemaining: Math.max(0, limit - used) };
}

/**
 * After 403 REQUEST_LIMIT_EXCEEDED Salesforce says nothing about when (no Retry-After): the allocation is a rolling
 * 24 h, so capacity returns gradually. Sidecar waits an hour before trying again (its own choice).
 */
export const SALESFORCE_LIMIT_RETRY_MS = 3_600_000;

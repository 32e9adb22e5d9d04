/**
 * Lusha V3 provider: a typed client for contacts search, contacts enrich and account usage, returning Sidecar's
 * domain types. Background-only (it holds the API key).
 */
export { createLushaClient } from './client';
export { parseRateLimitHeaders } from './rate-limit-headers';
export type { LushaForbiddenReason } from './errors';
export {
  LUSHA_MAX_BATCH,
  type ContactEnrichOutcome,
  type ContactSearchOutcome,
  type LushaCallInit,
  type LushaSearchInit,
  type LushaCallResult,
  type LushaClient,
  type LushaClientOptions,
  type LushaSearchItem,
  type RateLimitSnapshot,
  type RateWindowName,
} from './types';
